package at.ozeanlicht.support.channels.internal;

import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import java.time.Instant;

/** Unix-seconds timestamps of channel payloads, checked so that no value can overflow an Instant. */
public final class EpochSeconds {
  /** 9999-12-31T23:59:59Z: later timestamps are not real. */
  static final long MAX = 253_402_300_799L;

  private EpochSeconds() {}

  /**
   * The instant of {@code seconds}.
   *
   * @throws MalformedPayloadException naming {@code field} if it is negative or after year 9999
   */
  public static Instant of(long seconds, String field) {
    if (seconds < 0 || seconds > MAX) {
      throw new MalformedPayloadException(field + ": must be Unix seconds between 0 and " + MAX);
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * The instant of a decimal string of seconds.
   *
   * @throws MalformedPayloadException naming {@code field} if it is not such a number
   */
  public static Instant parse(String seconds, String field) {
    try {
      return of(Long.parseLong(seconds), field);
    } catch (NumberFormatException e) {
      throw new MalformedPayloadException(field + ": must be Unix seconds");
    }
  }
}
