package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.ChannelType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A public message waiting in the outbox to be sent to a customer channel. Written in the same
 * transaction as the message; a dispatcher sends it after commit. Notes never become one.
 *
 * @param id outbox id, also the idempotency key towards the channel
 * @param messageId the message to send
 * @param conversationId its conversation
 * @param inbox the inbox to send from
 * @param channel the channel type
 * @param recipient the contact's id on that channel
 * @param createdAt when it was queued
 */
public record OutboundMessage(
    UUID id,
    UUID messageId,
    UUID conversationId,
    String inbox,
    ChannelType channel,
    String recipient,
    Instant createdAt) {
  /** Checks for nulls. */
  public OutboundMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
