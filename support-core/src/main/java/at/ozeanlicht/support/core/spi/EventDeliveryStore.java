package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Port: delivery of outbox events to host webhooks within one store transaction (reached through
 * {@link ConversationStore.Transaction#eventDeliveries()}).
 *
 * <p>Rows move {@code pending -> sending -> delivered | pending | dead}, like outbound messages:
 * a claim sets a lease and increments the attempt count, and every record call is fenced by the
 * attempt number, so a late result of an expired claim changes nothing.
 */
public interface EventDeliveryStore {

  /**
   * One claimed delivery.
   *
   * @param deliveryId the delivery id; the same on every attempt (the host dedupes on it)
   * @param endpoint the endpoint's name
   * @param attempt which attempt this is, from 1
   * @param event the event
   */
  record Claimed(UUID deliveryId, String endpoint, int attempt, DomainEvent event) {
    /** Checks for nulls. */
    public Claimed {
      Objects.requireNonNull(deliveryId, "deliveryId");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * Creates a pending delivery per endpoint for up to {@code limit} events not yet fanned out, and
   * marks them fanned out; rows locked by another node are skipped. Returns how many events.
   */
  int fanOut(Collection<String> endpoints, Instant now, int limit);

  /**
   * Claims up to {@code limit} due deliveries of {@code endpoints} ({@code pending} and due, or
   * {@code sending} with an expired lease) with fewer than {@code maxAttempts} attempts, skipping
   * rows locked by others.
   */
  List<Claimed> claimDue(
      Collection<String> endpoints, Instant now, Instant leaseUntil, int maxAttempts, int limit);

  /** Marks {@code sending} rows whose lease expired after their last attempt {@code dead}. */
  int buryExpired(Collection<String> endpoints, Instant now, int maxAttempts);

  /** Records success of attempt {@code attempt}; false if the claim was lost. */
  boolean markDelivered(UUID deliveryId, int attempt, Instant at);

  /** Puts attempt {@code attempt} back to {@code pending} until {@code next}. */
  boolean markRetry(UUID deliveryId, int attempt, Instant next, String error);

  /** Gives up after attempt {@code attempt}. */
  boolean markDead(UUID deliveryId, int attempt, String error);
}
