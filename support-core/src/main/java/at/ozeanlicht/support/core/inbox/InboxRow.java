package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the unified inbox: what the list on the left shows.
 *
 * @param id conversation id
 * @param number short conversation number
 * @param kind support, team chat or dev ticket
 * @param status conversation status
 * @param priority priority
 * @param inbox inbox id ({@code team} for team chat and dev tickets)
 * @param channel channel type of the inbox, or null for internal conversations
 * @param title the contact's name (support), {@code #channel} or the DM partners (team chat), the
 *     ticket title (dev tickets); null when unknown
 * @param excerpt start of the last message the audience may see, or null
 * @param lastActivityAt last activity
 * @param age time since the conversation was opened, at query time
 * @param labels labels
 * @param team team id, or null
 * @param assignee agent handle, or null
 * @param unread messages newer than the actor's read mark and not written by the actor
 * @param sla SLA state at query time
 * @param slaDueAt earliest running SLA deadline, or null
 * @param waiting whether the last word is the customer's
 */
public record InboxRow(
    UUID id,
    long number,
    ConversationKind kind,
    Status status,
    Priority priority,
    String inbox,
    @Nullable ChannelType channel,
    @Nullable String title,
    @Nullable String excerpt,
    Instant lastActivityAt,
    Duration age,
    Set<String> labels,
    @Nullable String team,
    @Nullable String assignee,
    long unread,
    SlaState sla,
    @Nullable Instant slaDueAt,
    boolean waiting) {
  /** Checks for nulls; copies the labels. */
  public InboxRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
    Objects.requireNonNull(age, "age");
    labels = Set.copyOf(new java.util.TreeSet<>(labels));
    Objects.requireNonNull(sla, "sla");
  }
}
