package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.api.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a report covers: an ISO week (Monday to Sunday) or a calendar month, as local dates;
 * {@link #start(ZoneId)} and {@link #end(ZoneId)} turn them into instants in a zone, so a week in
 * {@code Europe/Vienna} starts at local midnight on Monday whatever the DST offset.
 *
 * @param kind week or month
 * @param label {@code 2026-W47} or {@code 2026-11}
 * @param first the first day, included
 * @param end the day after the last, excluded
 */
public record ReportPeriod(Kind kind, String label, LocalDate first, LocalDate end) {
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

  /** Weekly or monthly. */
  public enum Kind {
    /** An ISO week. */
    WEEK,
    /** A calendar month. */
    MONTH;

    /** {@code week} or {@code month}, the JSON field that carries the label. */
    public String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks nulls and that the period is not empty. */
  public ReportPeriod {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(first)) {
      throw new IllegalArgumentException("end: must be after first " + first + ", was " + end);
    }
  }

  /** The ISO week containing {@code day}. */
  public static ReportPeriod week(LocalDate day) {
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    String label = String.format(Locale.ROOT, "%04d-W%02d",
        monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    return new ReportPeriod(Kind.WEEK, label, monday, monday.plusWeeks(1));
  }

  /**
   * Parses an ISO week like {@code 2026-W47}.
   *
   * @throws ValidationException naming {@code field} if the text is not a week that exists
   */
  public static ReportPeriod week(String field, String text) {
    Matcher m = WEEK.matcher(text == null ? "" : text.strip());
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1));
      int week = Integer.parseInt(m.group(2));
      LocalDate jan4 = LocalDate.of(year, 1, 4);
      if (IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(jan4).isValidValue(week)) {
        return week(jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week));
      }
      throw ValidationException.of(field, "week " + week + " does not exist in " + year
          + " (it has " + IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(jan4).getMaximum()
          + " ISO weeks), was '" + text + "'");
    }
    throw ValidationException.of(field, "must be an ISO week like 2026-W47, was '" + text + "'");
  }

  /** A calendar month. */
  public static ReportPeriod month(YearMonth month) {
    return new ReportPeriod(Kind.MONTH, month.toString(), month.atDay(1), month.plusMonths(1).atDay(1));
  }

  /**
   * Parses a month like {@code 2026-11}.
   *
   * @throws ValidationException naming {@code field} if the text is not a month
   */
  public static ReportPeriod month(String field, String text) {
    try {
      return month(YearMonth.parse(text == null ? "" : text.strip()));
    } catch (DateTimeParseException e) {
      throw ValidationException.of(field, "must be a month like 2026-11, was '" + text + "'");
    }
  }

  /** The same kind of period just before this one. */
  public ReportPeriod previous() {
    return kind == Kind.WEEK ? week(first.minusWeeks(1)) : month(YearMonth.from(first).minusMonths(1));
  }

  /** Local midnight of the first day in {@code zone}. */
  public Instant start(ZoneId zone) {
    return first.atStartOfDay(zone).toInstant();
  }

  /** Local midnight after the last day in {@code zone}, excluded. */
  public Instant end(ZoneId zone) {
    return end.atStartOfDay(zone).toInstant();
  }
}
