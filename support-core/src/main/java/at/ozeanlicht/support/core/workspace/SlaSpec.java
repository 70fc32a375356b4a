package at.ozeanlicht.support.core.workspace;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code sla.yaml} as written; checked by {@link SlaChecker}. Field holders for the same reason
 * as {@link WorkspaceSpec}.
 */
final class SlaSpec {
  @Nullable String defaultCalendar;
  @Nullable List<@Nullable CalendarSpec> calendars;
  @Nullable List<@Nullable PolicySpec> policies;

  static final class CalendarSpec {
    @Nullable String id;
    @Nullable String zone;
    @Nullable String hours;
    @Nullable String holidayRegion;
    @Nullable List<@Nullable String> holidays;
    @Nullable List<@Nullable SpecialDaySpec> specialDays;
  }

  static final class SpecialDaySpec {
    @Nullable String date;
    @Nullable String hours;
  }

  static final class PolicySpec {
    @Nullable String id;
    @Nullable String priority;
    @Nullable String brand;
    @Nullable String inbox;
    @Nullable Boolean vip;
    @Nullable String firstResponse;
    @Nullable String nextResponse;
    @Nullable String resolution;
    @Nullable Boolean businessHours;
    @Nullable BigDecimal warnAt;
    @Nullable List<@Nullable String> onWarning;
    @Nullable List<@Nullable String> onBreach;
    @Nullable Boolean urgent;
  }
}
