package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Query: one page of the unified inbox. Empty sets and null values match everything; all filters
 * given must hold. Build with {@link #builder()}.
 *
 * @param kinds conversation kinds to include; empty for all
 * @param statuses statuses to include; empty for all
 * @param team team id, or null
 * @param label a label the conversation must carry, or null
 * @param channel channel type of the conversation's inbox, or null
 * @param inbox inbox id, or null
 * @param brand brand id of the conversation's inbox, or null
 * @param assignee an agent handle, {@value #ME} for the reading actor, {@value #NONE} for
 *     unassigned, or null for any
 * @param priorities priorities to include; empty for all
 * @param unread only conversations with messages the actor has not read
 * @param waiting only conversations whose last message (reply or incoming) is the customer's
 * @param urgentWithin only conversations whose running SLA deadline is within this much time
 *     (breached ones included), or null
 * @param sort the order
 * @param limit page size, 1 to 500
 * @param cursor {@link InboxPage#nextCursor()} of the previous page, or null
 * @param audience who reads the rows: decides whether a note may be the excerpt
 */
public record InboxQuery(
    Set<ConversationKind> kinds,
    Set<Status> statuses,
    @Nullable String team,
    @Nullable String label,
    @Nullable ChannelType channel,
    @Nullable String inbox,
    @Nullable String brand,
    @Nullable String assignee,
    Set<Priority> priorities,
    boolean unread,
    boolean waiting,
    @Nullable Duration urgentWithin,
    InboxSort sort,
    int limit,
    @Nullable String cursor,
    Audience audience) {

  /** {@link #assignee} value for "assigned to the reading actor". */
  public static final String ME = "me";
  /** {@link #assignee} value for "unassigned". */
  public static final String NONE = "none";

  /** Checks nulls and ranges; copies the sets. */
  public InboxQuery {
    kinds = Set.copyOf(kinds);
    statuses = Set.copyOf(statuses);
    priorities = Set.copyOf(priorities);
    Objects.requireNonNull(sort, "sort");
    Objects.requireNonNull(audience, "audience");
    if (limit < 1 || limit > 500) {
      throw ValidationException.of("limit", "must be between 1 and 500, was " + limit);
    }
    if (urgentWithin != null && urgentWithin.isNegative()) {
      throw ValidationException.of("urgentWithin", "must not be negative, was " + urgentWithin);
    }
  }

  /** A builder: every conversation, most recent activity first, 50 a page, team audience. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this query's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.kinds = kinds.isEmpty() ? EnumSet.noneOf(ConversationKind.class) : EnumSet.copyOf(kinds);
    b.statuses = statuses.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(statuses);
    b.priorities = priorities.isEmpty() ? EnumSet.noneOf(Priority.class) : EnumSet.copyOf(priorities);
    b.team = team;
    b.label = label;
    b.channel = channel;
    b.inbox = inbox;
    b.brand = brand;
    b.assignee = assignee;
    b.unread = unread;
    b.waiting = waiting;
    b.urgentWithin = urgentWithin;
    b.sort = sort;
    b.limit = limit;
    b.cursor = cursor;
    b.audience = audience;
    return b;
  }

  /** A copy starting after {@code next}. */
  public InboxQuery after(@Nullable String next) {
    return toBuilder().cursor(next).build();
  }

  /** Builds an {@link InboxQuery}; not thread-safe. */
  public static final class Builder {
    private Set<ConversationKind> kinds = EnumSet.noneOf(ConversationKind.class);
    private Set<Status> statuses = EnumSet.noneOf(Status.class);
    private Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    private @Nullable String team;
    private @Nullable String label;
    private @Nullable ChannelType channel;
    private @Nullable String inbox;
    private @Nullable String brand;
    private @Nullable String assignee;
    private boolean unread;
    private boolean waiting;
    private @Nullable Duration urgentWithin;
    private InboxSort sort = InboxSort.ACTIVITY;
    private int limit = 50;
    private @Nullable String cursor;
    private Audience audience = Audience.TEAM;

    private Builder() {}

    /** Adds a kind to include. */
    public Builder kind(ConversationKind k) {
      kinds.add(Objects.requireNonNull(k, "kind"));
      return this;
    }

    /** Adds a status to include. */
    public Builder status(Status s) {
      statuses.add(Objects.requireNonNull(s, "status"));
      return this;
    }

    /** Adds a priority to include. */
    public Builder priority(Priority p) {
      priorities.add(Objects.requireNonNull(p, "priority"));
      return this;
    }

    /** Team filter, or null. */
    public Builder team(@Nullable String t) {
      team = t;
      return this;
    }

    /** Label filter, or null. */
    public Builder label(@Nullable String l) {
      label = l;
      return this;
    }

    /** Channel filter, or null. */
    public Builder channel(@Nullable ChannelType c) {
      channel = c;
      return this;
    }

    /** Inbox filter, or null. */
    public Builder inbox(@Nullable String i) {
      inbox = i;
      return this;
    }

    /** Brand filter, or null. */
    public Builder brand(@Nullable String b) {
      brand = b;
      return this;
    }

    /** Assignee filter: a handle, {@value InboxQuery#ME}, {@value InboxQuery#NONE}, or null. */
    public Builder assignee(@Nullable String a) {
      assignee = a;
      return this;
    }

    /** Only unread conversations. */
    public Builder unread(boolean u) {
      unread = u;
      return this;
    }

    /** Only conversations waiting on us. */
    public Builder waiting(boolean w) {
      waiting = w;
      return this;
    }

    /** Only conversations whose SLA deadline is within {@code d} or breached; null for any. */
    public Builder urgentWithin(@Nullable Duration d) {
      urgentWithin = d;
      return this;
    }

    /** The order. */
    public Builder sort(InboxSort s) {
      sort = Objects.requireNonNull(s, "sort");
      return this;
    }

    /** Page size, 1 to 500. */
    public Builder limit(int l) {
      limit = l;
      return this;
    }

    /** Continue after this cursor, or null. */
    public Builder cursor(@Nullable String c) {
      cursor = c;
      return this;
    }

    /** Who reads the rows. */
    public Builder audience(Audience a) {
      audience = Objects.requireNonNull(a, "audience");
      return this;
    }

    /** The query; throws {@link ValidationException} on a bad limit or window. */
    public InboxQuery build() {
      return new InboxQuery(kinds, statuses, team, label, channel, inbox, brand, assignee,
          priorities, unread, waiting, urgentWithin, sort, limit, cursor, audience);
    }
  }
}
