package at.ozeanlicht.support.core.sla;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Public holidays of a region from the Jollyday library. A region code is a country ({@code at})
 * optionally followed by subdivisions ({@code de-by}, a German state). Only public holidays count
 * (not bank holidays or observances).
 */
final class HolidayRegions {
  private HolidayRegions() {}

  /** Why {@code code} is no known region, or empty when it is one. */
  static Optional<String> problem(String code) {
    String[] parts = code.toLowerCase(Locale.ROOT).split("-");
    if (parts.length == 0 || parts[0].isEmpty()
        || !HolidayManager.getSupportedCalendarCodes().contains(parts[0].toUpperCase(Locale.ROOT))) {
      return Optional.of("must be a holiday region such as at, de or de-by, was '" + code + "'");
    }
    if (parts.length > 1) {
      CalendarHierarchy level = manager(parts[0]).getCalendarHierarchy();
      for (int i = 1; i < parts.length; i++) {
        CalendarHierarchy next = level.getChildren().get(parts[i]);
        if (next == null) {
          return Optional.of("subdivision '" + parts[i] + "' of region '" + code
              + "' is unknown, expected one of " + String.join(", ", new TreeSet<>(
                  level.getChildren().keySet())));
        }
        level = next;
      }
    }
    return Optional.empty();
  }

  /** The public holidays of {@code code} in {@code year}; the code must be valid. */
  static Set<LocalDate> holidays(String code, int year) {
    String[] parts = code.toLowerCase(Locale.ROOT).split("-");
    Set<Holiday> found = manager(parts[0]).getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY,
        Arrays.copyOfRange(parts, 1, parts.length));
    Set<LocalDate> dates = new HashSet<>();
    for (Holiday h : found) {
      dates.add(h.getActualDate());
    }
    return dates;
  }

  private static HolidayManager manager(String country) {
    return HolidayManager.getInstance(ManagerParameters.create(country));
  }
}
