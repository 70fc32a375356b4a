package at.ozeanlicht.support.core.spi;

import java.util.Objects;

/**
 * What checking an inbound request's authenticity found. A {@link ChannelAdapter} decides this
 * before anything in the body is parsed.
 */
public sealed interface Verification {

  /** The request is authentic; its body may now be parsed. */
  static Verification verified() {
    return Verified.INSTANCE;
  }

  /** The request is refused (401 for a missing credential, 403 for a wrong one). */
  static Verification denied(int status, String reason) {
    return new Denied(status, reason);
  }

  /** The request is a handshake the adapter answers itself (e.g. WhatsApp's GET challenge). */
  static Verification answer(int status, String body) {
    return new Answer(status, body);
  }

  /**
   * The request is answered by the adapter itself with a JSON body (e.g. a web chat session),
   * without events.
   */
  static Verification answerJson(int status, String json) {
    return new Answer(status, json, "application/json");
  }

  /** Authentic; parse it. */
  enum Verified implements Verification {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Refused; nothing is parsed or stored.
   *
   * @param status 401 or 403
   * @param reason a short machine-readable reason, e.g. {@code signature_mismatch}; never secrets
   */
  record Denied(int status, String reason) implements Verification {
    /** Checks the status is 401 or 403. */
    public Denied {
      if (status != 401 && status != 403) {
        throw new IllegalArgumentException("status: must be 401 or 403, was " + status);
      }
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Answered directly, without events.
   *
   * @param status the HTTP status
   * @param body the response body
   * @param contentType its media type, {@code text/plain} or {@code application/json}
   */
  record Answer(int status, String body, String contentType) implements Verification {
    /** Checks for nulls and an HTTP status range. */
    public Answer {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status: must be an HTTP status, was " + status);
      }
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(contentType, "contentType");
    }

    /** A text/plain answer. */
    public Answer(int status, String body) {
      this(status, body, "text/plain");
    }
  }
}
