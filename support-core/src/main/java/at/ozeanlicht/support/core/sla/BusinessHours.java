package at.ozeanlicht.support.core.sla;

import at.ozeanlicht.support.core.api.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weekly opening hours: for each day of the week a list of intervals in local time, or the single
 * word {@code 24/7}.
 *
 * <p>Syntax: entries separated by {@code ;}, each {@code DAYS HH:MM-HH:MM[,HH:MM-HH:MM…]}, where
 * {@code DAYS} is a day ({@code mon} … {@code sun}) or a range ({@code mon-fri}; a range may wrap
 * around the week, {@code fri-mon}). {@code 24:00} is allowed as an end. Example: {@code mon-fri
 * 09:00-12:00,13:00-18:00; sat 10:00-14:00}. Days not named are closed. A day named in several
 * entries gets the union of their intervals, which must not overlap; touching intervals are
 * merged. Case and extra spaces do not matter.
 *
 * <p>Immutable and thread-safe.
 */
public final class BusinessHours {
  static final int DAY = 86_400;
  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final Pattern ENTRY = Pattern.compile("(\\S+)\\s+(.+)");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final BusinessHours ALWAYS = new BusinessHours(true, alwaysDays());

  private final boolean always;
  /** Per day (0 = Monday) the sorted, disjoint intervals as [start, end, start, end…] seconds of day. */
  private final int[][] days;

  private BusinessHours(boolean always, int[][] days) {
    this.always = always;
    this.days = days;
  }

  private static int[][] alwaysDays() {
    int[][] d = new int[7][];
    Arrays.fill(d, new int[] {0, DAY});
    return d;
  }

  /** Open around the clock: deadlines are plain elapsed time. */
  public static BusinessHours alwaysOpen() {
    return ALWAYS;
  }

  /**
   * Parses the hours syntax described on this class.
   *
   * @throws ValidationException with field {@code hours}, naming the bad part and what was expected
   */
  public static BusinessHours parse(String spec) {
    return parse("hours", spec);
  }

