package at.ozeanlicht.support.core.routing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When the team works. Routing asks it for "outside business hours" and escalation for "30
 * business minutes". The router uses the SLA business calendar of the message's inbox ({@link
 * #of(BusinessCalendar)}: holidays and special days count); {@link #weekdays(ZoneId)} and {@code
 * routing.yaml}'s {@code business_hours} are the fallback for workspaces without calendars.
 * Implementations must be immutable and thread-safe.
 */
public interface BusinessHours {
  /** Whether the team is working at {@code at}. */
  boolean isOpen(Instant at);

  /** How much working time lies between {@code from} and {@code to} (zero if to is not after from). */
  Duration openBetween(Instant from, Instant to);

  /**
   * The same hours as a business calendar, for what only a calendar knows: the next opening (the
   * honest after-hours acknowledgment, {@link at.ozeanlicht.support.core.sla.AfterHours}).
   */
  BusinessCalendar calendar();

  /** The hours of an SLA business calendar (its holidays and special days included). */
  static BusinessHours of(BusinessCalendar calendar) {
    return new Calendar(calendar);
  }

  /** Monday to Friday, 09:00 to 18:00 in {@code zone}. */
  static BusinessHours weekdays(ZoneId zone) {
    return of(zone, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
        LocalTime.of(18, 0));
  }

  /** The same opening hours on each of {@code days} in {@code zone}. */
  static BusinessHours of(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close) {
    return new Weekly(zone, days, open, close);
  }

  /** Always open (a team that works around the clock, and tests). */
  static BusinessHours always() {
    return of(java.time.ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MAX);
  }

  /** The hours of an SLA business calendar. */
  record Calendar(BusinessCalendar calendar) implements BusinessHours {
    /** Checks for null. */
    public Calendar {
      Objects.requireNonNull(calendar, "calendar");
    }

    @Override
    public boolean isOpen(Instant at) {
      return calendar.isOpen(at);
    }

    @Override
    public Duration openBetween(Instant from, Instant to) {
      return calendar.businessTime(from, to);
    }
  }

  /** Weekly opening hours. */
  record Weekly(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close) implements BusinessHours {
    /** Checks that the day opens before it closes. */
    public Weekly {
      Objects.requireNonNull(zone, "zone");
      days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
      if (!open.isBefore(close)) {
        throw new IllegalArgumentException("open: must be before close, was " + open + " to " + close);
      }
    }

    @Override
    public boolean isOpen(Instant at) {
      ZonedDateTime t = at.atZone(zone);
      LocalTime time = t.toLocalTime();
      return days.contains(t.getDayOfWeek()) && !time.isBefore(open) && time.isBefore(close);
    }

    @Override
    public Duration openBetween(Instant from, Instant to) {
      if (!to.isAfter(from)) {
        return Duration.ZERO;
      }
      Duration total = Duration.ZERO;
      LocalDate day = from.atZone(zone).toLocalDate();
      LocalDate last = to.atZone(zone).toLocalDate();
      for (int guard = 0; !day.isAfter(last) && guard < 3700; day = day.plusDays(1), guard++) {
        if (!days.contains(day.getDayOfWeek())) {
          continue;
        }
        Instant start = day.atTime(open).atZone(zone).toInstant();
        Instant end = close.equals(LocalTime.MAX)
            ? day.plusDays(1).atStartOfDay(zone).toInstant()
            : day.atTime(close).atZone(zone).toInstant();
        Instant a = start.isBefore(from) ? from : start;
        Instant b = end.isAfter(to) ? to : end;
        if (b.isAfter(a)) {
          total = total.plus(Duration.between(a, b));
        }
      }
      return total;
    }

    @Override
    public BusinessCalendar calendar() {
      if (days.isEmpty()) {
        // Never open: no calendar can say so; the notice then says nothing honest, so none is sent.
        return BusinessCalendar.alwaysOpen(zone);
      }
      String span = hhmm(open) + "-" + (close.equals(LocalTime.MAX) ? "24:00" : hhmm(close));
      String spec = days.stream().sorted()
          .map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT) + " " + span)
          .collect(Collectors.joining("; "));
      return BusinessCalendar.of(zone, at.ozeanlicht.support.core.sla.BusinessHours.parse(spec));
    }

    private static String hhmm(LocalTime t) {
      return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }
  }
}
