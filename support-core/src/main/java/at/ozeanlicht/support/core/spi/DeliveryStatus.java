package at.ozeanlicht.support.core.spi;

import java.util.Locale;

/**
 * How far an outbound message got, as the channel reports it. Statuses only move forward: {@code
 * sent < delivered < read}; {@code failed} is terminal.
 */
public enum DeliveryStatus {
  /** The channel accepted it. */
  SENT,
  /** It reached the customer's device. */
  DELIVERED,
  /** The customer read it. */
  READ,
  /** The channel gave up on it. */
  FAILED;

  /** The lower-case wire name. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
