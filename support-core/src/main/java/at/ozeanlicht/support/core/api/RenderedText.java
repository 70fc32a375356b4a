package at.ozeanlicht.support.core.api;

import java.util.Objects;

/**
 * A rendered canned response or note, not yet sent.
 *
 * @param action what it belongs to: {@code send /greeting} or {@code note}
 * @param language the language rendered (ISO 639-1)
 * @param text the text
 */
public record RenderedText(String action, String language, String text) {
  /** Checks for nulls. */
  public RenderedText {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(text, "text");
  }
}
