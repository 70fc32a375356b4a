package at.ozeanlicht.support.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One knowledge-base article: a Markdown file with front matter in a workspace's {@code kb/}
 * directory (see {@code at.ozeanlicht.support.core.workspace.KbLoader}).
 *
 * @param id stable id, the file name without {@code .md} (lower case, digits, {@code -}); unique
 *     per knowledge base
 * @param title title shown to customers
 * @param category a category such as {@code access}, {@code technical}, {@code payment}
 * @param language ISO 639-1 code, e.g. {@code de} or {@code en}
 * @param tags search tags; may be empty
 * @param body the Markdown body (without front matter)
 */
public record KbArticle(
    String id, String title, String category, String language, List<String> tags, String body) {
  /** Allowed article ids. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

  /** Checks nulls and the id and language formats; copies the tags. */
  public KbArticle {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(body, "body");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id: must match " + ID + ", was '" + id + "'");
    }
    if (!language.matches("[a-z]{2}")) {
      throw new IllegalArgumentException("language: must be an ISO 639-1 code, was '" + language + "'");
    }
    tags = List.copyOf(tags);
  }
}
