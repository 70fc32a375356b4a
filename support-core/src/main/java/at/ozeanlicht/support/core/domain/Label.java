package at.ozeanlicht.support.core.domain;

/**
 * A label that can be put on conversations.
 *
 * @param name the label, lower-case, e.g. {@code billing}
 * @param description what it means; may be empty
 */
public record Label(String name, String description) {
  /** Checks for nulls and blanks. */
  public Label {
    Checks.text(name, "name");
    java.util.Objects.requireNonNull(description, "description");
  }
}
