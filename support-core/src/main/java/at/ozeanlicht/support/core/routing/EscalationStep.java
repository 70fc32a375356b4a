package at.ozeanlicht.support.core.routing;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of an escalation policy: when it is due, the conversation goes to {@code to}.
 *
 * @param after due when there is no first response this many business minutes after the
 *     conversation opened; null for a label step
 * @param label due when the conversation carries this label (e.g. {@code complex}); null for a
 *     time step
 * @param to {@code lead} (the team's lead), {@code admin} (the admin team) or an agent handle
 */
public record EscalationStep(@Nullable Duration after, @Nullable String label, String to) {
  /** Checks that exactly one of after and label is set. */
  public EscalationStep {
    Objects.requireNonNull(to, "to");
    if ((after == null) == (label == null)) {
      throw new IllegalArgumentException("after/label: exactly one must be set");
    }
  }

  /** A stable key of this step within its policy, recorded so each step fires once. */
  public String key() {
    return after != null ? "after:" + after.toMinutes() + "m:" + to : "label:" + label + ":" + to;
  }
}
