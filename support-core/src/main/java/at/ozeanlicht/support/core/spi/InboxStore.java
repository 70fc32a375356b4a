package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.ContextView;
import at.ozeanlicht.support.core.inbox.DevTicketState;
import at.ozeanlicht.support.core.inbox.InboxCounts;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.MentionView;
import at.ozeanlicht.support.core.inbox.ReadReceipt;
import at.ozeanlicht.support.core.inbox.SearchHit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Port: the unified inbox's reads and its collaboration bookkeeping (read state, mentions,
 * watchers, dev tickets, contact notes), inside one {@link ConversationStore.Transaction}.
 */
public interface InboxStore {
  /**
   * The resolved parts of an inbox query.
   *
   * @param reader the reading actor's id (unread counts, own messages)
   * @param assignee a handle, {@link at.ozeanlicht.support.core.inbox.InboxQuery#NONE}, or null
   * @param inboxes the inboxes channel/brand/inbox filters allow, or null for any
   * @param channels channel type per inbox id
   * @param now the query time (age, SLA state, urgent window)
   * @param soon how close a deadline counts as due soon
   * @param visibility which conversations the reader may see
   */
  record Scope(String reader, @Nullable String assignee, @Nullable Set<String> inboxes,
      Map<String, ChannelType> channels, Instant now, Duration soon, Visibility visibility) {
    /** Copies collections. */
    public Scope {
      inboxes = inboxes == null ? null : Set.copyOf(inboxes);
      channels = Map.copyOf(channels);
      java.util.Objects.requireNonNull(visibility, "visibility");
    }
  }

  /**
   * The conversations a reader may not see, as the access policy decides (issue 10), for a
   * predicate in the query itself so pages, counts and search hits stay right.
   *
   * @param hiddenTeams restricted teams the reader is no member of: their conversations are hidden
   *     unless assigned to {@code assignee}
   * @param assignee the reader's handle when the reader is an agent, else null
   * @param hiddenSpiritualTeam the spiritual team when the reader is no member: conversations in
   *     it or labelled {@code spiritualLabel} are hidden; null if none are
   * @param spiritualLabel the label marking a spiritual conversation
   */
  record Visibility(Set<String> hiddenTeams, @Nullable String assignee,
      @Nullable String hiddenSpiritualTeam, String spiritualLabel) {
    /** Copies the set. */
    public Visibility {
      hiddenTeams = Set.copyOf(hiddenTeams);
      java.util.Objects.requireNonNull(spiritualLabel, "spiritualLabel");
    }

    /** Everything visible (the system, or a workspace without restrictions). */
    public static Visibility all() {
      return new Visibility(Set.of(), null, null, at.ozeanlicht.support.core.api.PrivacySettings.SPIRITUAL_LABEL);
    }

    /** Whether nothing is hidden. */
    public boolean unrestricted() {
      return hiddenTeams.isEmpty() && hiddenSpiritualTeam == null;
    }
  }

  /** One page of the inbox. */
  InboxPage page(InboxQuery query, Scope scope);

  /**
   * The id of the conversation with this external id (team channels, DMs), read without loading
   * it, so the caller can then lock it fresh.
   */
  Optional<UUID> conversationIdByExternalId(String externalId);

  /** Tab counts over support conversations, in one query. */
  InboxCounts counts(String reader, Visibility visibility);

  /**
   * Full-text search; notes only for {@link Audience#TEAM}, contacts only for the team too. Hidden
   * conversations give no hits; a contact is a hit only if one of its conversations is visible or
   * it has none (an imported contact).
   */
  List<SearchHit> search(String text, Audience audience, int limit, Visibility visibility);

  /** Sets the reader's read mark to the newest message and marks the reader's mentions seen. */
  ReadReceipt markRead(UUID conversationId, String reader, Instant at);

  /** Read receipts of a conversation, most recent first. */
  List<ReadReceipt> readReceipts(UUID conversationId);

  /** Messages of the conversation newer than the reader's mark, not written by the reader. */
  long unread(UUID conversationId, String reader);

  /** Records an unseen mention of {@code agent}. */
  void insertMention(UUID messageId, UUID conversationId, String agent, @Nullable String viaTeam, Instant at);

  /** The agent's unseen mentions in conversations {@code visibility} lets them see, newest first. */
  List<MentionView> unseenMentions(String agent, int limit, Visibility visibility);

  /** Adds a watcher; false if already watching. */
  boolean watch(UUID conversationId, String agent, Instant at);

  /** Removes a watcher; false if not watching. */
  boolean unwatch(UUID conversationId, String agent);

  /** Watchers of a conversation, sorted. */
  List<String> watchers(UUID conversationId);

  /** A dev ticket's state, if the conversation is a dev ticket. */
  Optional<DevTicketState> devTicketState(UUID conversationId);

  /** Inserts or updates a dev ticket's state. */
  void saveDevTicketState(UUID conversationId, DevTicketState state, Instant at);

  /** Links a dev ticket to a support conversation that raised it; false if already linked. */
  boolean link(UUID devTicketId, UUID supportId, Instant at);

  /** The support conversations linked to a dev ticket. */
  List<UUID> linkedSupport(UUID devTicketId);

  /** The dev tickets linked to a support conversation. */
  List<UUID> linkedDevTickets(UUID supportId);

  /** Stores a note about a contact. */
  void insertContactNote(UUID contactId, ContextView.ContactNote note);

  /** Notes about a contact, newest first. */
  List<ContextView.ContactNote> contactNotes(UUID contactId, int limit);

  /** The contact's other conversations, newest first. */
  List<ContextView.Previous> previousConversations(UUID contactId, UUID except, int limit);
}
