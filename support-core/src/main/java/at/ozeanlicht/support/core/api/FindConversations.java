package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Status;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Query: a page of conversations, most recent activity first. Null filters match everything.
 *
 * @param statuses statuses to include; empty for all
 * @param team team id, or null
 * @param assignee agent handle, or null
 * @param inbox inbox id, or null
 * @param kind conversation kind, or null
 * @param label a label the conversation must carry, or null
 * @param limit page size, 1 to 1000
 * @param cursor the {@link ConversationPage#nextCursor()} of the previous page, or null
 */
public record FindConversations(
    Set<Status> statuses,
    @Nullable String team,
    @Nullable String assignee,
    @Nullable String inbox,
    @Nullable ConversationKind kind,
    @Nullable String label,
    int limit,
    @Nullable String cursor) {
  /** Checks for nulls and the limit range; copies the set. */
  public FindConversations {
    statuses = Set.copyOf(statuses);
    if (limit < 1 || limit > 1000) {
      throw ValidationException.of("limit", "must be between 1 and 1000, was " + limit);
    }
  }

  /** Every conversation, 50 a page. */
  public static FindConversations all() {
    return new FindConversations(Set.of(), null, null, null, null, null, 50, null);
  }

  /** A copy with these statuses. */
  public FindConversations withStatuses(Set<Status> s) {
    return new FindConversations(s, team, assignee, inbox, kind, label, limit, cursor);
  }

  /** A copy with this team filter. */
  public FindConversations withTeam(@Nullable String t) {
    return new FindConversations(statuses, t, assignee, inbox, kind, label, limit, cursor);
  }

  /** A copy with this assignee filter. */
  public FindConversations withAssignee(@Nullable String a) {
    return new FindConversations(statuses, team, a, inbox, kind, label, limit, cursor);
  }

  /** A copy with this inbox filter. */
  public FindConversations withInbox(@Nullable String i) {
    return new FindConversations(statuses, team, assignee, i, kind, label, limit, cursor);
  }

  /** A copy with this kind filter. */
  public FindConversations withKind(@Nullable ConversationKind k) {
    return new FindConversations(statuses, team, assignee, inbox, k, label, limit, cursor);
  }

  /** A copy with this label filter. */
  public FindConversations withLabel(@Nullable String l) {
    return new FindConversations(statuses, team, assignee, inbox, kind, l, limit, cursor);
  }

  /** A copy with this page size. */
  public FindConversations withLimit(int l) {
    return new FindConversations(statuses, team, assignee, inbox, kind, label, l, cursor);
  }

  /** A copy starting after this cursor. */
  public FindConversations withCursor(@Nullable String c) {
    return new FindConversations(statuses, team, assignee, inbox, kind, label, limit, c);
  }

  static String requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    return value;
  }
}
