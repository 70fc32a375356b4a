package at.ozeanlicht.support.core.sla;

import static at.ozeanlicht.support.core.sla.BusinessHours.DAY;

import at.ozeanlicht.support.core.api.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A business calendar: a time zone, weekly {@link BusinessHours}, holidays (explicit dates and a
 * region from the Jollyday holiday library) and one-off special days with their own hours.
 *
 * <p><b>Deadline.</b> {@link #deadline(Instant, Duration)} is the earliest instant at which the
 * business time accumulated since the start equals the target. Reaching the target exactly at a
 * closing time gives that closing time, not the next opening. Business time is real elapsed time
 * inside open intervals, so DST changes count as they happen: a 01:00–04:00 window on the
 * spring-forward night is two hours long, on the fall-back night four. A local time that falls
 * into a DST gap means the moment the clocks jump; one that occurs twice means its first
 * occurrence. A {@code 24/7} calendar without holidays is plain elapsed time.
 *
 * <p><b>Precedence per date:</b> a special day's hours, else closed on a holiday, else the weekly
 * hours of that weekday.
 *
 * <p>Cost: a deadline walks the days between start and deadline with precomputed per-weekday
 * interval arrays and a per-year day table (built once per year and calendar), so it does not
 * depend on how many holidays the calendar holds. Immutable and thread-safe.
 */
public final class BusinessCalendar {
  private static final int MAX_DAYS = 366 * 200;
  private static final Duration MAX_TARGET = Duration.ofDays(3650);

  private final ZoneId zone;
  /** Null for plain 24/7 calendars, which never convert local times. */
  private final @Nullable ZoneTable table;
  private final BusinessHours hours;
  private final @Nullable String holidayRegion;
  private final Set<LocalDate> holidays;
  private final Map<LocalDate, int[]> specialDays;
  private final Map<Integer, List<LocalDate>> holidaysByYear;
  private final Map<Integer, Map<LocalDate, int[]>> specialByYear;
  /** True when no date differs from the weekly hours: the day table is skipped. */
  private final boolean plain;
  private final Map<Integer, YearPlan> years = new ConcurrentHashMap<>();

  private BusinessCalendar(Builder b) {
    this.zone = b.zone;
    this.hours = b.hours;
    this.holidayRegion = b.holidayRegion;
    this.holidays = Set.copyOf(b.holidays);
    this.specialDays = Map.copyOf(b.specialDays);
    Map<Integer, List<LocalDate>> hy = new HashMap<>();
    for (LocalDate d : holidays) {
      hy.computeIfAbsent(d.getYear(), y -> new ArrayList<>()).add(d);
    }
    this.holidaysByYear = hy;
    Map<Integer, Map<LocalDate, int[]>> sy = new HashMap<>();
    specialDays.forEach((d, iv) -> sy.computeIfAbsent(d.getYear(), y -> new HashMap<>()).put(d, iv));
    this.specialByYear = sy;
    this.plain = holidays.isEmpty() && specialDays.isEmpty() && holidayRegion == null;
    this.table = plain && hours.isAlwaysOpen() ? null : new ZoneTable(b.zone);
  }

  /** A builder for a calendar in {@code zone}; hours default to {@code 24/7}. */
  public static Builder builder(ZoneId zone) {
    return new Builder(zone);
  }

  /** A calendar with weekly hours and no holidays. */
  public static BusinessCalendar of(ZoneId zone, BusinessHours hours) {
    return builder(zone).hours(hours).build();
  }

  /** Open around the clock in {@code zone}: deadlines are plain elapsed time. */
  public static BusinessCalendar alwaysOpen(ZoneId zone) {
    return builder(zone).build();
  }

  /** The time zone the hours are read in. */
  public ZoneId zone() {
    return zone;
  }

  /** The weekly hours. */
  public BusinessHours hours() {
    return hours;
  }

  /** The holiday region (e.g. {@code at}, {@code de-by}), if one is set. */
  public Optional<String> holidayRegion() {
    return Optional.ofNullable(holidayRegion);
  }

  /** The explicit holiday dates. */
  public Set<LocalDate> holidays() {
    return holidays;
  }

  /** Whether this calendar is plain elapsed time ({@code 24/7} with no holidays or special days). */
  public boolean isAlwaysOpen() {
    return plain && hours.isAlwaysOpen();
  }

  /**
   * The earliest instant at which the business time accumulated since {@code start} equals
   * {@code target} (see the class comment for the exact definition).
   *
   * @throws IllegalArgumentException if {@code target} is negative or longer than 3650 days
   */
  public Instant deadline(Instant start, Duration target) {
    Objects.requireNonNull(start, "start");
    checkTarget(target);
    if (isAlwaysOpen()) {
      return start.plus(target);
    }
    long remaining = target.toNanos();
    if (remaining == 0) {
      return start;
    }
    long sec = start.getEpochSecond();
    int nano = start.getNano();
    long day = Math.floorDiv(zones().toLocal(sec), DAY);
    ZoneTable.Cursor cursor = zones().cursor(day * DAY);
    Days days = new Days();
    for (int guard = 0; guard < MAX_DAYS; guard++, day++) {
      int[] iv = days.intervals(day);
      long base = day * DAY;
      for (int i = 0; i < iv.length; i += 2) {
        long open = cursor.toInstant(base + iv[i]);
        long close = cursor.toInstant(base + iv[i + 1]);
        if (close <= sec) {
          continue;
        }
        long fromSec = sec;
        int fromNano = nano;
        if (open > sec) {
          fromSec = open;
          fromNano = 0;
        }
        long available = (close - fromSec) * 1_000_000_000L - fromNano;
        if (remaining <= available) {
          return Instant.ofEpochSecond(fromSec, fromNano + remaining);
        }
        remaining -= available;
        sec = close;
        nano = 0;
      }
    }
    throw new IllegalArgumentException("target: " + target
        + " is not reached within 200 years of calendar " + hours);
  }

  /**
   * The business time between {@code from} and {@code to}: the inverse of {@link #deadline}, so
   * {@code businessTime(s, deadline(s, t))} equals {@code t}. Zero when {@code to} is not after
   * {@code from}.
   *
   * @throws IllegalArgumentException if the span is longer than 200 years
   */
  public Duration businessTime(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw new IllegalArgumentException("to: must be within 200 years of from, was " + from + " to " + to);
    }
    if (isAlwaysOpen()) {
      return Duration.between(from, to);
    }
    long fromSec = from.getEpochSecond();
    int fromNano = from.getNano();
    long end = Duration.between(from, to).toNanos();
    long total = 0;
    long covered = 0;
    long day = Math.floorDiv(zones().toLocal(fromSec), DAY);
    ZoneTable.Cursor cursor = zones().cursor(day * DAY);
    Days days = new Days();
    while (true) {
      int[] iv = days.intervals(day);
      long base = day * DAY;
      for (int i = 0; i < iv.length; i += 2) {
        long open = (cursor.toInstant(base + iv[i]) - fromSec) * 1_000_000_000L - fromNano;
        if (open >= end) {
          return Duration.ofNanos(total);
        }
        long close = (cursor.toInstant(base + iv[i + 1]) - fromSec) * 1_000_000_000L - fromNano;
        // Intervals inside a DST gap map onto the hour after it and may overlap the next one:
        // count each instant once.
        long s = Math.max(open, covered);
        long e = Math.min(close, end);
        if (e > s) {
          total += e - s;
          covered = e;
        }
      }
      day++;
      if ((day * DAY - fromSec) > end / 1_000_000_000L + 2 * DAY) {
        return Duration.ofNanos(total);
      }
    }
  }

  /**
   * The open intervals that overlap {@code [from, to)}, clipped to it, in order and without
   * overlaps (intervals inside a DST gap are merged into the hour after it). Lets a caller hand a
   * period's opening hours to a query instead of walking the calendar per row.
   *
   * @throws IllegalArgumentException if the span is longer than 200 years
   */
  public List<Interval> openIntervals(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    List<Interval> out = new ArrayList<>();
    if (!to.isAfter(from)) {
      return out;
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw new IllegalArgumentException("to: must be within 200 years of from, was " + from + " to " + to);
    }
    if (isAlwaysOpen()) {
      out.add(new Interval(from, to));
      return out;
    }
    long fromSec = from.getEpochSecond();
    long toSec = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
    long day = Math.floorDiv(zones().toLocal(fromSec), DAY) - 1;
    ZoneTable.Cursor cursor = zones().cursor(day * DAY);
    Days days = new Days();
    Instant lastEnd = from;
    for (; day * DAY - fromSec <= toSec - fromSec + 2 * DAY; day++) {
      int[] iv = days.intervals(day);
      long base = day * DAY;
      for (int i = 0; i < iv.length; i += 2) {
        long open = cursor.toInstant(base + iv[i]);
        if (open >= toSec) {
          return out;
        }
        Instant s = Instant.ofEpochSecond(open);
        Instant e = Instant.ofEpochSecond(cursor.toInstant(base + iv[i + 1]));
        s = s.isBefore(lastEnd) ? lastEnd : s;
        e = e.isAfter(to) ? to : e;
        if (e.isAfter(s)) {
          if (!out.isEmpty() && out.get(out.size() - 1).to().equals(s)) {
            s = out.remove(out.size() - 1).from();
          }
          out.add(new Interval(s, e));
          lastEnd = e;
        }
      }
    }
    return out;
  }

  /**
   * One open interval of a calendar.
   *
   * @param from the opening instant, included
   * @param to the closing instant, excluded; after {@code from}
   */
  public record Interval(Instant from, Instant to) {
    /** Checks nulls and order. */
    public Interval {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("to: must be after from " + from + ", was " + to);
      }
    }
  }

  /** The earliest instant at or after {@code at} that lies inside open hours. */
  public Instant nextOpening(Instant at) {
    Objects.requireNonNull(at, "at");
    if (isAlwaysOpen()) {
      return at;
    }
    long sec = at.getEpochSecond();
    long day = Math.floorDiv(zones().toLocal(sec), DAY) - 1;
    ZoneTable.Cursor cursor = zones().cursor(day * DAY);
    Days days = new Days();
    for (int guard = 0; guard < MAX_DAYS; guard++, day++) {
      int[] iv = days.intervals(day);
      long base = day * DAY;
      for (int i = 0; i < iv.length; i += 2) {
        long open = cursor.toInstant(base + iv[i]);
        long close = cursor.toInstant(base + iv[i + 1]);
        if (sec < close) {
          return open > sec ? Instant.ofEpochSecond(open) : at;
        }
      }
    }
    throw new IllegalStateException("calendar " + hours + " does not open within 200 years");
  }

  /** Whether {@code at} lies inside open hours. */
  public boolean isOpen(Instant at) {
    return nextOpening(at).equals(at);
  }

  private ZoneTable zones() {
    return Objects.requireNonNull(table, "table");
  }

  private static void checkTarget(Duration target) {
    Objects.requireNonNull(target, "target");
    if (target.isNegative()) {
      throw new IllegalArgumentException("target: must not be negative, was " + target);
    }
    if (target.compareTo(MAX_TARGET) > 0) {
      throw new IllegalArgumentException("target: must be at most 3650 days, was " + target);
    }
  }

  /** Walks days in order, holding the current year's table. Not thread-safe; one per computation. */
  private final class Days {
    private @Nullable YearPlan plan;

    int[] intervals(long epochDay) {
      int weekday = (int) Math.floorMod(epochDay + 3, 7L); // 1970-01-01 was a Thursday
      if (plain) {
        return hours.day(weekday);
      }
      YearPlan p = plan;
      if (p == null || epochDay < p.firstDay || epochDay >= p.firstDay + p.days.length) {
        int year = LocalDate.ofEpochDay(epochDay).getYear();
        p = years.computeIfAbsent(year, BusinessCalendar.this::yearPlan);
        plan = p;
      }
      int[] special = p.days[(int) (epochDay - p.firstDay)];
      return special != null ? special : hours.day(weekday);
    }
  }

  /** Dates of one year that differ from the weekly hours; null entries follow the weekly hours. */
  private record YearPlan(long firstDay, int[] @Nullable [] days) {}

  private YearPlan yearPlan(int year) {
    LocalDate first = LocalDate.of(year, 1, 1);
    int[][] days = new int[first.lengthOfYear()][];
    long firstDay = first.toEpochDay();
    int[] closed = new int[0];
    if (holidayRegion != null) {
      for (LocalDate d : HolidayRegions.holidays(holidayRegion, year)) {
        if (d.getYear() == year) {
          days[(int) (d.toEpochDay() - firstDay)] = closed;
        }
      }
    }
    for (LocalDate d : holidaysByYear.getOrDefault(year, List.of())) {
      days[(int) (d.toEpochDay() - firstDay)] = closed;
    }
    specialByYear.getOrDefault(year, Map.of())
        .forEach((d, iv) -> days[(int) (d.toEpochDay() - firstDay)] = iv);
    return new YearPlan(firstDay, days);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(zone.getId()).append(' ').append(hours);
    if (holidayRegion != null) {
      sb.append(", holidays of ").append(holidayRegion);
    }
    if (!holidays.isEmpty()) {
      sb.append(", ").append(holidays.size()).append(" holiday dates");
    }
    if (!specialDays.isEmpty()) {
      sb.append(", special days ");
      Map<LocalDate, String> shown = new TreeMap<>();
      specialDays.forEach((d, iv) -> shown.put(d, iv.length == 0 ? "closed" : BusinessHours.dayString(iv)));
      sb.append(shown);
    }
    return sb.toString();
  }

  /** Builds a {@link BusinessCalendar}. Not thread-safe. */
  public static final class Builder {
    private final ZoneId zone;
    private BusinessHours hours = BusinessHours.alwaysOpen();
    private @Nullable String holidayRegion;
    private final Set<LocalDate> holidays = new TreeSet<>();
    private final Map<LocalDate, int[]> specialDays = new HashMap<>();

    private Builder(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The weekly hours; defaults to {@code 24/7}. */
    public Builder hours(BusinessHours hours) {
      this.hours = Objects.requireNonNull(hours, "hours");
      return this;
    }

    /** Adds a closed date. */
    public Builder holiday(LocalDate date) {
      holidays.add(Objects.requireNonNull(date, "holiday"));
      return this;
    }

    /** Adds closed dates. */
    public Builder holidays(Collection<LocalDate> dates) {
      dates.forEach(this::holiday);
      return this;
    }

    /**
     * Closes on the public holidays of a region: a country code such as {@code at}, optionally
     * with subdivisions such as {@code de-by} (Bavaria).
     *
     * @throws ValidationException with field {@code holidayRegion} if the region is unknown
     */
    public Builder holidayRegion(String region) {
      Objects.requireNonNull(region, "holidayRegion");
      Optional<String> problem = HolidayRegions.problem(region);
      if (problem.isPresent()) {
        throw ValidationException.of("holidayRegion", problem.get());
      }
      this.holidayRegion = region.toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /**
     * Gives one date its own hours, {@code HH:MM-HH:MM[,HH:MM-HH:MM…]} or {@code closed}; wins
     * over holidays and the weekly hours.
     *
     * @throws ValidationException with field {@code specialDays} if the hours do not parse
     */
    public Builder specialDay(LocalDate date, String dayHours) {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(dayHours, "dayHours");
      specialDays.put(date, BusinessHours.parseDay("specialDays", dayHours));
      return this;
    }

    /** The calendar. */
    public BusinessCalendar build() {
      return new BusinessCalendar(this);
    }
  }
}
