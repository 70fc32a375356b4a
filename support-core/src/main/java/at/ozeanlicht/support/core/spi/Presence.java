package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether an inbox is staffed at an instant: its business calendar is open and at least one
 * agent is available. A web chat shows "online" only when both hold, so the status is honest.
 *
 * @param open the inbox's business calendar is open
 * @param agentsAvailable at least one agent of the workspace is {@code online}
 * @param nextOpening when the calendar opens next, or null while it is open
 */
public record Presence(boolean open, boolean agentsAvailable, @Nullable Instant nextOpening) {
  /** Checks that a closed inbox tells when it opens. */
  public Presence {
    if (!open) {
      Objects.requireNonNull(nextOpening, "nextOpening");
    }
  }

  /** Open and staffed. */
  public boolean online() {
    return open && agentsAvailable;
  }

  /** Looks up the presence of an inbox; thread-safe. */
  @FunctionalInterface
  public interface Source {
    /** The presence of {@code inbox} at {@code at}. */
    Presence of(String inbox, Instant at);

    /** Always open and staffed (for adapters created outside an engine). */
    static Source alwaysOnline() {
      return (inbox, at) -> new Presence(true, true, null);
    }
  }
}
