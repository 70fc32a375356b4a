package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to send a queued message, handed to {@link ChannelAdapter#send}. The engine builds
 * it from a claimed {@code outbound_messages} row; every attempt of the same row carries the same
 * {@link #idempotencyKey()}.
 *
 * @param outboxId the outbox row's id; also the idempotency key
 * @param messageId the message being sent
 * @param conversationId its conversation
 * @param inbox the inbox it is sent from
 * @param kind the message kind; adapters must reject anything but {@code outgoing}
 * @param recipient the contact's channel id (wa_id, Telegram chat id, address)
 * @param body the text
 * @param contentType the content type
 * @param attempt which attempt this is, starting at 1
 * @param lastInboundAt when the customer last wrote in this conversation (for windows such as
 *     WhatsApp's 24 hours), or null if never
 * @param replyTo the channel id of the customer's latest message, for threading, or null
 * @param conversationNumber the conversation's number (e-mail subject tag {@code [#4711]}), or 0
 *     if unknown
 * @param subject the conversation's subject attribute (see {@code ReceiveHints.SUBJECT}), or null
 */
public record OutboundDelivery(
    UUID outboxId,
    UUID messageId,
    UUID conversationId,
    String inbox,
    MessageKind kind,
    String recipient,
    String body,
    ContentType contentType,
    int attempt,
    @Nullable Instant lastInboundAt,
    @Nullable String replyTo,
    long conversationNumber,
    @Nullable String subject) {
  /** Checks for nulls and a positive attempt. */
  public OutboundDelivery {
    Objects.requireNonNull(outboxId, "outboxId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: must be 1 or more, was " + attempt);
    }
    if (conversationNumber < 0) {
      throw new IllegalArgumentException("conversationNumber: must be 0 or more, was " + conversationNumber);
    }
  }

  /** A delivery without conversation number and subject (channels that do not show them). */
  public OutboundDelivery(UUID outboxId, UUID messageId, UUID conversationId, String inbox,
      MessageKind kind, String recipient, String body, ContentType contentType, int attempt,
      @Nullable Instant lastInboundAt, @Nullable String replyTo) {
    this(outboxId, messageId, conversationId, inbox, kind, recipient, body, contentType, attempt,
        lastInboundAt, replyTo, 0, null);
  }

  /** The idempotency key towards the channel: the outbox id as text, the same on every attempt. */
  public String idempotencyKey() {
    return outboxId.toString();
  }

  /** Whether this is a public message a channel may see. */
  public boolean isPublic() {
    return kind == MessageKind.OUTGOING;
  }

  /** Ids only; never the body or the recipient. */
  @Override
  public String toString() {
    return "OutboundDelivery[outbox " + outboxId + ", message " + messageId + ", attempt " + attempt + "]";
  }
}
