package at.ozeanlicht.support.core.sla;

import at.ozeanlicht.support.core.api.ValidationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses SLA target durations: ISO-8601 ({@code PT4H}, {@code PT1H30M}, {@code P1D}) or short ({@code 15m}, {@code 4h}, {@code 1h30m}, {@code 2d}, {@code 90s}). */
public final class SlaDurations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

  private SlaDurations() {}

  /**
   * The duration {@code text} names, not negative.
   *
   * @throws ValidationException naming {@code field} and the bad value
   */
  public static Duration parse(String field, String text) {
    String t = text.strip();
    String expected = ", expected a duration such as 15m, 4h, 1h30m, 2d or ISO-8601 PT4H, was '" + text + "'";
    if (t.isEmpty()) {
      throw ValidationException.of(field, "must not be empty" + expected);
    }
    Duration d;
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw ValidationException.of(field, "must be a duration" + expected);
      }
    } else {
      Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw ValidationException.of(field, "must be a duration" + expected);
      }
      d = Duration.ZERO;
      d = d.plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3)).plusSeconds(group(m, 4));
    }
    if (d.isNegative()) {
      throw ValidationException.of(field, "must not be negative" + expected);
    }
    if (d.compareTo(Duration.ofDays(3650)) > 0) {
      throw ValidationException.of(field, "must be at most 3650 days" + expected);
    }
    return d;
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }

  /** Short form, e.g. {@code 1h30m}, {@code 15m}, {@code 0s}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    StringBuilder sb = new StringBuilder();
    if (s >= 86_400 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s / 3600 > 0) {
      sb.append(s / 3600).append('h');
    }
    if (s % 3600 / 60 > 0) {
      sb.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0 || sb.length() == 0) {
      sb.append(s % 60).append('s');
    }
    return sb.toString();
  }
}