  static BusinessHours parse(String field, String spec) {
    Objects.requireNonNull(spec, field);
    String text = spec.strip().toLowerCase(Locale.ROOT);
    if (text.isEmpty()) {
      throw ValidationException.of(field, "must not be empty, expected e.g. 'mon-fri 09:00-18:00' or '24/7'");
    }
    if (text.equals("24/7")) {
      return ALWAYS;
    }
    List<List<int[]>> perDay = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      perDay.add(new ArrayList<>());
    }
    String[] entries = text.split(";", -1);
    for (int n = 0; n < entries.length; n++) {
      String entry = entries[n].strip();
      if (entry.isEmpty()) {
        if (n == entries.length - 1 && n > 0) {
          continue; // a trailing ';' is harmless
        }
        throw ValidationException.of(field, "entry " + (n + 1) + " is empty in '" + spec
            + "', expected 'DAYS HH:MM-HH:MM' entries separated by ';'");
      }
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw ValidationException.of(field, "entry '" + entry
            + "' must be 'DAYS HH:MM-HH:MM[,HH:MM-HH:MM…]', e.g. 'mon-fri 09:00-18:00'");
      }
      int[] days = days(field, entry, m.group(1));
      int[] intervals = intervals(field, entry, m.group(2));
      for (int d : days) {
        for (int i = 0; i < intervals.length; i += 2) {
          perDay.get(d).add(new int[] {intervals[i], intervals[i + 1]});
        }
      }
    }
    int[][] days = new int[7][];
    for (int d = 0; d < 7; d++) {
      days[d] = merge(field, DAYS[d], perDay.get(d));
    }
    return new BusinessHours(false, days);
  }

  /**
   * Parses the intervals of one day, {@code HH:MM-HH:MM[,HH:MM-HH:MM…]}, or {@code closed}, into
   * [start, end…] seconds of day (used for special days).
   */
  static int[] parseDay(String field, String spec) {
    String text = spec.strip().toLowerCase(Locale.ROOT);
    if (text.equals("closed")) {
      return new int[0];
    }
    int[] raw = intervals(field, text, text);
    List<int[]> list = new ArrayList<>();
    for (int i = 0; i < raw.length; i += 2) {
      list.add(new int[] {raw[i], raw[i + 1]});
    }
    return merge(field, "the day", list);
  }

  private static int[] days(String field, String entry, String text) {
    int dash = text.indexOf('-');
    if (dash < 0) {
      return new int[] {day(field, entry, text)};
    }
    int from = day(field, entry, text.substring(0, dash));
    int to = day(field, entry, text.substring(dash + 1));
    int count = Math.floorMod(to - from, 7) + 1;
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = (from + i) % 7;
    }
    return out;
  }

  private static int day(String field, String entry, String text) {
    for (int i = 0; i < 7; i++) {
      if (DAYS[i].equals(text)) {
        return i;
      }
    }
    throw ValidationException.of(field, "day '" + text + "' in entry '" + entry
        + "' must be one of mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri");
  }

  private static int[] intervals(String field, String entry, String text) {
    String[] parts = text.split(",", -1);
    int[] out = new int[parts.length * 2];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      int dash = part.indexOf('-');
      if (dash < 0) {
        throw ValidationException.of(field, "interval '" + part + "' in entry '" + entry
            + "' must be HH:MM-HH:MM, e.g. 09:00-18:00");
      }
      int start = time(field, entry, part.substring(0, dash).strip(), false);
      int end = time(field, entry, part.substring(dash + 1).strip(), true);
      if (end <= start) {
        throw ValidationException.of(field, "interval '" + part + "' in entry '" + entry
            + "' must end after it starts");
      }
      out[2 * i] = start;
      out[2 * i + 1] = end;
    }
    return out;
  }

  private static int time(String field, String entry, String text, boolean end) {
    Matcher m = TIME.matcher(text);
    if (m.matches()) {
      int h = Integer.parseInt(m.group(1));
      int min = Integer.parseInt(m.group(2));
      if (h == 24 && min == 0 && end) {
        return DAY;
      }
      if (h < 24 && min < 60) {
        return h * 3600 + min * 60;
      }
    }
    throw ValidationException.of(field, "time '" + text + "' in entry '" + entry
        + "' must be HH:MM from 00:00 to 23:59" + (end ? " or 24:00" : ""));
  }

  private static int[] merge(String field, String day, List<int[]> intervals) {
    intervals.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] iv : intervals) {
      if (!merged.isEmpty()) {
        int[] last = merged.get(merged.size() - 1);
        if (iv[0] < last[1]) {
          throw ValidationException.of(field, "intervals " + hhmm(last[0]) + "-" + hhmm(last[1])
              + " and " + hhmm(iv[0]) + "-" + hhmm(iv[1]) + " on " + day
              + " overlap, expected disjoint intervals");
        }
        if (iv[0] == last[1]) {
          last[1] = iv[1];
          continue;
        }
      }
      merged.add(iv.clone());
    }
    int[] out = new int[merged.size() * 2];
    for (int i = 0; i < merged.size(); i++) {
      out[2 * i] = merged.get(i)[0];
      out[2 * i + 1] = merged.get(i)[1];
    }
    return out;
  }

  static String hhmm(int seconds) {
    return String.format(Locale.ROOT, "%02d:%02d", seconds / 3600, seconds % 3600 / 60);
  }

  /** Whether this is {@code 24/7}. */
  public boolean isAlwaysOpen() {
    return always;
  }

  /** Intervals of a weekday, 0 = Monday; shared, never modify. */
  int[] day(int weekday) {
    return days[weekday];
  }

  /** Total open time in a week without holidays, in seconds. */
  public long weeklySeconds() {
    long total = 0;
    for (int[] d : days) {
      for (int i = 0; i < d.length; i += 2) {
        total += d[i + 1] - d[i];
      }
    }
    return total;
  }

  /** The canonical spec, e.g. {@code mon-fri 09:00-18:00; sat 10:00-14:00}; parses back to an equal value. */
  @Override
  public String toString() {
    if (always) {
      return "24/7";
    }
    List<String> entries = new ArrayList<>();
    int d = 0;
    while (d < 7) {
      if (days[d].length == 0) {
        d++;
        continue;
      }
      int e = d;
      while (e + 1 < 7 && Arrays.equals(days[e + 1], days[d])) {
        e++;
      }
      StringBuilder sb = new StringBuilder(DAYS[d]);
      if (e > d) {
        sb.append('-').append(DAYS[e]);
      }
      sb.append(' ').append(dayString(days[d]));
      entries.add(sb.toString());
      d = e + 1;
    }
    return entries.isEmpty() ? "closed" : String.join("; ", entries);
  }

  static String dayString(int[] intervals) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < intervals.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(hhmm(intervals[i])).append('-').append(hhmm(intervals[i + 1]));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BusinessHours h && h.always == always && Arrays.deepEquals(h.days, days);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(days) * 31 + Boolean.hashCode(always);
  }
}
