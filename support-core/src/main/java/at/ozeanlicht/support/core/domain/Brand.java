package at.ozeanlicht.support.core.domain;

/**
 * A brand that inboxes belong to (Ozean Licht, Kids Ascension).
 *
 * @param id stable key, e.g. {@code ozean-licht}
 * @param name display name
 * @param language default language (ISO 639-1) of this brand's customers
 */
public record Brand(String id, String name, String language) {
  /** Checks for nulls and blanks. */
  public Brand {
    Checks.text(id, "id");
    Checks.text(name, "name");
    Checks.text(language, "language");
  }
}
