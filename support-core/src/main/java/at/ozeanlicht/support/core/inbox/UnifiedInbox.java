package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ChangeStatus;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.LabelConversation;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.RenderedText;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.SupportException;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.ContextProvider;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventListener;
import at.ozeanlicht.support.core.spi.InboxStore;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unified inbox of one engine: inbox pages and tab counts, full-text search, read state,
 * mentions, watchers, team chat channels and direct messages, dev tickets, warm handoffs, the
 * customer context and bulk actions. Get it from {@code SupportEngine.inbox()}.
 *
 * <p>Every method takes the {@link Actor} it runs for; writes that put text into a thread need an
 * agent of the workspace. Each command is one transaction (bulk actions: one per conversation)
 * writing its domain events to the outbox; listeners hear them after the commit. Typing
 * indicators are the exception: they go to the listeners only and are never stored.
 *
 * <p>Access (issue 10): pages, counts and search leave out conversations the actor may not see
 * (restricted teams, spiritual conversations; see {@code SupportSession}), as a predicate in the
 * query; reading or changing such a conversation by id throws {@code AccessDeniedException}
 * naming actor, action and conversation. Every command is written to the audit log under the
 * actor, in its transaction.
 *
 * <p>Thread-safe; holds no state of its own beyond the engine's collaborators.
 */
public final class UnifiedInbox {
  private static final Logger LOG = LoggerFactory.getLogger(UnifiedInbox.class);
  /** The inbox id of internal conversations (team chat, direct messages, dev tickets). */
  public static final String TEAM_INBOX = "team";
  /** A deadline this close counts as {@link SlaState#DUE_SOON}. */
  public static final Duration DUE_SOON = Duration.ofMinutes(30);
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final int MAX_TEXT = 10_000;

  private final SupportEngine engine;
  private final ConversationStore store;
  private final Workspace workspace;
  private final Clock clock;
  private final List<EventListener> listeners;
  private final @Nullable ContextProvider contextProvider;
  private final InboxGuard guard;

  /**
   * Used by the engine; hosts call {@code SupportEngine.inbox()}.
   *
   * @param engine the engine whose commands (assign, label, status, render) the inbox reuses
   * @param store the engine's store
   * @param workspace the engine's workspace
   * @param clock the engine's clock
   * @param listeners the engine's event listeners
   * @param contextProvider the host's context provider, or null
   * @param guard the engine's access policy and audit log
   */
  public UnifiedInbox(SupportEngine engine, ConversationStore store, Workspace workspace, Clock clock,
      List<EventListener> listeners, @Nullable ContextProvider contextProvider, InboxGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.store = Objects.requireNonNull(store, "store");
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listeners = List.copyOf(listeners);
    this.contextProvider = contextProvider;
  }

  // ---------------------------------------------------------------- queries

