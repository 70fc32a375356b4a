package at.ozeanlicht.support.core.sla;

import at.ozeanlicht.support.core.domain.Priority;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SLA configuration of a workspace ({@code sla.yaml}): business calendars by id and policies.
 *
 * @param zone the workspace time zone, used for 24/7 clocks
 * @param calendars calendars by id, e.g. {@code office}
 * @param defaultCalendar the calendar of inboxes that name none, or null (then 24/7)
 * @param policies policies in file order
 */
public record SlaConfig(
    ZoneId zone, Map<String, BusinessCalendar> calendars, @Nullable String defaultCalendar,
    List<SlaPolicy> policies) {
  /** The id stored for clocks that count plain elapsed time. */
  public static final String ALWAYS = "24/7";

  /** Checks nulls and that the default calendar exists; copies collections. */
  public SlaConfig {
    Objects.requireNonNull(zone, "zone");
    calendars = Map.copyOf(calendars);
    policies = List.copyOf(policies);
    if (defaultCalendar != null && !calendars.containsKey(defaultCalendar)) {
      throw new IllegalArgumentException("defaultCalendar: unknown calendar '" + defaultCalendar + "'");
    }
  }

  /** No calendars, no policies: no clocks run. */
  public static SlaConfig none(ZoneId zone) {
    return new SlaConfig(zone, Map.of(), null, List.of());
  }

  /**
   * The policy for a conversation: among those for its priority whose brand, inbox and VIP
   * narrowing all match, the most specific (inbox counts more than brand or VIP); the first in
   * file order on a tie.
   */
  public Optional<SlaPolicy> policy(Priority priority, String brand, String inbox, boolean vip) {
    return policies.stream().filter(p -> p.matches(priority, brand, inbox, vip))
        .max(Comparator.comparingInt(SlaPolicy::specificity)
            .thenComparing(Comparator.comparingInt(policies::indexOf).reversed()));
  }

  /** The general policy for a priority (no brand, inbox or VIP narrowing), if there is one. */
  public Optional<SlaPolicy> policy(Priority priority) {
    return policies.stream().filter(p -> p.priority() == priority && p.specificity() == 0).findFirst();
  }

  /** The id of the calendar an inbox uses: its own, else the default, else {@link #ALWAYS}. */
  public String calendarId(@Nullable String inboxCalendar) {
    if (inboxCalendar != null && calendars.containsKey(inboxCalendar)) {
      return inboxCalendar;
    }
    return defaultCalendar != null ? defaultCalendar : ALWAYS;
  }

  /** The id of the calendar a clock of {@code policy} counts in for an inbox with {@code inboxCalendar}. */
  public String clockCalendarId(SlaPolicy policy, @Nullable String inboxCalendar) {
    return policy.businessHours() ? calendarId(inboxCalendar) : ALWAYS;
  }

  /** The calendar with this id; {@link #ALWAYS} or an unknown id give 24/7 in the workspace zone. */
  public BusinessCalendar calendar(String id) {
    BusinessCalendar c = calendars.get(id);
    return c != null ? c : BusinessCalendar.alwaysOpen(zone);
  }
}
