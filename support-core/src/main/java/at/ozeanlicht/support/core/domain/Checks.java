package at.ozeanlicht.support.core.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the domain records; programmer errors, hence JDK exceptions. */
final class Checks {
  private Checks() {}

  static String text(@Nullable String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
    return value;
  }

  static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + ": must be at least " + min + ", was " + value);
    }
    return value;
  }
}