  /**
   * One page of the inbox for {@code actor}.
   *
   * @throws ValidationException naming each unknown team, inbox, brand or assignee
   */
  public InboxPage page(Actor actor, InboxQuery query) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(query, "query");
    List<FieldProblem> problems = new ArrayList<>();
    if (query.team() != null && workspace.team(query.team()).isEmpty()) {
      problems.add(FieldProblem.of("team", "unknown team '" + query.team() + "'"));
    }
    if (query.inbox() != null && !TEAM_INBOX.equals(query.inbox()) && workspace.inbox(query.inbox()).isEmpty()) {
      problems.add(FieldProblem.of("inbox", "unknown inbox '" + query.inbox() + "'"));
    }
    if (query.brand() != null && workspace.brand(query.brand()).isEmpty()) {
      problems.add(FieldProblem.of("brand", "unknown brand '" + query.brand() + "'"));
    }
    String assignee = query.assignee();
    if (InboxQuery.ME.equals(assignee)) {
      assignee = actor.id();
    } else if (assignee != null && !InboxQuery.NONE.equals(assignee) && workspace.agent(assignee).isEmpty()) {
      problems.add(FieldProblem.of("assignee",
          "must be an agent handle, 'me' or 'none', was '" + assignee + "'"));
    }
    throwIf(problems);
    guard.requireTeam(actor, "list", query.team());
    Set<String> inboxes = null;
    if (query.inbox() != null || query.channel() != null || query.brand() != null) {
      inboxes = new HashSet<>();
      for (Inbox i : workspace.inboxes()) {
        if ((query.inbox() == null || query.inbox().equals(i.id()))
            && (query.channel() == null || query.channel() == i.channel())
            && (query.brand() == null || query.brand().equals(i.brand()))) {
          inboxes.add(i.id());
        }
      }
      if (TEAM_INBOX.equals(query.inbox()) && query.channel() == null && query.brand() == null) {
        inboxes.add(TEAM_INBOX);
      }
    }
    Map<String, ChannelType> channels = new HashMap<>();
    workspace.inboxes().forEach(i -> channels.put(i.id(), i.channel()));
    InboxStore.Scope scope = new InboxStore.Scope(actor.id(), assignee, inboxes, channels,
        clock.instant(), DUE_SOON, guard.visibility(actor));
    return store.inTransaction(tx -> tx.inbox().page(query, scope));
  }

  /** Tab counts (Open, Mine, Unassigned, Assigned, Resolved, per team) in one query. */
  public InboxCounts counts(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return store.inTransaction(tx -> tx.inbox().counts(actor.id(), guard.visibility(actor)));
  }

  /**
   * Full-text search over messages (German and English stemming, accents ignored) and, for the
   * team, contacts. A {@link Audience#CUSTOMER} search never returns notes or internal conversations.
   *
   * @param text the query in web-search syntax ({@code "exact phrase"}, {@code -not}, {@code or})
   * @param limit at most this many message hits (and as many contact hits), 1 to 200
   */
  public List<SearchHit> search(Actor actor, String text, Audience audience, int limit) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(audience, "audience");
    List<FieldProblem> problems = new ArrayList<>();
    if (text == null || text.isBlank()) {
      problems.add(FieldProblem.of("query", "must not be blank"));
    } else if (text.length() > 500) {
      problems.add(FieldProblem.of("query", "must be at most 500 characters, was " + text.length()));
    }
    if (limit < 1 || limit > 200) {
      problems.add(FieldProblem.of("limit", "must be between 1 and 200, was " + limit));
    }
    throwIf(problems);
    return store.inTransaction(tx -> tx.inbox().search(text, audience, limit, guard.visibility(actor)));
  }

  /**
   * The messages of a conversation {@code audience} may see, oldest first: the whole history
   * (notes and activities included) for the team, incoming and outgoing only for a customer.
   *
   * @throws at.ozeanlicht.support.core.api.AccessDeniedException if the actor may not see the
   *     conversation (for {@link Audience#CUSTOMER}, checked for agents only)
   */
  public List<Message> thread(Actor actor, UUID conversationId, Audience audience) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(audience, "audience");
    return store.inTransaction(tx -> {
      // Like SupportSession.transcript: the customer-facing thread is checked for agents only,
      // services (a customer portal, the web chat) and the system get any.
      Conversation c = audience == Audience.CUSTOMER && actor.kind() != Actor.Kind.AGENT
          ? tx.conversation(conversationId, false).orElseThrow(() -> notFound(conversationId))
          : visible(tx, actor, "read", conversationId);
      if (audience == Audience.CUSTOMER && c.kind() != ConversationKind.SUPPORT) {
        return List.<Message>of();
      }
      return tx.messages(conversationId).stream()
          .filter(m -> audience == Audience.TEAM || m.kind() == MessageKind.INCOMING
              || m.kind() == MessageKind.OUTGOING)
          .toList();
    });
  }

  /** Messages of the conversation the actor has not read (the actor's own do not count). */
  public long unread(Actor actor, UUID conversationId) {
    return readVisible(actor, conversationId, inbox -> inbox.unread(conversationId, actor.id()));
  }

  /**
   * The actor's unseen @mentions, newest first (at most 200); mentions in conversations the actor
   * may not see (restricted teams, the spiritual restriction) are left out.
   */
  public List<MentionView> mentions(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    return store.inTransaction(tx -> tx.inbox().unseenMentions(actor.id(), 200, guard.visibility(actor)));
  }

  /** Who has read how far (read receipts), most recent first. */
  public List<ReadReceipt> readReceipts(Actor actor, UUID conversationId) {
    return readVisible(actor, conversationId, inbox -> inbox.readReceipts(conversationId));
  }

  /** The conversation's watchers, sorted. */
  public List<String> watchers(Actor actor, UUID conversationId) {
    return readVisible(actor, conversationId, inbox -> inbox.watchers(conversationId));
  }

  /** A dev ticket's state; empty if the conversation is no dev ticket. */
  public Optional<DevTicketState> devTicketState(Actor actor, UUID conversationId) {
    return readVisible(actor, conversationId, inbox -> inbox.devTicketState(conversationId));
  }

  /** The support conversations that raised a dev ticket. */
  public List<UUID> linkedSupport(Actor actor, UUID devTicketId) {
    return readVisible(actor, devTicketId, inbox -> inbox.linkedSupport(devTicketId));
  }

  /** The dev tickets raised from a support conversation. */
  public List<UUID> linkedDevTickets(Actor actor, UUID supportId) {
    return readVisible(actor, supportId, inbox -> inbox.linkedDevTickets(supportId));
  }

  /** Checks that {@code actor} may read the conversation, then runs {@code query} in that transaction. */
  private <T> T readVisible(Actor actor, UUID conversationId, Function<InboxStore, T> query) {
    Objects.requireNonNull(actor, "actor");
    return store.inTransaction(tx -> {
      visible(tx, actor, "read", conversationId);
      return query.apply(tx.inbox());
    });
  }

  /**
   * The customer context of a conversation: contact, member since, previous conversations and
   * their outcome, contact notes, time zone, and the host's {@link ContextProvider} values.
   */
  public ContextView context(Actor actor, UUID conversationId) {
    Objects.requireNonNull(actor, "actor");
    return store.inTransaction(tx -> {
      Conversation c = visible(tx, actor, "read", conversationId);
      Contact contact = c.contactId() == null ? null : tx.contact(c.contactId()).orElse(null);
      ZoneId zone = workspace.defaults().zone();
      List<ContextView.Previous> previous = List.of();
      List<ContextView.ContactNote> notes = List.of();
      if (contact != null) {
        zone = zoneOf(contact, zone);
        previous = tx.inbox().previousConversations(contact.id(), c.id(), 20);
        notes = tx.inbox().contactNotes(contact.id(), 50);
      }
      return new ContextView(c.id(), contact, contact == null ? null : contact.createdAt(), zone,
          previous, notes, hostValues(c, contact));
    });
  }

  private static ZoneId zoneOf(Contact contact, ZoneId fallback) {
    String tz = contact.attributes().get("timezone");
    if (tz == null) {
      return fallback;
    }
    try {
      return ZoneId.of(tz);
    } catch (java.time.DateTimeException e) {
      return fallback; // a host-written attribute; a bad one must not hide the context
    }
  }

  private Map<String, String> hostValues(Conversation c, @Nullable Contact contact) {
    ContextProvider provider = contextProvider;
    if (provider == null) {
      return Map.of();
    }
    try {
      return Map.copyOf(provider.values(c, contact));
    } catch (RuntimeException e) {
      LOG.warn("context provider {} failed for conversation {}: {}", provider.getClass().getName(), c.id(), e.toString());
      return Map.of();
    }
  }

  // ---------------------------------------------------------------- read state, watching, typing

  /** Marks everything in the conversation read for the actor; emits {@code conversation.read}. */
  public ReadReceipt markRead(Actor actor, UUID conversationId) {
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    return run(actor, "markRead", w -> {
      visible(w.tx, actor, "markRead", conversationId);
      ReadReceipt r = w.tx.inbox().markRead(conversationId, actor.id(), now);
      w.event("conversation.read", conversationId, now,
          Map.of("reader", actor.id(), "lastReadSeq", Long.toString(r.lastReadSeq())));
      return r;
    });
  }

  /** Starts watching; returns false if the actor already watched. */
  public boolean watch(Actor actor, UUID conversationId) {
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    return run(actor, "watch", w -> {
      visible(w.tx, actor, "watch", conversationId);
      return w.tx.inbox().watch(conversationId, actor.id(), now);
    });
  }

  /** Stops watching; returns false if the actor did not watch. */
  public boolean unwatch(Actor actor, UUID conversationId) {
    Objects.requireNonNull(actor, "actor");
    return store.inTransaction(tx -> tx.inbox().unwatch(conversationId, actor.id()));
  }

  /**
   * Tells the listeners that the actor is typing in the conversation: an ephemeral {@code
   * typing} event, never written to the outbox or any table.
   */
  public void typing(Actor actor, UUID conversationId) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(conversationId, "conversationId");
    publish(List.of(new DomainEvent(UUID.randomUUID(), "typing", conversationId, clock.instant(),
        Map.of("actor", actor.id()))));
  }

  // ---------------------------------------------------------------- notes and team chat

  /**
   * Adds a private note (team only, never sent to a channel). {@code @agent} and {@code @team}
   * mentions become unread markers for the mentioned and a {@code mention.created} event each.
   */
  public Message addNote(Actor actor, UUID conversationId, String text) {
    String author = author(actor, text);
    return run(actor, "addNote", w -> post(w, w.load(conversationId, actor, "addNote"), author, text));
  }

  /**
   * Posts to a team channel ({@code general}, {@code tech-support} ...), creating the channel on
   * its first post. A leading {@code #} is ignored.
   */
  public Message postToChannel(Actor actor, String channel, String text) {
    String author = author(actor, text);
    String name = channelName(channel);
    return createOnce(() -> run(actor, "postToChannel", w -> post(w, findOrCreate(w, "channel:" + name, "#" + name, List.of()), author, text)));
  }

  /** Sends a direct message from the actor to another agent (one DM conversation per pair). */
  public Message directMessage(Actor actor, String toAgent, String text) {
    String author = author(actor, text);
    if (toAgent == null || workspace.agent(toAgent).isEmpty()) {
      throw ValidationException.of("to", "unknown agent '" + toAgent + "'");
    }
    if (toAgent.equals(author)) {
      throw ValidationException.of("to", "must be another agent than the sender");
    }
    List<String> pair = java.util.stream.Stream.of(author, toAgent).sorted().toList();
    return createOnce(() -> run(actor, "directMessage", w -> post(w, findOrCreate(w, "dm:" + String.join("+", pair),
        String.join(", ", pair), pair), author, text)));
  }

  /**
   * Posts a canned response (a macros.yaml snippet) to a team channel, rendered for the actor.
   *
   * @throws NotFoundException if there is no canned response of that name
   */
  public Message postCanned(Actor actor, String channel, String name) {
    author(actor, "-");
    String ch = channelName(channel);
    UUID id = createOnce(() -> run(actor, "postCanned", w -> findOrCreate(w, "channel:" + ch, "#" + ch, List.of()))).id();
    List<RenderedText> texts = engine.render(name, id, actor.id(), null);
    String text = texts.stream().map(RenderedText::text).reduce((a, b) -> a + "\n\n" + b).orElse("");
    return addNote(actor, id, text);
  }

  /**
   * Opens a dev ticket (state {@code new}) for the dev team, optionally linked to the support
   * conversations that raised it. The body is its first message.
   *
   * @param team the team to route it to (e.g. {@code tech}), or null
   */
  public Conversation openDevTicket(Actor actor, String title, String body, @Nullable String team,
      List<UUID> raisedFrom) {
    String author = author(actor, body);
    List<FieldProblem> problems = new ArrayList<>();
    if (title == null || title.isBlank() || title.length() > 200) {
      problems.add(FieldProblem.of("title", "must be 1 to 200 characters"));
    }
    if (team != null && workspace.team(team).isEmpty()) {
      problems.add(FieldProblem.of("team", "unknown team '" + team + "'"));
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(actor, "openDevTicket", w -> {
      for (UUID s : raisedFrom) {
        Conversation support = visible(w.tx, actor, "openDevTicket", s);
        if (support.kind() != ConversationKind.SUPPORT) {
          throw ValidationException.of("raisedFrom", "#" + support.number() + " is not a support conversation");
        }
      }
      Conversation c = new Conversation(UUID.randomUUID(), w.tx.nextConversationNumber(),
          ConversationKind.DEV_TICKET, TEAM_INBOX, null, List.of(author), Status.OPEN,
          at.ozeanlicht.support.core.domain.Priority.NORMAL, Set.of(), team, null,
          Map.of("title", title.strip()), null, now, now, null, null, null, 0);
      w.tx.insertConversation(c);
      w.tx.inbox().saveDevTicketState(c.id(), DevTicketState.NEW, now);
      for (UUID s : raisedFrom) {
        w.tx.inbox().link(c.id(), s, now);
      }
      w.event("dev_ticket.opened", c.id(), now, Map.of("state", DevTicketState.NEW.wire()));
      post(w, c, author, body);
      return w.tx.conversation(c.id(), false).orElseThrow();
    });
  }

  /**
   * Moves a dev ticket to another state (see {@link DevTicketState} for the allowed moves),
   * writing an activity message; finishing resolves the conversation, reopening opens it.
   *
   * @throws ValidationException if the move is not allowed or the conversation is no dev ticket
   */
  public DevTicketState moveDevTicket(Actor actor, UUID ticketId, DevTicketState to) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(to, "to");
    Instant now = clock.instant();
    // One transaction: the state, its activity and, when finishing or reopening, the status change.
    guard.inOneTransaction(actor, "moveDevTicket", w -> {
      Conversation c = w.load(ticketId);
      DevTicketState state = w.tx().inbox().devTicketState(ticketId).orElseThrow(
          () -> ValidationException.of("conversationId", "#" + c.number() + " is not a dev ticket"));
      if (!state.next().contains(to)) {
        throw ValidationException.of("state", "cannot move from " + state.wire() + " to " + to.wire()
            + "; allowed: " + state.next().stream().map(DevTicketState::wire).sorted().toList());
      }
      w.tx().inbox().saveDevTicketState(ticketId, to, now);
      Activity.write(w.tx(), c, "Dev ticket moved from " + state.wire() + " to " + to.wire()
          + " by " + actor.id(), now);
      w.event("dev_ticket.state_changed", ticketId, now, Map.of("from", state.wire(), "to", to.wire()));
      if (to.finished() != state.finished()) {
        engine.changeStatus(new ChangeStatus(ticketId, to.finished() ? Status.RESOLVED : Status.OPEN,
            actor.kind() == Actor.Kind.AGENT ? actor.id() : null));
      }
      return state;
    });
    return to;
  }

  /** Links a dev ticket to a support conversation that raised it; false if already linked. */
  public boolean linkDevTicket(Actor actor, UUID ticketId, UUID supportId) {
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    return run(actor, "linkDevTicket", w -> {
      visible(w.tx, actor, "linkDevTicket", ticketId);
      w.tx.inbox().devTicketState(ticketId).orElseThrow(
          () -> ValidationException.of("ticketId", "not a dev ticket: " + ticketId));
      Conversation s = visible(w.tx, actor, "linkDevTicket", supportId);
      if (s.kind() != ConversationKind.SUPPORT) {
        throw ValidationException.of("supportId", "#" + s.number() + " is not a support conversation");
      }
      boolean added = w.tx.inbox().link(ticketId, supportId, now);
      if (added) {
        w.event("dev_ticket.linked", ticketId, now, Map.of("supportId", supportId.toString()));
      }
      return added;
    });
  }

  /** Stores a note about a contact ("prefers phone for complex issues"), shown in the context. */
  public ContextView.ContactNote addContactNote(Actor actor, UUID contactId, String text) {
    String author = author(actor, text);
    Instant now = clock.instant();
    return run(actor, "addContactNote", w -> {
      w.tx.contact(contactId).orElseThrow(() -> new NotFoundException("contactId: no contact " + contactId));
      ContextView.ContactNote note = new ContextView.ContactNote(UUID.randomUUID(), author, text.strip(), now);
      w.tx.inbox().insertContactNote(contactId, note);
      w.event("contact.note_added", null, now, Map.of("contactId", contactId.toString(), "noteId", note.id().toString()));
      return note;
    });
  }

  // ---------------------------------------------------------------- handoff and bulk

  /**
   * Warm handoff: assigns the conversation to {@code team} and/or {@code agent} (the engine writes
   * "… joined the conversation"), adds the receiver as a watcher, and adds the actor's handoff
   * note, which mentions the receiver. The receiver sees the whole history, notes included, so
   * the customer repeats nothing.
   *
   * @param note what the receiver needs to know, or null
   */
  public Conversation handoff(Actor actor, UUID conversationId, @Nullable String team,
      @Nullable String agent, @Nullable String note) {
    String author = author(actor, note == null ? "-" : note);
    if (team == null && agent == null) {
      throw ValidationException.of("to", "give a team or an agent to hand off to");
    }
    Instant now = clock.instant();
    String receiver = agent != null ? "@" + agent : "@" + team;
    String text = "Handoff to " + receiver + (note == null || note.isBlank() ? "" : ": " + note.strip());
    // One transaction: the assignment and its activity, the watcher, the event and the note.
    return guard.inOneTransaction(actor, "handoff", w -> {
      engine.assign(new AssignConversation(conversationId, team, agent, author));
      Conversation c = w.load(conversationId);
      if (agent != null) {
        w.tx().inbox().watch(conversationId, agent, now);
      }
      w.event("conversation.handoff", conversationId, now, handoffData(author, team, agent));
      return NoteWriter.write(w.tx(), workspace, w::event, c, author, text, now).conversation();
    });
  }

  private static Map<String, String> handoffData(String from, @Nullable String team, @Nullable String agent) {
    Map<String, String> data = new HashMap<>();
    data.put("from", from);
    if (team != null) {
      data.put("team", team);
    }
    if (agent != null) {
      data.put("agent", agent);
    }
    return data;
  }

  /**
   * Applies an action to each listed conversation in its own transaction; one failing does not
   * stop or undo the others.
   */
  public List<BulkResult> bulk(Actor actor, BulkAction action, List<UUID> conversationIds) {
    Objects.requireNonNull(actor, "actor");
    BulkAction.require(action);
    if (conversationIds.size() > 1000) {
      throw ValidationException.of("conversationIds", "at most 1000 at once, was " + conversationIds.size());
    }
    String by = actor.kind() == Actor.Kind.AGENT ? actor.id() : null;
    java.util.LinkedHashSet<UUID> ids = new java.util.LinkedHashSet<>(conversationIds);
    // issue 10: refused as a whole, before any change, if one listed conversation is hidden
    store.inTransaction(tx -> {
      for (UUID id : ids) {
        tx.conversation(id, false).ifPresent(c -> guard.requireVisible(actor, "bulk", c));
      }
      return null;
    });
    List<BulkResult> results = new ArrayList<>();
    for (UUID id : ids) {
      try {
        guard.acting(actor, "bulk", () -> {
          if (action instanceof BulkAction.Assign a) {
            return engine.assign(new AssignConversation(id, a.team(), a.assignee(), by));
          } else if (action instanceof BulkAction.Label l) {
            return engine.label(new LabelConversation(id, l.add(), l.remove(), by));
          }
          return engine.changeStatus(new ChangeStatus(id, Status.RESOLVED, by));
        });
        results.add(new BulkResult(id, true, null, null));
      } catch (SupportException e) {
        results.add(new BulkResult(id, false, e.code().name().toLowerCase(java.util.Locale.ROOT), e.getMessage()));
      }
    }
    return results;
  }

  /**
   * Applies an action to every conversation the query selects (all its pages, at most {@code max}).
   */
  public List<BulkResult> bulk(Actor actor, BulkAction action, InboxQuery selection, int max) {
    if (max < 1 || max > 1000) {
      throw ValidationException.of("max", "must be between 1 and 1000, was " + max);
    }
    List<UUID> ids = new ArrayList<>();
    InboxQuery q = selection.toBuilder().cursor(null).limit(Math.min(max, 500)).build();
    while (ids.size() < max) {
      InboxPage p = page(actor, q);
      p.rows().stream().limit(max - ids.size()).forEach(r -> ids.add(r.id()));
      if (p.nextCursor() == null) {
        break;
      }
      q = q.after(p.nextCursor());
    }
    return bulk(actor, action, ids);
  }

  // ---------------------------------------------------------------- helpers

  private Message post(Work w, Conversation c, String author, String text) {
    return NoteWriter.write(w.tx, workspace, w::event, c, author, text, clock.instant()).note();
  }

  private Conversation findOrCreate(Work w, String key, String title, List<String> members) {
    Optional<UUID> found = w.tx.inbox().conversationIdByExternalId(key);
    if (found.isPresent()) {
      return w.tx.conversation(found.get(), true).orElseThrow();
    }
    Instant now = clock.instant();
    Conversation c = new Conversation(UUID.randomUUID(), w.tx.nextConversationNumber(),
        ConversationKind.TEAM_CHAT, TEAM_INBOX, null, members, Status.OPEN,
        at.ozeanlicht.support.core.domain.Priority.NORMAL, Set.of(), null, null,
        Map.of("channel", title), key, now, now, null, null, null, 0);
    w.tx.insertConversation(c);
    w.event("team_chat.created", c.id(), now, Map.of("channel", title));
    return c;
  }

  /**
   * Runs a find-or-create again once when it lost the race to create the same channel or DM
   * (the unique external id refused the second insert); the retry finds the winner's row.
   */
  private static <T> T createOnce(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (at.ozeanlicht.support.core.api.StoreException | at.ozeanlicht.support.core.api.ConflictException e) {
      return work.get();
    }
  }

  private String author(Actor actor, @Nullable String text) {
    Objects.requireNonNull(actor, "actor");
    List<FieldProblem> problems = new ArrayList<>();
    if (actor.kind() != Actor.Kind.AGENT || workspace.agent(actor.id()).isEmpty()) {
      problems.add(FieldProblem.of("actor", "must be an agent of the workspace, was '" + actor.id() + "'"));
    }
    if (text == null || text.isBlank()) {
      problems.add(FieldProblem.of("text", "must not be blank"));
    } else if (text.length() > MAX_TEXT) {
      problems.add(FieldProblem.of("text", "must be at most " + MAX_TEXT + " characters, was " + text.length()));
    }
    throwIf(problems);
    return actor.id();
  }

  private static String channelName(@Nullable String channel) {
    String name = channel == null ? "" : channel.startsWith("#") ? channel.substring(1) : channel;
    if (!CHANNEL.matcher(name).matches()) {
      throw ValidationException.of("channel",
          "must be lower-case letters, digits, '-' or '_' (e.g. general), was '" + channel + "'");
    }
    return name;
  }

  /** The conversation, refusing if {@code actor} may not see it: never an empty answer instead. */
  private Conversation visible(ConversationStore.Transaction tx, Actor actor, String action, UUID id) {
    Conversation c = tx.conversation(id, false).orElseThrow(() -> notFound(id));
    guard.requireVisible(actor, action, c);
    return c;
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("conversationId: no conversation " + id);
  }

  private static void throwIf(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }

  /** A transaction with the events it collected. */
  private final class Work {
    final ConversationStore.Transaction tx;
    final List<DomainEvent> events = new ArrayList<>();
    final Map<UUID, Conversation> before = new HashMap<>(); // for the audit entry's changes

    Work(ConversationStore.Transaction tx) {
      this.tx = tx;
    }

    /** Locks the conversation, refusing if the actor may not see it. */
    Conversation load(UUID id, Actor actor, String action) {
      Conversation c = tx.conversation(id, true).orElseThrow(() -> notFound(id));
      guard.requireVisible(actor, action, c);
      before.putIfAbsent(id, c);
      return c;
    }

    void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data) {
      DomainEvent e = new DomainEvent(UUID.randomUUID(), type, conversationId, at, data);
      tx.appendEvent(e);
      events.add(e);
    }
  }

  /** One transaction as {@code actor}; its events are audited under the actor in it (issue 10). */
  private <T> T run(Actor actor, String command, java.util.function.Function<Work, T> body) {
    List<DomainEvent> committed = new ArrayList<>();
    T result = store.inTransaction(tx -> {
      Work w = new Work(tx);
      T r = body.apply(w);
      guard.audit(tx, actor, command, w.events, w.before);
      committed.clear(); // a retried transaction starts over
      committed.addAll(w.events);
      return r;
    });
    publish(committed);
    return result;
  }

  private void publish(List<DomainEvent> events) {
    for (DomainEvent e : events) {
      for (EventListener l : listeners) {
        try {
          l.onEvent(e);
        } catch (RuntimeException ex) {
          LOG.warn("event listener {} failed on event {} ({}): {}", l.getClass().getName(), e.id(), e.type(), ex.toString());
        }
      }
    }
  }

  /** Activity messages (system entries in the thread). */
  private static final class Activity {
    private Activity() {}

    static void write(ConversationStore.Transaction tx, Conversation c, String text, Instant now) {
      tx.insertMessage(new Message(UUID.randomUUID(), c.id(), MessageKind.ACTIVITY,
          at.ozeanlicht.support.core.domain.Sender.system(), text,
          at.ozeanlicht.support.core.domain.ContentType.TEXT, List.of(), null, List.of(), now, null, null),
          c.inbox());
    }
  }
}
