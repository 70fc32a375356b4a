package at.ozeanlicht.support.core.macros;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A canned response: a reply text an agent sends with a slash shortcut, in several languages.
 * Texts are Pebble templates ({@code Hallo {{ contact.firstName | default('du') }}}) checked
 * against the known variables when the workspace is loaded.
 *
 * @param shortcut the slash shortcut, e.g. {@code /greeting}
 * @param title a short human title
 * @param texts the template per language (ISO 639-1), in the order written; never empty
 */
public record CannedResponse(String shortcut, String title, Map<String, String> texts) {
  /** Checks for nulls; copies the texts, keeping their order. */
  public CannedResponse {
    Objects.requireNonNull(shortcut, "shortcut");
    Objects.requireNonNull(title, "title");
    if (!shortcut.startsWith("/")) {
      throw new IllegalArgumentException("shortcut: must start with '/', was '" + shortcut + "'");
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("texts: must hold at least one language");
    }
    texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(texts));
  }

  /**
   * The template in {@code language}, else in {@code fallback}, else the first one written.
   *
   * @return the language chosen and its template
   */
  public Map.Entry<String, String> text(String language, String fallback) {
    for (String lang : new String[] {language, fallback}) {
      String t = texts.get(lang);
      if (t != null) {
        return Map.entry(lang, t);
      }
    }
    return texts.entrySet().iterator().next();
  }

  /** The template in exactly this language, if there is one. */
  public Optional<String> textIn(String language) {
    return Optional.ofNullable(texts.get(language));
  }
}
