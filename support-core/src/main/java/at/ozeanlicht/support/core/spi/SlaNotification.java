package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * News about an SLA clock for people: a warning or a breach. Non-urgent news that happens after
 * hours waits for the next opening of the inbox's calendar ({@code deliverAt}); urgent breaches
 * after hours go to on-call at once ({@code onCall}).
 *
 * @param id unique id (a notifier uses it to drop repeats)
 * @param clockId the clock
 * @param conversationId the conversation
 * @param conversationNumber its short number ({@code #4711})
 * @param kind warning or breach
 * @param metric the clock's metric
 * @param policy the SLA policy id
 * @param priority the conversation's priority when the news happened
 * @param team the conversation's team, or null
 * @param assignee the assigned agent, or null
 * @param dueAt the clock's deadline
 * @param onCall true when this must reach on-call (urgent, after hours)
 * @param deliverAt when it is to be delivered
 * @param createdAt when it happened
 */
public record SlaNotification(
    UUID id,
    UUID clockId,
    UUID conversationId,
    long conversationNumber,
    Kind kind,
    SlaMetric metric,
    String policy,
    Priority priority,
    @Nullable String team,
    @Nullable String assignee,
    Instant dueAt,
    boolean onCall,
    Instant deliverAt,
    Instant createdAt) {
  /** Checks for nulls. */
  public SlaNotification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clockId, "clockId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(deliverAt, "deliverAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Warning or breach. */
  public enum Kind implements at.ozeanlicht.support.core.domain.Wire {
    /** The warning share of the target has passed. */
    WARNING,
    /** The deadline has passed. */
    BREACH;

    @Override
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
