package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.workspace.KbLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support kb search QUERY} and {@code support kb import DIR}: offline, no database. */
@Command(name = "kb", mixinStandardHelpOptions = true,
    description = "Knowledge base: search the workspace's articles, import articles into it.",
    subcommands = {KbCommand.Search.class, KbCommand.Import.class})
final class KbCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Searches the articles in the workspace's kb/ directory (Lucene BM25, German and "
          + "English analyzers; articles in other languages fill up as fallback hits).")
  static final class Search implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand KbCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "What the customer asks.")
    String query;

    @Option(names = "--lang", paramLabel = "CODE", description = "Preferred language, e.g. de or en; "
        + "default: all languages.")
    @Nullable String lang;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5", description = "1 to 100; default 5.")
    int limit;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      if (lang != null && !lang.matches("[a-z]{2}")) {
        throw new ParameterException(spec.commandLine(),
            "--lang: must be an ISO 639-1 code such as de or en, was '" + lang + "'");
      }
      if (limit < 1 || limit > 100) {
        throw new ParameterException(spec.commandLine(), "--limit: must be between 1 and 100, was " + limit);
      }
      Path dir = Workspaces.resolve(workspace, parent.root.env(), spec.commandLine());
      List<KbHit> hits = LuceneKnowledgeBase.fromWorkspace(dir).search(query, lang, limit);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (KbHit h : hits) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("id", h.articleId());
          o.put("title", h.title());
          o.put("language", h.language());
          o.put("category", h.category());
          o.put("score", Math.round(h.score() * 1000) / 1000.0);
          o.put("fallback", h.fallback());
          list.add(o);
        }
        out.println(JSON.writeValueAsString(list));
        return 0;
      }
      if (hits.isEmpty()) {
        out.println("no articles found");
        return 0;
      }
      int rank = 1;
      for (KbHit h : hits) {
        out.printf(Locale.ROOT, "%d. %s  %s  (%s, %s, score %.2f%s)%n", rank++, h.articleId(),
            h.title(), h.language(), h.category(), h.score(), h.fallback() ? ", fallback" : "");
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
          "Validates every *.md article under DIR (front matter title, category, language, tags; "
              + "id = file name) and copies them into the workspace's kb/ directory.",
          "All-or-nothing: if any article is invalid, every problem is printed and nothing is "
              + "written (exit 2). An article whose id already exists in the workspace replaces "
              + "that file; a new one is written to kb/LANGUAGE/ID.md. Nothing is deleted. The "
              + "resulting knowledge base is indexed once as a check; engines and 'kb search' "
              + "index kb/ in memory when they start."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:imported (or nothing to do)", "2:usage or validation error"})
  static final class Import implements Callable<Integer> {
    @ParentCommand KbCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory with articles (searched recursively).")
    Path source;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Option(names = "--dry-run", description = "Validate and report only; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
      Environment env = parent.root.env();
      Path from = env.workingDir().resolve(source);
      if (!Files.isDirectory(from)) {
        throw new ParameterException(spec.commandLine(), "DIR: no such directory '" + source + "'");
      }
      Path ws = Workspaces.resolve(workspace, env, spec.commandLine());
      List<KbArticle> incoming = KbLoader.load(from);
      Path kb = ws.resolve(KbLoader.KB_DIR);
      Map<String, Path> existing = existingFiles(kb);
      KbLoader.loadWorkspace(ws); // the workspace's own articles must be valid too
      Map<String, Path> sourceFiles = existingFiles(from);
      int added = 0;
      int updated = 0;
      int unchanged = 0;
      for (KbArticle a : incoming) {
        Path src = sourceFiles.get(a.id());
        Path target = existing.getOrDefault(a.id(), kb.resolve(a.language()).resolve(a.id() + ".md"));
        byte[] bytes = Files.readAllBytes(src);
        if (!existing.containsKey(a.id())) {
          added++;
        } else if (java.util.Arrays.equals(bytes, Files.readAllBytes(target))) {
          unchanged++;
          continue;
        } else {
          updated++;
        }
        if (!dryRun) {
          Files.createDirectories(target.getParent());
          Path tmp = Files.createTempFile(target.getParent(), ".import-", ".tmp");
          Files.write(tmp, bytes);
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      int total = dryRun ? existing.size() + added : LuceneKnowledgeBase.fromWorkspace(ws).size();
      out.printf("%s %d articles: %d added, %d updated, %d unchanged; the knowledge base %s %d articles%n",
          dryRun ? "would import" : "imported", incoming.size(), added, updated, unchanged,
          dryRun ? "would have" : "now has", total);
      return 0;
    }

    /** Article id to file, for a valid directory (ids are unique there). */
    private static Map<String, Path> existingFiles(Path dir) throws IOException {
      Map<String, Path> out = new HashMap<>();
      if (!Files.isDirectory(dir)) {
        return out;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
            .forEach(p -> {
              String name = p.getFileName().toString();
              out.putIfAbsent(name.substring(0, name.length() - 3), p);
            });
      }
      return out;
    }
  }
}
