package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/**
 * Where a queued outbound message stands. {@code failed} and {@code dead} are visible to agents
 * and can be retried by hand.
 */
public enum OutboundStatus implements Wire {
  /** Waiting for its next attempt. */
  PENDING,
  /** Claimed by a dispatcher whose lease has not expired; its outcome is not recorded yet. */
  SENDING,
  /** The channel accepted it. */
  SENT,
  /** The channel or the adapter refused it for good (blocked, template required, invalid). */
  FAILED,
  /** Every allowed attempt failed (dead letter). */
  DEAD;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
