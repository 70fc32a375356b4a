package at.ozeanlicht.support.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A conversation: a customer support thread, an internal team chat or a dev ticket.
 *
 * @param id the conversation's id
 * @param number a short human number, shown as {@code #4711}
 * @param kind support, team chat or dev ticket
 * @param inbox the inbox id it arrived through
 * @param contactId the customer; present for support conversations only
 * @param participants agent handles taking part (team chats and dev tickets, and mentioned agents)
 * @param status life-cycle state
 * @param priority priority
 * @param labels labels, sorted
 * @param team team id whose queue holds it, or null
 * @param assignee agent handle it is assigned to, or null
 * @param attributes custom attributes
 * @param externalId id in the system it was imported from, or null
 * @param createdAt when it was opened
 * @param lastActivityAt when the last message was added
 * @param firstResponseAt when the team first answered the customer, or null
 * @param resolvedAt when it was last resolved, or null while not resolved
 * @param snoozedUntil when a snoozed conversation wakes up, or null
 * @param version optimistic version, increases with every change
 */
public record Conversation(
    UUID id,
    long number,
    ConversationKind kind,
    String inbox,
    @Nullable UUID contactId,
    List<String> participants,
    Status status,
    Priority priority,
    Set<String> labels,
    @Nullable String team,
    @Nullable String assignee,
    Map<String, String> attributes,
    @Nullable String externalId,
    Instant createdAt,
    Instant lastActivityAt,
    @Nullable Instant firstResponseAt,
    @Nullable Instant resolvedAt,
    @Nullable Instant snoozedUntil,
    long version) {
  /** Checks for nulls and invariants; copies collections. */
  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Checks.text(inbox, "inbox");
    participants = List.copyOf(participants);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    labels = Set.copyOf(new java.util.TreeSet<>(labels));
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
    if (kind == ConversationKind.SUPPORT && contactId == null) {
      throw new IllegalArgumentException("contactId: required for support conversations");
    }
    if (status == Status.SNOOZED && snoozedUntil == null) {
      throw new IllegalArgumentException("snoozedUntil: required when status is snoozed");
    }
  }
}
