package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.spi.KbArticle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads knowledge-base articles: Markdown files ({@code *.md}, UTF-8) in a directory and its
 * subdirectories, each starting with front matter between {@code ---} lines:
 *
 * <pre>
 * ---
 * title: Passwort zurücksetzen
 * category: access
 * language: de
 * tags: [passwort, login, anmelden]
 * ---
 * Markdown body …
 * </pre>
 *
 * <p>{@code title}, {@code category} and {@code language} (two lower-case letters) are required,
 * {@code tags} is optional (a {@code [a, b]} list or comma-separated); values may be quoted; other
 * keys are problems. The article id is the file name without {@code .md} and must match {@link
 * KbArticle#ID}; ids are unique across subdirectories. The body must not be blank. Every problem of
 * every file is reported at once, with the file (relative to the directory) as source.
 *
 * <p>Stateless and thread-safe.
 */
public final class KbLoader {
  /** The knowledge-base directory inside a workspace. */
  public static final String KB_DIR = "kb";

  private static final List<String> KEYS = List.of("title", "category", "language", "tags");

  private KbLoader() {}

  /**
   * The articles of a workspace: those in {@code workspaceDir/kb}, none when there is no such
   * directory.
   *
   * @throws ValidationException listing every problem of every article
   */
  public static List<KbArticle> loadWorkspace(Path workspaceDir) {
    Objects.requireNonNull(workspaceDir, "workspaceDir");
    Path kb = workspaceDir.resolve(KB_DIR);
    return Files.isDirectory(kb) ? load(kb) : List.of();
  }

  /**
   * The articles in {@code dir} and its subdirectories, sorted by id.
   *
   * @throws ValidationException listing every problem of every article, also when {@code dir} is
   *     not a directory
   */
  public static List<KbArticle> load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new ValidationException(List.of(
          new FieldProblem(dir.toString(), dir.toString(), "not a directory")));
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
          .sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ValidationException(List.of(
          new FieldProblem(dir.toString(), dir.toString(), "cannot be listed: " + e.getMessage())));
    }
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<KbArticle> out = new ArrayList<>();
    for (Path file : files) {
      String source = dir.relativize(file).toString().replace('\\', '/');
      String name = file.getFileName().toString();
      String id = name.substring(0, name.length() - 3);
      Problems p = new Problems(source);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (CharacterCodingException e) {
        p.add("", "must be UTF-8 text, but is not");
        problems.addAll(p.list());
        continue;
      } catch (IOException e) {
        p.add("", "cannot be read: " + e.getMessage());
        problems.addAll(p.list());
        continue;
      }
      KbArticle a = parse(id, text, p);
      String other = seen.putIfAbsent(id, source);
      if (other != null) {
        p.add("id", "duplicate article id '" + id + "', also in " + other);
      }
      problems.addAll(p.list());
      if (a != null && other == null) {
        out.add(a);
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    out.sort(java.util.Comparator.comparing(KbArticle::id));
    return List.copyOf(out);
  }

  /**
   * Parses one article.
   *
   * @param source names the input in problems, e.g. the file name
   * @param id the article id
   * @param text the whole file
   * @throws ValidationException listing every problem
   */
  public static KbArticle parse(String source, String id, String text) {
    Problems p = new Problems(source);
    KbArticle a = parse(id, text, p);
    p.throwIfAny();
    return Objects.requireNonNull(a);
  }

  private static @Nullable KbArticle parse(String id, String text, Problems p) {
    if (!KbArticle.ID.matcher(id).matches()) {
      p.add("id", "file name must be lower-case letters, digits and '-' (" + KbArticle.ID
          + ") followed by .md, was '" + id + ".md'");
    }
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> lines = t.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      p.add("", "must start with front matter: a line '---', then title, category, language, tags,"
          + " then '---'");
      return null;
    }
    int end = -1;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("---")) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      p.add("", "front matter is not closed by a line '---'");
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < end; i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        p.add("line " + (i + 1), "must be 'key: value', was '" + line.strip() + "'");
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = unquote(line.substring(colon + 1).strip());
      if (!KEYS.contains(key)) {
        p.add(key, "unknown key; expected one of " + String.join(", ", KEYS));
      } else if (fields.putIfAbsent(key, value) != null) {
        p.add(key, "given twice");
      }
    }
    String title = required(fields, "title", p);
    String category = required(fields, "category", p);
    String language = required(fields, "language", p);
    if (language != null && !language.matches("[a-z]{2}")) {
      p.add("language", "must be an ISO 639-1 code such as de or en, was '" + language + "'");
    }
    if (category != null && !category.matches("[a-z][a-z0-9-]*")) {
      p.add("category", "must be lower-case letters, digits and '-', was '" + category + "'");
    }
    List<String> tags = tags(fields.getOrDefault("tags", ""));
    String body = String.join("\n", lines.subList(end + 1, lines.size())).strip();
    if (body.isEmpty()) {
      p.add("body", "must not be blank");
    }
    if (!p.isEmpty()) {
      return null;
    }
    return new KbArticle(id, Objects.requireNonNull(title), Objects.requireNonNull(category),
        Objects.requireNonNull(language), tags, body);
  }

  private static @Nullable String required(Map<String, String> fields, String key, Problems p) {
    String v = fields.get(key);
    if (v == null || v.isBlank()) {
      p.add(key, "required");
      return null;
    }
    return v;
  }

  private static List<String> tags(String raw) {
    String s = raw.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      String tag = unquote(part.strip()).toLowerCase(Locale.ROOT);
      if (!tag.isEmpty() && !out.contains(tag)) {
        out.add(tag);
      }
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && ((s.startsWith("\"") && s.endsWith("\""))
        || (s.startsWith("'") && s.endsWith("'")))) {
      return s.substring(1, s.length() - 1).strip();
    }
    return s;
  }
}
