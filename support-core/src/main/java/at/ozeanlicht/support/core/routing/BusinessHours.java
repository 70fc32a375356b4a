package at.ozeanlicht.support.core.routing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When the team works. Routing asks it for "outside business hours" and escalation for "30
 * business minutes". The default is {@link #weekdays(ZoneId)}; a real calendar (holidays, per
 * inbox) plugs in through this interface. Implementations must be immutable and thread-safe.
 */
public interface BusinessHours {
  /** Whether the team is working at {@code at}. */
  boolean isOpen(Instant at);

  /** How much working time lies between {@code from} and {@code to} (zero if to is not after from). */
  Duration openBetween(Instant from, Instant to);

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
  }
}
