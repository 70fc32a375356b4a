package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Read model of one queued outbound message (the outbox), for agents and operators.
 *
 * @param id the outbox id (also the idempotency key)
 * @param messageId the message
 * @param conversationId its conversation
 * @param inbox the inbox it is sent from
 * @param channel the channel type
 * @param status where it stands
 * @param attempts attempts made so far
 * @param nextAttemptAt when it is due next (for {@code sending}: when its lease ends)
 * @param lastErrorCode the channel's code of the last failure, or null
 * @param lastError a short description of the last failure, or null
 * @param externalId the channel's id once accepted, or null
 * @param deliveryStatus the channel's latest delivery status, or null
 * @param createdAt when it was queued
 * @param sentAt when the channel accepted it, or null
 */
public record OutboundView(
    UUID id,
    UUID messageId,
    UUID conversationId,
    String inbox,
    ChannelType channel,
    OutboundStatus status,
    int attempts,
    Instant nextAttemptAt,
    @Nullable String lastErrorCode,
    @Nullable String lastError,
    @Nullable String externalId,
    @Nullable DeliveryStatus deliveryStatus,
    Instant createdAt,
    @Nullable Instant sentAt) {
  /** Checks for nulls. */
  public OutboundView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
