package at.ozeanlicht.support.core.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one {@link ChannelAdapter#send}: expected outcomes are values, not exceptions.
 */
public sealed interface DeliveryResult {

  /** The channel accepted the message and gave it this id (a {@code wamid}, a message id). */
  static DeliveryResult accepted(String externalId) {
    return new Accepted(externalId);
  }

  /** The adapter refused it locally (a programming error such as a private message). */
  static DeliveryResult rejected(String reason) {
    return new Rejected(reason);
  }

  /** Try again later; {@code retryAfter} is the channel's own wait, or null for backoff. */
  static DeliveryResult retryable(@Nullable Duration retryAfter, String code, String reason) {
    return new Retryable(retryAfter, code, reason);
  }

  /** It will never go through as it is (blocked, undeliverable, template required). */
  static DeliveryResult permanent(String code, String reason) {
    return new Permanent(code, reason);
  }

  /**
   * The recipient cannot be reached here now (a web chat visitor who left): send it from the
   * e-mail {@code inbox} to the contact's e-mail address instead, if they left one.
   */
  static DeliveryResult rerouted(String inbox, String reason) {
    return new Rerouted(inbox, reason);
  }

  /**
   * Accepted (not necessarily delivered).
   *
   * @param externalId the channel's id of the sent message; statuses refer to it
   */
  record Accepted(String externalId) implements DeliveryResult {
    /** Checks for blanks. */
    public Accepted {
      if (Objects.requireNonNull(externalId, "externalId").isBlank()) {
        throw new IllegalArgumentException("externalId: must not be blank");
      }
    }
  }

  /**
   * Refused before calling the channel.
   *
   * @param reason why
   */
  record Rejected(String reason) implements DeliveryResult {
    /** Checks for nulls. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A temporary failure.
   *
   * @param retryAfter how long the channel asked us to wait, or null
   * @param code the channel's error code or HTTP status, e.g. {@code 130429}, {@code http_503}
   * @param reason a short description without personal data
   */
  record Retryable(@Nullable Duration retryAfter, String code, String reason) implements DeliveryResult {
    /** Checks for nulls and a non-negative wait. */
    public Retryable {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter: must not be negative, was " + retryAfter);
      }
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A permanent failure; agents see {@code code} and {@code reason}.
   *
   * @param code the channel's error code, or a library code such as {@code template_required}
   * @param reason a short description without personal data
   */
  record Permanent(String code, String reason) implements DeliveryResult {
    /** Checks for nulls. */
    public Permanent {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Send it on another channel: the engine moves the same outbox row (same message, same
   * idempotency key, attempts reset) to {@code inbox} and the contact's e-mail address, or, if
   * the contact has no address or the inbox no adapter, records it as sent with external id
   * {@code offline} (it stays in the conversation's history).
   *
   * @param inbox the e-mail inbox to send from
   * @param reason why, without personal data, e.g. {@code visitor offline}
   */
  record Rerouted(String inbox, String reason) implements DeliveryResult {
    /** Checks for nulls. */
    public Rerouted {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
