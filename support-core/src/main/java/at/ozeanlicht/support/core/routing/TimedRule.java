package at.ozeanlicht.support.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule that runs on time rather than on an event.
 *
 * @param name the rule name
 * @param trigger {@link Trigger#NO_HUMAN_REPLY} or {@link Trigger#WAITING_ON_US}
 * @param after how long (business time for no_human_reply, wall-clock for waiting_on_us)
 */
public record TimedRule(String name, Trigger trigger, Duration after) {
  /** Checks for nulls and that the trigger is timed. */
  public TimedRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(after, "after");
    if (!trigger.timed()) {
      throw new IllegalArgumentException("trigger: must be a timed trigger, was " + trigger.wire());
    }
  }
}
