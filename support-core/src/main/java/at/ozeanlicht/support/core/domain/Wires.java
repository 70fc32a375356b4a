package at.ozeanlicht.support.core.domain;

import at.ozeanlicht.support.core.api.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Parses wire names into enum constants with error messages that name the field. */
public final class Wires {
  private Wires() {}

  /**
   * Parses {@code value} as a constant of {@code type} by its wire name, case-insensitively.
   *
   * @throws ValidationException naming {@code field}, the bad value and the allowed values
   */
  public static <E extends Enum<E> & Wire> E parse(Class<E> type, String field, @Nullable String value) {
    if (value != null) {
      String wanted = value.trim().toLowerCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.wire().equals(wanted)) {
          return e;
        }
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(Wire::wire).collect(Collectors.joining(", "));
    throw ValidationException.of(
        field, "must be one of " + allowed + ", was " + (value == null ? "missing" : "'" + value + "'"));
  }
}
