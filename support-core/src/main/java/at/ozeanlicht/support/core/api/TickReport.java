package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link SupportEngine#tick(Instant)} did.
 *
 * @param at the tick's moment
 * @param counts how many of each thing happened, by name (e.g. {@code snoozeWakeUps}, {@code
 *     slaWarnings}, {@code slaBreaches}, {@code escalations} (routing escalation steps fired plus
 *     SLA escalation actions run), {@code slaNotifications} (handed to the notifier), {@code
 *     routingTimeTriggers} (routing rules fired on {@code no_human_reply}, {@code waiting_on_us}
 *     and {@code snooze_ended})); zero counts
 *     may be omitted
 */
public record TickReport(Instant at, Map<String, Integer> counts) {
  /** Checks for nulls; copies the map. */
  public TickReport {
    Objects.requireNonNull(at, "at");
    counts = Map.copyOf(counts);
  }

  /** The count for {@code name}, 0 if absent. */
  public int count(String name) {
    return counts.getOrDefault(name, 0);
  }
}
