package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.api.ReceiveMessage;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One thing a verified webhook request told: a message, an edit, a delivery status, typing. */
public sealed interface InboundEvent {

  /**
   * A customer message; the engine stores it once per (inbox, channel message id).
   *
   * @param message the message, with the adapter's inbox
   */
  record MessageReceived(ReceiveMessage message) implements InboundEvent {
    /** Checks for nulls. */
    public MessageReceived {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The customer edited a message received before (Telegram {@code edited_message}); the stored
   * message's body is replaced, no new message is created.
   *
   * @param inbox the inbox
   * @param channelMessageId the original message's channel id
   * @param body the new text
   * @param editedAt when it was edited
   */
  record MessageEdited(String inbox, String channelMessageId, String body, Instant editedAt)
      implements InboundEvent {
    /** Checks for nulls. */
    public MessageEdited {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(channelMessageId, "channelMessageId");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(editedAt, "editedAt");
    }
  }

  /**
   * A delivery status of a message we sent, matched by the external id the send returned.
   * Applying it twice, or out of order, never moves the status backwards.
   *
   * @param inbox the inbox
   * @param externalId the channel's id of our message (a {@code wamid})
   * @param status the new status
   * @param at when the channel says it happened
   * @param errorCode the channel's error code for {@code failed}, or null
   */
  record StatusChanged(
      String inbox, String externalId, DeliveryStatus status, Instant at, @Nullable String errorCode)
      implements InboundEvent {
    /** Checks for nulls. */
    public StatusChanged {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(externalId, "externalId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The customer started or stopped typing. Not stored.
   *
   * @param inbox the inbox
   * @param contactExternalId the contact's channel id
   * @param on true when typing started
   * @param at when
   */
  record Typing(String inbox, String contactExternalId, boolean on, Instant at) implements InboundEvent {
    /** Checks for nulls. */
    public Typing {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(contactExternalId, "contactExternalId");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The customer has seen everything up to {@code lastSeenAt} (a web chat read receipt): every
   * message sent to them on the inbox before that time counts as read. Idempotent and monotonic.
   *
   * @param inbox the inbox
   * @param contactExternalId the contact's channel id (the outbound recipient)
   * @param lastSeenAt up to when; never after the server's receipt time
   */
  record SeenUpTo(String inbox, String contactExternalId, Instant lastSeenAt) implements InboundEvent {
    /** Checks for nulls. */
    public SeenUpTo {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(contactExternalId, "contactExternalId");
      Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }
  }

  /**
   * A visitor known by {@code previousExternalId} proved to be {@code externalId} (a verified
   * identity, e.g. the web chat's HMAC of the host's user id). The engine merges the previous
   * contact into the identified one: its conversations move over and it is deleted; if the
   * identified one does not exist yet, the previous contact simply takes its id. Idempotent:
   * nothing happens when {@code previousExternalId} is unknown or already that contact.
   *
   * @param inbox the inbox
   * @param previousExternalId the anonymous channel id, e.g. {@code visitor:…}
   * @param externalId the verified channel id, e.g. {@code user:…}
   * @param at when
   */
  record ContactIdentified(String inbox, String previousExternalId, String externalId, Instant at)
      implements InboundEvent {
    /** Checks for nulls. */
    public ContactIdentified {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(previousExternalId, "previousExternalId");
      Objects.requireNonNull(externalId, "externalId");
      Objects.requireNonNull(at, "at");
    }
  }
}
