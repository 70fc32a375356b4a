package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Availability;
import java.util.Objects;

/**
 * Command: an agent goes online, away or offline. Persisted; assignment uses it over the
 * workspace file's default. Going online (or away) assigns the oldest waiting conversations of the
 * agent's teams (backlog drain).
 *
 * @param agent the agent handle
 * @param availability the new availability
 */
public record SetAvailability(String agent, Availability availability) {
  /** Checks for nulls. */
  public SetAvailability {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(availability, "availability");
  }
}
