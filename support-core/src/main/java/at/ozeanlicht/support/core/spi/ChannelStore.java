package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.api.MessageContentView;
import at.ozeanlicht.support.core.api.OutboundView;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Port: the channel bookkeeping of one store transaction (reached through {@link
 * ConversationStore.Transaction#channels()}): claiming and recording outbound deliveries,
 * delivery statuses and message edits.
 *
 * <p>Outbound rows move {@code pending -> sending -> sent | pending | failed | dead}. A claim
 * sets {@code sending}, increments the attempt count and sets a lease; a dispatcher that dies
 * before recording leaves the row to be claimed again once the lease expired. Every record call
 * is fenced by the attempt number, so a late result of an expired claim changes nothing.
 */
public interface ChannelStore {

  /**
   * Claims up to {@code limit} rows of the given inboxes that are due ({@code pending} with
   * {@code next_attempt_at <= now}, or {@code sending} with an expired lease) and have made fewer
   * than {@code maxAttempts} attempts, skipping rows locked by others. Claimed rows are {@code
   * sending} until {@code leaseUntil}, with their attempt count increased.
   */
  List<OutboundDelivery> claimDue(
      Collection<String> inboxes, Instant now, Instant leaseUntil, int maxAttempts, int limit);

  /**
   * Marks {@code sending} rows whose lease expired after their last allowed attempt as {@code
   * dead} (the outcome of that attempt is unknown). Returns how many.
   */
  int buryExpired(Collection<String> inboxes, Instant now, int maxAttempts);

  /** Records acceptance of attempt {@code attempt}; false if the claim was lost meanwhile. */
  boolean markSent(UUID outboxId, int attempt, String externalId, Instant at);

  /** Puts attempt {@code attempt} back to {@code pending} until {@code nextAttemptAt}. */
  boolean markRetry(UUID outboxId, int attempt, Instant nextAttemptAt, String code, String error);

  /** Records a terminal outcome ({@code failed} or {@code dead}) of attempt {@code attempt}. */
  boolean markFinal(
      UUID outboxId, int attempt, OutboundStatus status, String code, String error, Instant at);

  /** Outbound rows in {@code status} (all when null), newest first. */
  List<OutboundView> findOutbound(@Nullable OutboundStatus status, int limit);

  /** One outbound row. */
  Optional<OutboundView> outbound(UUID outboxId);

  /**
   * Queues a {@code failed} or {@code dead} row again: {@code pending}, due at {@code now}, attempt
   * count reset. False if the row is in another state.
   */
  boolean requeue(UUID outboxId, Instant now);

  /**
   * Applies a channel's delivery status to the message sent with {@code externalId} on {@code
   * inbox}: only forwards ({@code sent < delivered < read}, {@code failed} terminal); sets the
   * message's delivered/read times. Returns false if unknown or not newer.
   */
  boolean applyStatus(
      String inbox, String externalId, DeliveryStatus status, Instant at, @Nullable String errorCode);

  /**
   * Whether the contact of {@code conversationId} was reported undeliverable (a bounce set the
   * contact attribute {@code undeliverable=true}); nothing is sent to such a contact.
   */
  default boolean contactUndeliverable(UUID conversationId) {
    return false;
  }

  /** Keeps the whole text and sanitized HTML of a just inserted message (same transaction). */
  void keepMessageContent(UUID messageId, String fullText, @Nullable String html);

  /** The whole content kept for a message, if any. */
  Optional<MessageContentView> messageContent(UUID messageId);

  /**
   * Merges contact {@code from} into {@code into}: conversations move over, missing name, e-mail
   * and phone are taken, attributes combined ({@code into} wins) and {@code from} is deleted with
   * its channel ids. With {@code into} null, {@code from}'s id on {@code channel} is renamed to
   * {@code externalId} instead. Returns the surviving contact.
   */
  UUID mergeContact(UUID from, @Nullable UUID into, String channel, String externalId);

  /**
   * Moves a {@code sending} row (fenced by {@code attempt}) to {@code inbox} on {@code channel}
   * and the conversation contact's e-mail address, pending now with attempts reset. False if the
   * contact has no e-mail address or the claim was lost.
   */
  boolean reroute(UUID outboxId, int attempt, String inbox, String channel, String reason, Instant now);

  /** Replaces the body of an incoming message (a customer edit). False if unknown. */
  boolean editMessage(String inbox, String channelMessageId, String body, Instant editedAt);

  /**
   * Marks every message sent on {@code inbox} to {@code recipient} and created at or before {@code
   * at} as read (a last-seen read receipt), never moving a status backwards. Returns how many.
   */
  int markReadUpTo(String inbox, String recipient, Instant at);

  /**
   * Keeps the exact bytes of an accepted webhook request with the headers worth auditing and the
   * receipt time, for audit and replay. Returns the row's id.
   */
  UUID keepRawPayload(String inbox, Instant receivedAt, String method, String path,
      Map<String, String> headers, byte[] body);

  /** Deletes up to {@code limit} raw payloads received before {@code before}; returns how many. */
  int purgeRawPayloads(Instant before, int limit);
}
