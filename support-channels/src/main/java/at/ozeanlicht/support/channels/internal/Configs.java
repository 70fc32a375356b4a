package at.ozeanlicht.support.channels.internal;

import java.net.URI;
import java.util.Objects;

/** Checks for configuration records, with messages that name the field and the bad value. */
public final class Configs {
  private Configs() {}

  /** Non-null, non-blank text. */
  public static String text(String value, String field) {
    if (Objects.requireNonNull(value, field).isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
    return value;
  }

  /** A secret reference {@code env:NAME} or {@code file:PATH}; the value is never shown. */
  public static String secretReference(String value, String field) {
    text(value, field);
    if (!(value.startsWith("env:") && value.length() > 4)
        && !(value.startsWith("file:") && value.length() > 5)) {
      throw new IllegalArgumentException(field + ": must be a secret reference env:NAME or"
          + " file:PATH, was a value of " + value.length() + " characters (not shown)");
    }
    return value;
  }

  /** An absolute http(s) URL without a trailing slash. */
  public static String baseUrl(String value, String field) {
    text(value, field);
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": must be an http(s) URL, was '" + value + "'");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(field + ": must be an http(s) URL, was '" + value + "'");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
