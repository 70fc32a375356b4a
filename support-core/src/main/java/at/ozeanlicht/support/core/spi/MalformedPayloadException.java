package at.ozeanlicht.support.core.spi;

import java.util.Objects;

/**
 * Thrown by {@link ChannelAdapter#parse} when a verified request's body is not a payload of the
 * channel (bad JSON, a missing required field, an unknown envelope). The webhook handler answers
 * 400 with {@link #reason()}. Unknown message <em>types</em> inside a valid envelope are not
 * malformed: adapters store them as placeholders.
 */
public final class MalformedPayloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * Creates the exception.
   *
   * @param reason short and machine-readable, naming the field, e.g. {@code entry[0].changes:
   *     must be an array}; never payload content
   */
  public MalformedPayloadException(String reason) {
    super(Objects.requireNonNull(reason, "reason"), null, false, false);
    this.reason = reason;
  }

  /** Creates the exception keeping the parser's exception as cause. */
  public MalformedPayloadException(String reason, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason"), cause, false, false);
    this.reason = reason;
  }

  /** The short reason, safe to return to the caller and to log. */
  public String reason() {
    return reason;
  }
}
