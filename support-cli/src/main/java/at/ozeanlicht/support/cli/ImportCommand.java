package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.imports.ContactCsvReader;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support import conversations FILE.jsonl}, {@code support import contacts FILE.csv}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import data from other systems.",
    subcommands = {ImportCommand.Conversations.class, ImportCommand.Contacts.class})
final class ImportCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "conversations", mixinStandardHelpOptions = true,
      description = {
        "Import conversations from a JSON Lines file (one conversation per line).",
        "Every line is checked first; without --skip-invalid nothing is imported if any line is bad.",
        "Importing is idempotent by externalId: a conversation imported before stays unchanged."
      })
  static final class Conversations implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .jsonl file.")
    Path file;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory "
            + "if it has a workspace.yaml.")
    Path workspace;

    @Option(names = "--skip-invalid",
        description = "Import the valid lines and report the bad ones (exit 2 if any were skipped).")
    boolean skipInvalid;

    @Override
    public Integer call() {
      SupportCommand root = parent.root;
      Path input = existing(root, file, spec);
      Path dir = Workspaces.resolve(workspace, root.env(), spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      try (SupportEngine engine = root.engine(ws)) {
        return run(engine, () -> Files.newInputStream(input), skipInvalid, root.env(),
            spec.commandLine().getOut(), spec.commandLine().getErr());
      }
    }
  }

  @Command(name = "contacts", mixinStandardHelpOptions = true,
      description = {
        "Import contacts from a CSV file with a header row: channel, externalId (required), name, email,",
        "phone, language, vip. Every row is checked first; if any is bad, every problem is listed with",
        "its line and column and nothing is imported. A contact known by the channel id is updated."
      })
  static final class Contacts implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .csv file (UTF-8).")
    Path file;

    @Override
    public Integer call() throws java.io.IOException {
      Path input = existing(parent.root, file, spec);
      ContactCsvReader.Result read;
      try (var in = Files.newInputStream(input)) {
        read = ContactCsvReader.read(in);
      }
      PrintWriter err = spec.commandLine().getErr();
      if (!read.problems().isEmpty()) {
        read.problems().forEach(p -> err.println("error: " + p));
        err.println("error: " + read.problems().size() + " problems; nothing imported");
        err.flush();
        return Errors.USAGE;
      }
      try (SupportEngine engine = parent.root.engine(null)) {
        java.util.Map<String, Integer> counts = engine.personalData().importContacts(read.contacts());
        spec.commandLine().getOut().println("imported " + read.contacts().size() + " rows: "
            + counts.get("created") + " contacts created, " + counts.get("updated") + " updated");
        spec.commandLine().getOut().flush();
      }
      return Errors.OK;
    }
  }

  /** The FILE parameter resolved against the working directory; a usage error if it is no file. */
  static Path existing(SupportCommand root, Path file, CommandSpec spec) {
    Path input = root.env().workingDir().resolve(file);
    if (!Files.isRegularFile(input)) {
      throw new ParameterException(spec.commandLine(), "FILE: no such file '" + file + "'");
    }
    return input;
  }

  /** Both passes with their reporting; shared with {@code support demo}. */
  static int run(SupportEngine engine, Importer.Source source, boolean skipInvalid,
      Environment env, PrintWriter out, PrintWriter err) {
    Importer importer = new Importer(engine, source);
    Importer.Check check = importer.check();
    for (FieldProblem p : check.problems()) {
      err.println("error: " + p);
    }
    if (check.invalidLines() > 0 && !skipInvalid) {
      err.println("error: " + check.invalidLines() + " of " + check.lines()
          + " lines invalid; nothing imported (--skip-invalid imports the valid lines)");
      err.flush();
      return Errors.USAGE;
    }
    err.flush();
    Importer.Result result = importer.importValid(check, Importer.progress(env));
    // The import leaves the message search vectors to the backfill (V20): fill them now, timed
    // apart from the import's rates, so the history is searchable when the command returns.
    long b0 = System.nanoTime();
    long indexed = engine.backfillSearch(Long.MAX_VALUE);
    if (indexed > 0) {
      out.println(String.format(java.util.Locale.ROOT, "search: indexed %d message%s in %.1f s",
          indexed, indexed == 1 ? "" : "s", (System.nanoTime() - b0) / 1e9));
    }
    out.println(result.summary()); // the documented last line
    out.flush();
    return result.skipped() > 0 ? Errors.USAGE : Errors.OK;
  }
}
