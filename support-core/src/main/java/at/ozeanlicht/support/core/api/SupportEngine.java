package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.routing.Assigner;
import at.ozeanlicht.support.core.routing.Assignment;
import at.ozeanlicht.support.core.routing.EscalationStep;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.routing.RoutingDecision;
import at.ozeanlicht.support.core.routing.RoutingInput;
import at.ozeanlicht.support.core.routing.RuleTrace;
import at.ozeanlicht.support.core.routing.TimedRule;
import at.ozeanlicht.support.core.routing.Trigger;
import at.ozeanlicht.support.core.spi.AssignmentRecord;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.RoutingFiring;
import at.ozeanlicht.support.core.spi.RoutingNotification;
import at.ozeanlicht.support.core.csat.CsatReplies;
import at.ozeanlicht.support.core.csat.CsatReply;
import at.ozeanlicht.support.core.csat.SurveyTokens;
import at.ozeanlicht.support.core.macros.CannedResponse;
import at.ozeanlicht.support.core.macros.Macro;
import at.ozeanlicht.support.core.macros.MacroAction;
import at.ozeanlicht.support.core.macros.MacroCatalog;
import at.ozeanlicht.support.core.macros.TemplateContext;
import at.ozeanlicht.support.core.macros.Templates;
import at.ozeanlicht.support.core.spi.ContextProvider;
import at.ozeanlicht.support.core.spi.CsatRating;
import at.ozeanlicht.support.core.spi.CsatSurvey;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.EventListener;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.spi.Notifier;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.spi.OutboundMessage;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The support engine: the one object a host talks to. Every command runs as one database
 * transaction that also writes its domain events (and, for replies, the outbound message) to the
 * outbox; {@link EventListener}s are called after the commit.
 *
 * <p>Build one with {@link #builder()}. An engine is immutable and thread-safe; the host owns its
 * life cycle and closes it with {@link #close()}, which releases what the engine created (an
 * embedded PostgreSQL, a pool) but never a {@link DataSource} the host passed in.
 *
 * <pre>{@code
 * try (SupportEngine engine = SupportEngine.builder()
 *     .dataSource(hostDataSource)
 *     .workspace(WorkspaceLoader.load(Path.of("workspace")))
 *     .build()) {
 *   ReceiveResult r = engine.receive(ReceiveMessage.text("ol-whatsapp",
 *       InboundContact.of("4915112345678"), "wamid.1", "Hallo!"));
 * }
 * }</pre>
 */
public final class SupportEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SupportEngine.class);
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private final ConversationStore store;
  private final Workspace workspace;
  private final Clock clock;
  private final List<EventListener> listeners;
  private final List<AutoCloseable> owned;
  private final @Nullable MessageAnalyzer analyzer;
  private final SlaTimers slaTimers;
  private final @Nullable Notifier notifier;
  private final @Nullable Router router;
  private final @Nullable ContextProvider contextProvider;
  private final @Nullable CsatSettings csat;
  private final SurveyTokens tokens;
  private final Channels channels;
  private final WebhookHandler webhooks;
  private final @Nullable FirstResponder firstResponder;
  private final KbAssist kbAssist; // issue 7
  private final HostEvents hostEvents;
  private final at.ozeanlicht.support.core.inbox.UnifiedInbox inbox;
  private final AccessPolicy access; // issue 10
  private final ThreadLocal<Acting> acting = new ThreadLocal<>(); // issue 10: the session's actor
  private final ThreadLocal<Tx> joinable = new ThreadLocal<>(); // issue 9: see oneTransaction
  private final QueueLiveness liveness = new QueueLiveness(); // issue 12: when assignment is tried
  private final @Nullable GroupCommit<Received, ReceiveResult> groupCommit; // issue 12: throughput

  private SupportEngine(Builder b, ConversationStore store, List<AutoCloseable> owned,
      @Nullable MessageAnalyzer analyzer, Map<String, ChannelAdapter> adapters) {
    DeniedAccessLog denials = new DeniedAccessLog(store, b.clock); // issue 10: denials are audited too
    this.store = denials;
    this.workspace = b.workspace;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.owned = List.copyOf(owned);
    this.analyzer = analyzer;
    this.slaTimers = new SlaTimers(b.workspace);
    this.notifier = b.notifier;
    this.router = b.router;
    this.contextProvider = b.contextProvider;
    this.csat = b.csat;
    // Without settings no survey is sent and no token accepted; the key is then never used.
    this.tokens = new SurveyTokens(b.csat == null ? "-" : b.csat.secret());
    this.channels = new Channels(adapters, b.dispatchPolicy, store, b.rawPayloadRetention);
    this.webhooks = new WebhookHandler(this, channels);
    this.firstResponder = b.firstResponse == null ? null : new FirstResponder(b.knowledgeBase, b.firstResponse);
    this.kbAssist = new KbAssist(store, b.knowledgeBase, b.firstResponse != null ? b.firstResponse
        : FirstResponsePolicy.defaults(), b.workspace.defaults().language(), b.clock, "kb/");
    this.hostEvents = b.hostEvents(store);
    this.access = new AccessPolicy(b.privacy == null ? PrivacySettings.none() : b.privacy, denials::record);
    this.inbox = new at.ozeanlicht.support.core.inbox.UnifiedInbox(
        this, this.store, b.workspace, b.clock, this.listeners, b.contextProvider, new EngineInboxGuard(this, access));
    this.groupCommit = b.groupCommitBatch <= 1 ? null : new GroupCommit<>(
        b.groupCommitTransactions(), b.groupCommitBatch, Received::key, this::receiveTogether,
        this::receiveAlone);
  }

  /**
   * The unified inbox (issue 9): inbox pages, counts, search, read state, mentions, team chat,
   * dev tickets, handoffs, customer context and bulk actions, each for an {@code Actor}.
   */
  public at.ozeanlicht.support.core.inbox.UnifiedInbox inbox() {
    return inbox;
  }

  // ---------------------------------------------------------------- access, audit, GDPR (issue 10)

  /**
   * The engine as {@code actor} sees it: the same commands and queries, checked against the
   * access policy and audited under that actor. Calls on the engine itself run as {@link
   * Actor#system()}, which may do everything.
   */
  public SupportSession as(Actor actor) {
    return new SupportSession(this, access, actor);
  }

  /** GDPR export and erasure, conversation export and the audit log; see {@link PersonalData}. */
  public PersonalData personalData() {
    return new PersonalData(store, clock, access, this::actor);
  }

  PersonalData personalData(Actor actor) {
    return new PersonalData(store, clock, access, () -> actor);
  }

  /** The audit log, oldest first (as the system; {@link SupportSession#audit} checks the role). */
  public List<AuditEntry> audit(FindAudit query) {
    Objects.requireNonNull(query, "query");
    return store.inTransaction(tx -> tx.privacy().findAudit(query));
  }

  /** Runs {@code work} on this thread as {@code actor}; used by {@link SupportSession}. */
  <T> T acting(Actor actor, String command, Supplier<T> work) {
    Acting previous = acting.get();
    acting.set(new Acting(actor, command));
    try {
      return work.get();
    } finally {
      if (previous == null) {
        acting.remove();
      } else {
        acting.set(previous);
      }
    }
  }

  /** The actor of the current call: the session's, else the system. */
  Actor actor() {
    Acting a = acting.get();
    return a == null ? Actor.system() : a.actor();
  }

  private record Acting(Actor actor, String command) {}

  /**
   * Runs {@code body} as {@code actor} in one engine transaction: the engine commands it calls
   * ({@link #assign}, {@link #changeStatus} ...) join that transaction instead of opening their
   * own, so a handoff or a finished dev ticket commits or rolls back as a whole. Audited and
   * published like any command.
   */
  <T> T oneTransaction(Actor actor, String command,
      Function<at.ozeanlicht.support.core.inbox.InboxGuard.EngineWork, T> body) {
    return acting(actor, command, () -> run(tx -> {
      joinable.set(tx);
      try {
        return body.apply(new at.ozeanlicht.support.core.inbox.InboxGuard.EngineWork() {
          @Override
          public ConversationStore.Transaction tx() {
            return tx.store;
          }

          @Override
          public Conversation load(UUID id) {
            return SupportEngine.load(tx, id);
          }

          @Override
          public void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data) {
            tx.event(type, conversationId, at, data);
          }
        });
      } finally {
        joinable.remove();
      }
    }));
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The workspace this engine runs with. */
  public Workspace workspace() {
    return workspace;
  }

  /** The clock this engine reads time from. */
  public Clock clock() {
    return clock;
  }

  /** The message analyzer in use, if one was registered or discovered. */
  public Optional<MessageAnalyzer> analyzer() {
    return Optional.ofNullable(analyzer);
  }

  // ---------------------------------------------------------------- time

  /**
   * Does everything that is due at {@code now}: wakes snoozed conversations whose time has come,
   * fires SLA warnings and breaches ({@code sla.warning}, {@code sla.breached}, each once per
   * clock) with their escalations, and releases SLA notifications to the {@link Notifier}
   * (non-urgent ones held back until the calendar opens), and fills search vectors of
   * bulk-imported messages ({@code searchBackfilled}, see {@link #backfillSearch}). Counts: {@code snoozeWakeUps}, {@code rawPayloadsPurged} (webhook payloads past their retention),
   * {@code slaWarnings}, {@code slaBreaches}, {@code escalations}, {@code slaNotifications}. Safe
   * to call from several nodes at once: due rows are claimed with {@code FOR UPDATE SKIP LOCKED},
   * so each is handled by exactly one caller. Run again (up to three times) when the database
   * connection breaks under it: every step is idempotent, what committed stays done. The first
   * tick of an engine also drains every team's backlog once ({@code backlogAssigned}; a reloaded
   * workspace may have raised capacity), and a conversation whose snooze ends unassigned is
   * tried at once.
   */
  public TickReport tick(Instant now) {
    Objects.requireNonNull(now, "now");
    return ConnectionRetry.idempotent("tick", () -> tickOnce(now)); // issue 12
  }

  private TickReport tickOnce(Instant now) {
    Map<String, Integer> counts = new HashMap<>();
    int[] snoozeRuleFirings = {0};
    int woken = 0;
    while (true) {
      int batch = run(tx -> {
        tx.assignLocks.expectMany(); // rules of many conversations may assign
        List<Conversation> due = tx.store.dueSnoozed(now, 100);
        for (Conversation c : due) {
          Conversation awake =
              tx.store.updateConversation(with(c, Status.OPEN, null, c.resolvedAt(), c.lastActivityAt()));
          slaOnStatusChange(tx, awake, Status.SNOOZED, now);
          activity(tx, c, "Snooze ended", now);
          tx.event("conversation.status_changed", c.id(), now,
              Map.of("from", Status.SNOOZED.wire(), "to", Status.OPEN.wire(), "reason", "snooze_ended"));
          snoozeRuleFirings[0] += routeOnEvent(tx, awake, Trigger.SNOOZE_ENDED,
              "snooze:" + micros(Objects.requireNonNull(c.snoozedUntil())), now); // issue 3
          if (awake.team() != null && router != null) { // issue 12: back in the queue, tried now
            Conversation after = tx.store.conversation(c.id(), false).orElse(awake); // rules ran
            after = releaseOffline(tx, after, "offline when the snooze ended", now);
            if (QueueLiveness.wokeUnassigned(after)) {
              assignEntered(tx, after, "snooze ended", now);
            }
          }
        }
        return due.size();
      });
      woken += batch;
      if (batch < 100) {
        break;
      }
    }
    if (woken > 0) {
      counts.put("snoozeWakeUps", woken);
    }
    if (liveness.startupDrainPending()) { // issue 12: a reloaded workspace may add capacity
      put(counts, "backlogAssigned", drainAllTeams(now));
      liveness.startupDrainDone();
    }
    put(counts, "routingTimeTriggers", snoozeRuleFirings[0] + routeTimeTriggers(now)); // issue 3
    put(counts, "retentionApplied", personalData().retain(now)); // issue 10
    int escalated = escalateDue(now);
    if (escalated > 0) {
      counts.put("escalations", escalated);
    }
    slaTick(now, counts);
    purgeRawPayloads(now, counts);
    put(counts, "searchBackfilled", (int) backfillSearch(50_000)); // issue 8
    return new TickReport(now, counts);
  }

  /**
   * Computes the search vectors of bulk-imported messages ({@link #importConversationsBulk} leaves
   * them empty), in batches of 5,000 messages, each its own short transaction, until none is
   * pending or {@code maxRows} were filled; {@link #tick} runs it for at most 50,000. Safe to run
   * on several nodes at once.
   *
   * @return how many messages got their vector
   */
  public long backfillSearch(long maxRows) {
    return store.dataSource()
        .map(d -> at.ozeanlicht.support.core.imports.SearchBackfill.of(d).run(5_000, maxRows))
        .orElse(0L);
  }

  // ---------------------------------------------------------------- channels

  /** Tick part: raw webhook payloads past their retention are deleted ({@code rawPayloadsPurged}). */
  private void purgeRawPayloads(Instant now, Map<String, Integer> counts) {
    int purged = channels.purgeRaw(now);
    if (purged > 0) {
      counts.put("rawPayloadsPurged", purged);
    }
  }

  /**
   * The whole content kept beside an inbound message (e-mail: full text and sanitized HTML), if
   * the channel kept any.
   */
  public Optional<MessageContentView> messageContent(UUID messageId) {
    Objects.requireNonNull(messageId, "messageId");
    return store.inTransaction(tx -> tx.channels().messageContent(messageId));
  }

  /**
   * Knowledge-base suggestions (before sending, while waiting, in-chat previews), recorded per
   * conversation, and what the knowledge base learned (deflections, gaps).
   */
  public KbAssist kb() {
    return kbAssist;
  }

  /** The webhook endpoint for the channel adapters of this engine. */
  public WebhookHandler webhooks() {
    return webhooks;
  }

  /** The inboxes that have a channel adapter, sorted. */
  public Set<String> channelInboxes() {
    return new TreeSet<>(channels.inboxes());
  }

  /**
   * Sends the queued outbound messages that are due at {@code now} through their inboxes'
   * adapters, with retries, backoff and a dead-letter state as the {@link DispatchPolicy} says.
   * Separate from {@link #tick(Instant)} so that a host can dispatch often (every second) and
   * tick rarely, or on other nodes; call it from a scheduler. Safe on many nodes at once: rows are
   * claimed with {@code FOR UPDATE SKIP LOCKED} and leased. Returns counts {@code outboundSent},
   * {@code outboundRetried}, {@code outboundFailed}, {@code outboundDead}, {@code outboundLost}
   * (claims that expired while their adapter call ran).
   */
  public TickReport dispatch(Instant now) {
    Objects.requireNonNull(now, "now");
    return channels.dispatch(now);
  }

  /**
   * Delivers the outbox's domain events to the host webhooks ({@link Builder#eventWebhook}): each
   * event once per endpoint with a stable delivery id, signed, retried with backoff and jitter as
   * the {@link DispatchPolicy} says, dead after the last attempt. Safe on many nodes at once:
   * events and deliveries are claimed with {@code FOR UPDATE SKIP LOCKED}. Returns counts {@code
   * eventsQueued}, {@code eventsDelivered}, {@code eventsRetried}, {@code eventsDead}, {@code
   * eventsLost} (claims that expired while the POST ran).
   */
  public TickReport deliverEvents(Instant now) {
    Objects.requireNonNull(now, "now");
    return hostEvents.deliver(now);
  }

  /** Queued outbound messages in {@code status} (all when null), newest first; 1 to 1000. */
  public List<OutboundView> outbound(@Nullable OutboundStatus status, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit: must be between 1 and 1000, was " + limit);
    }
    return store.inTransaction(tx -> tx.channels().findOutbound(status, limit));
  }

  /** One queued outbound message, if it exists. */
  public Optional<OutboundView> outbound(UUID outboxId) {
    Objects.requireNonNull(outboxId, "outboxId");
    return store.inTransaction(tx -> tx.channels().outbound(outboxId));
  }

  /**
   * Queues a {@code failed} or {@code dead} outbound message again, due now, with a fresh attempt
   * count.
   *
   * @throws NotFoundException if there is no such outbound message
   * @throws ConflictException if it is not failed or dead
   */
  public OutboundView retryOutbound(UUID outboxId) {
    Objects.requireNonNull(outboxId, "outboxId");
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      OutboundView before = tx.channels().outbound(outboxId).orElseThrow(
          () -> new NotFoundException("id: no outbound message " + outboxId));
      if (!tx.channels().requeue(outboxId, now)) {
        throw new ConflictException("id: outbound message " + outboxId + " is "
            + before.status().wire() + "; only failed or dead ones can be retried");
      }
      return tx.channels().outbound(outboxId).orElseThrow();
    });
  }

  // ---------------------------------------------------------------- commands

  /**
   * Receives a customer message: stores it once per (inbox, channel message id), resolves the
   * contact, and adds it to the contact's conversation on that inbox, opening a new one or
   * reopening a resolved one.
   *
   * @throws ValidationException if the inbox is unknown or the message is empty
   */
  public ReceiveResult receive(ReceiveMessage command) {
    return receive(command, tx -> { });
  }

  /**
   * {@link #receive(ReceiveMessage)} that also runs {@code alsoInTx} first in the receive's
   * transaction (and in the duplicate fallback's), so e.g. the webhook's raw payload commits
   * with the message and costs no transaction of its own. Not run if validation fails.
   */
  ReceiveResult receive(ReceiveMessage command, Consumer<ConversationStore.Transaction> alsoInTx) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    Inbox inbox = workspace.inbox(command.inbox()).orElse(null);
    if (inbox == null) {
      problems.add(FieldProblem.of("inbox", "unknown inbox '" + command.inbox() + "'"));
    }
    if (command.channelMessageId().isBlank()) {
      problems.add(FieldProblem.of("channelMessageId", "must not be blank"));
    }
    if (command.contact().externalId().isBlank()) {
      problems.add(FieldProblem.of("contact.externalId", "must not be blank"));
    }
    if (command.body().isBlank() && command.attachments().isEmpty()) {
      problems.add(FieldProblem.of("body", "must not be blank when there are no attachments"));
    }
    throwIf(problems);
    Inbox in = Objects.requireNonNull(inbox);
    Received received = new Received(in, command, alsoInTx, clock.instant());
    try {
      // Outside a session or a joined transaction, concurrent deliveries share transactions.
      return groupCommit != null && acting.get() == null && joinable.get() == null
          ? groupCommit.submit(received)
          : receiveAlone(received);
    } finally {
      MDC.remove("channel");
      MDC.remove("conversationId");
    }
  }

  /** Received messages waiting for a group-commit transaction (for tests). */
  int receivesWaiting() {
    return groupCommit == null ? 0 : groupCommit.queued();
  }

  /** A validated received message waiting for its transaction. */
  private record Received(Inbox inbox, ReceiveMessage command,
      Consumer<ConversationStore.Transaction> alsoInTx, Instant now) {
    /** The sender's lock key (receiveIn takes it): one message per key in a batch. */
    String key() {
      return senderLock(inbox, command.contact());
    }
  }

  /** The advisory lock a received message takes on its sender. */
  private static String senderLock(Inbox inbox, InboundContact from) {
    return "contact:" + inbox.channel().wire() + ":" + from.externalId();
  }

  /** One received message in its own transaction. */
  private ReceiveResult receiveAlone(Received r) {
    try {
      return receiveTogether(List.of(r)).get(0);
    } catch (DuplicateMessage duplicate) {
      // A concurrent delivery inserted the same message between our check and our insert;
      // the unique constraint caught it and our transaction rolled back. Report the first one.
      return store.inTransaction(tx -> {
        r.alsoInTx().accept(tx);
        return duplicateResult(tx, r.command()).orElseThrow(() -> new StoreException(
            "channelMessageId: duplicate reported but no stored message found"));
      });
    }
  }

  /**
   * Received messages of different senders in one transaction (group commit, see {@link
   * GroupCommit}), one after another; the events, audit rows and the commit are shared. Any
   * failure rolls back all; GroupCommit then runs each alone.
   */
  private List<ReceiveResult> receiveTogether(List<Received> batch) {
    // Receiving is idempotent, so a transaction cut off with its connection runs again.
    return ConnectionRetry.idempotent("receive", () -> run(tx -> {
      if (batch.size() > 1) {
        // All sender locks first, in key order, with what the receives read first (a statement
        // each for the batch); from here on an assignment never waits (see AssignmentLocks).
        tx.store.prepareReceives(batch.stream().map(r -> new ConversationStore.Transaction.ReceiveKeys(
            r.key(), r.command().inbox(), r.command().channelMessageId(), r.inbox().channel(),
            r.command().contact().externalId(), r.command().hints() == null)).toList());
        tx.assignLocks.inBatch();
      }
      List<ReceiveResult> out = new ArrayList<>(batch.size());
      for (Received r : batch) {
        MDC.put("channel", r.inbox().channel().wire());
        r.alsoInTx().accept(tx.store);
        out.add(receiveIn(tx, r.inbox(), r.command(), r.now()));
      }
      return out;
    }));
  }

  private ReceiveResult receiveIn(Tx tx, Inbox inbox, ReceiveMessage command, Instant now) {
    InboundContact from = command.contact();
    Optional<ReceiveResult> duplicate = tx.store
        .lockAndFindMessage(senderLock(inbox, from), command.inbox(), command.channelMessageId())
        .map(m -> duplicateOf(tx.store, m));
    if (duplicate.isPresent()) {
      LOG.debug("duplicate channel message on inbox {}", inbox.id());
      return duplicate.get();
    }
    Contact contact = resolveContact(tx, inbox.channel(), from, now);
    Instant at = command.sentAt() == null ? now : command.sentAt();

    ReceiveHints hints = command.hints();
    Optional<Conversation> latest = hints == null
        ? tx.store.latestConversation(contact.id(), inbox.id())
        : threaded(tx, inbox, contact, hints);
    Conversation conversation;
    ReceiveResult.Outcome outcome;
    if (latest.isEmpty()) {
      conversation = new Conversation(UUID.randomUUID(), tx.store.nextConversationNumber(),
          ConversationKind.SUPPORT, inbox.id(), contact.id(), List.of(), Status.OPEN,
          Priority.NORMAL, Set.of(), null, null, openingAttributes(hints), null, now, now, null,
          null, null, 0);
      tx.store.insertConversation(conversation);
      outcome = ReceiveResult.Outcome.OPENED;
      tx.event("conversation.opened", conversation.id(), now, Map.of("inbox", inbox.id()));
      if (hints == null || !hints.automatic()) {
        slaOnOpened(tx, conversation, now);
      }
    } else {
      conversation = latest.get();
      outcome = conversation.status() == Status.RESOLVED
          ? ReceiveResult.Outcome.REOPENED
          : ReceiveResult.Outcome.APPENDED;
    }
    MDC.put("conversationId", conversation.id().toString());

    Message message = new Message(UUID.randomUUID(), conversation.id(), MessageKind.INCOMING,
        Sender.contact(contact.id()), command.body(), command.contentType(), command.attachments(),
        command.channelMessageId(), List.of(), at, null, null);
    // A routed message is analysed before it is inserted, so its sentiment goes into the row
    // (no second statement). Not for automatic messages (never routed) nor reopened ones (a CSAT
    // answer is not routed either); those are decided after the insert as before. The decision
    // depends only on the message, the contact and the conversation's priority and labels, which
    // nothing below changes before routing.
    RoutingDecision decided = outcome == ReceiveResult.Outcome.REOPENED
        || (hints != null && hints.automatic()) ? null
        : decide(inbox, contact, conversation, message, outcome, now);
    if (!tx.store.insertMessage(message, inbox.id(), decided == null ? null : decided.sentiment())) {
      throw new DuplicateMessage();
    }
    if (hints != null) {
      if (hints.fullText() != null || hints.html() != null) {
        tx.store.channels().keepMessageContent(message.id(),
            hints.fullText() == null ? "" : hints.fullText(), hints.html());
      }
      markUndeliverable(tx, inbox.channel(), hints.undeliverable());
      if (hints.automatic()) {
        return receivedAutomatic(tx, conversation, message, outcome, now);
      }
    }
    if (outcome == ReceiveResult.Outcome.REOPENED) {
      Optional<ReceiveResult> rated = csatReply(tx, conversation, message, now); // issue 5: CSAT
      if (rated.isPresent()) {
        return rated.get();
      }
    }
    // Whether it sat open in a team queue before this message (then a follow-up only waits on).
    boolean queued = outcome == ReceiveResult.Outcome.APPENDED && conversation.status() == Status.OPEN;
    if (outcome != ReceiveResult.Outcome.OPENED) {
      Status before = conversation.status();
      conversation = tx.store.updateConversation(with(conversation, Status.OPEN, null,
          before == Status.RESOLVED ? null : conversation.resolvedAt(), now));
      slaOnCustomerMessage(tx, conversation, before, now);
      if (outcome == ReceiveResult.Outcome.REOPENED) {
        activity(tx, conversation, "Conversation reopened by a new customer message", now);
        tx.event("conversation.reopened", conversation.id(), now, Map.of("inbox", inbox.id()));
      } else if (before != Status.OPEN) {
        tx.event("conversation.status_changed", conversation.id(), now,
            Map.of("from", before.wire(), "to", Status.OPEN.wire()));
      }
    }
    Priority unrouted = conversation.priority();
    conversation = routeReceived(tx, inbox, contact, conversation, message, outcome, queued,
        decided, now);
    conversation = firstResponse(tx, contact, conversation, message, outcome, now); // issue 7
    slaOnPriorityChange(tx, conversation, unrouted, now);
    tx.event("message.created", conversation.id(), now,
        Map.of("messageId", message.id().toString(), "kind", MessageKind.INCOMING.wire()));
    LOG.debug("received message {} outcome {}", message.id(), outcome);
    return new ReceiveResult(conversation, message, outcome);
  }

  /**
   * The conversation a hinted message belongs to (see {@link ReceiveHints}): the first candidate
   * on the same inbox whose contact is the sender; empty for a new conversation.
   */
  private static Optional<Conversation> threaded(
      Tx tx, Inbox inbox, Contact sender, ReceiveHints hints) {
    List<Optional<Conversation>> candidates = new ArrayList<>();
    for (UUID id : hints.conversationIds()) {
      candidates.add(tx.store.conversation(id, false));
    }
    for (String reference : hints.references()) {
      candidates.add(tx.store.messageByChannelId(inbox.id(), reference)
          .flatMap(m -> tx.store.conversation(m.conversationId(), false)));
    }
    if (hints.conversationNumber() != null) {
      candidates.add(tx.store.conversationByNumber(hints.conversationNumber()));
    }
    for (Optional<Conversation> c : candidates) {
      if (c.isPresent() && c.get().inbox().equals(inbox.id())
          && sender.id().equals(c.get().contactId())) {
        return tx.store.conversation(c.get().id(), true);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> openingAttributes(@Nullable ReceiveHints hints) {
    return hints == null || hints.subject() == null || hints.subject().isBlank()
        ? Map.of()
        : Map.of(ReceiveHints.SUBJECT, hints.subject());
  }

  /** A bounce's failed recipients: their contacts get {@code undeliverable=true}. */
  private static void markUndeliverable(Tx tx, ChannelType channel, List<String> addresses) {
    for (String address : addresses) {
      tx.store.contactByExternalId(channel, address).ifPresent(c -> {
        if (!"true".equals(c.attributes().get(ReceiveHints.UNDELIVERABLE))) {
          Map<String, String> attributes = new HashMap<>(c.attributes());
          attributes.put(ReceiveHints.UNDELIVERABLE, "true");
          tx.store.saveContact(new Contact(c.id(), c.externalIds(), c.name(), c.email(), c.phone(),
              c.language(), c.vip(), attributes, c.createdAt()));
          LOG.info("contact {} marked undeliverable on {}", c.id(), channel.wire());
        }
      });
    }
  }

  /**
   * An automatic message (auto-reply, bounce, list mail) is stored, but the conversation keeps its
   * status, SLA clocks are untouched and no routing runs, so nothing answers it.
   */
  private static ReceiveResult receivedAutomatic(Tx tx, Conversation conversation, Message message,
      ReceiveResult.Outcome outcome, Instant now) {
    tx.event("message.created", conversation.id(), now, Map.of("messageId",
        message.id().toString(), "kind", MessageKind.INCOMING.wire(), "automatic", "true"));
    LOG.debug("received automatic message {}", message.id());
    return new ReceiveResult(conversation, message, outcome == ReceiveResult.Outcome.OPENED
        ? ReceiveResult.Outcome.OPENED
        : ReceiveResult.Outcome.APPENDED);
  }

  private static Optional<ReceiveResult> duplicateResult(
      ConversationStore.Transaction tx, ReceiveMessage command) {
    return tx.messageByChannelId(command.inbox(), command.channelMessageId())
        .map(m -> duplicateOf(tx, m));
  }

  private static ReceiveResult duplicateOf(ConversationStore.Transaction tx, Message m) {
    return new ReceiveResult(tx.conversation(m.conversationId(), false).orElseThrow(), m,
        ReceiveResult.Outcome.DUPLICATE);
  }

  private Contact resolveContact(Tx tx, ChannelType channel, InboundContact from, Instant now) {
    Optional<Contact> known = tx.store.contactByExternalId(channel, from.externalId());
    if (known.isEmpty()) {
      Contact contact = new Contact(UUID.randomUUID(), Map.of(channel, from.externalId()),
          from.name(), from.email(), from.phone(), from.language(), false, Map.of(), now);
      tx.store.saveContact(contact);
      tx.event("contact.created", null, now, Map.of("contactId", contact.id().toString()));
      return contact;
    }
    Contact c = known.get();
    // Fill in what the channel tells now and we did not know; never overwrite what an agent set.
    Contact filled = new Contact(c.id(), c.externalIds(), first(c.name(), from.name()),
        first(c.email(), from.email()), first(c.phone(), from.phone()),
        first(c.language(), from.language()), c.vip(), c.attributes(), c.createdAt());
    if (!filled.equals(c)) {
      tx.store.saveContact(filled);
    }
    return filled;
  }

  /**
   * An agent answers. For support conversations the reply is queued in the outbox for the inbox's
   * channel in the same transaction; the first reply sets the first-response time.
   *
   * @throws NotFoundException if the conversation does not exist
   * @throws ValidationException if the agent is unknown or the body blank
   */
  public Message reply(SendReply command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    checkAgent(command.agent(), "agent", problems);
    if (command.body().isBlank()) {
      problems.add(FieldProblem.of("body", "must not be blank"));
    }
    throwIf(problems);
    return outgoing(command.conversationId(), command.agent(), command.body(), ContentType.TEXT,
        c -> { });
  }

  /**
   * Sends an approved WhatsApp message template (see {@link SendTemplate}); queued like a reply.
   *
   * @throws ValidationException naming each bad field
   * @throws ConflictException if the conversation is not on a WhatsApp inbox
   */
  public Message sendTemplate(SendTemplate command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    checkAgent(command.agent(), "agent", problems);
    if (!command.name().matches("[a-z0-9_]{1,512}")) {
      problems.add(FieldProblem.of("name", "must be 1 to 512 lower-case letters, digits or '_'"));
    }
    if (!command.language().matches("[a-z]{2,3}(_[A-Z]{2})?")) {
      problems.add(FieldProblem.of("language", "must be a language code such as de or en_US"));
    }
    for (int i = 0; i < command.parameters().size(); i++) {
      if (command.parameters().get(i).isBlank()) {
        problems.add(FieldProblem.of("parameters[" + i + "]", "must not be blank"));
      }
    }
    throwIf(problems);
    com.fasterxml.jackson.databind.node.ObjectNode body =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
            .put("name", command.name()).put("language", command.language());
    command.parameters().forEach(body.putArray("parameters")::add);
    return outgoing(command.conversationId(), command.agent(), body.toString(), ContentType.TEMPLATE,
        c -> {
          if (workspace.inbox(c.inbox()).map(Inbox::channel).orElse(null) != ChannelType.WHATSAPP) {
            throw new ConflictException("conversation: #" + c.number() + " is on inbox '"
                + c.inbox() + "'; only WhatsApp conversations take message templates");
          }
        });
  }

  /** An agent's public message: stored, first response and SLA updated, queued in the outbox. */
  private Message outgoing(UUID conversationId, String agent, String body, ContentType type,
      java.util.function.Consumer<Conversation> check) {
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, conversationId);
      check.accept(c);
      Message message = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING,
          Sender.agent(agent), body, type, List.of(), null,
          List.of(), now, null, null);
      tx.store.insertMessage(message, c.inbox());
      boolean firstResponse = c.kind() == ConversationKind.SUPPORT && c.firstResponseAt() == null;
      Conversation changed = new Conversation(c.id(), c.number(), c.kind(), c.inbox(),
          c.contactId(), c.participants(), c.status(), c.priority(), c.labels(), c.team(),
          c.assignee(), c.attributes(), c.externalId(), c.createdAt(), now,
          firstResponse ? now : c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version());
      tx.store.updateConversation(changed);
      if (c.kind() == ConversationKind.SUPPORT) {
        enqueue(tx, c, message, now);
        slaOnAgentReply(tx, c, now);
      }
      tx.event("message.created", c.id(), now,
          Map.of("messageId", message.id().toString(), "kind", MessageKind.OUTGOING.wire()));
      return message;
    });
  }

  private void enqueue(Tx tx, Conversation c, Message message, Instant now) {
    if (message.isPrivate()) {
      throw new IllegalStateException("private messages never reach a customer channel");
    }
    Inbox inbox = workspace.inbox(c.inbox()).orElseThrow(
        () -> new ConfigurationException("inbox: conversation #" + c.number()
            + " belongs to inbox '" + c.inbox() + "', which the workspace does not define"));
    Contact contact = tx.store.contact(Objects.requireNonNull(c.contactId())).orElseThrow();
    String recipient = contact.externalIds().get(inbox.channel());
    if (recipient == null) {
      throw new ConflictException("contact: has no " + inbox.channel().wire()
          + " address to answer conversation #" + c.number() + " on");
    }
    tx.store.enqueueOutbound(new OutboundMessage(UUID.randomUUID(), message.id(), c.id(),
        inbox.id(), inbox.channel(), recipient, now));
  }

  /**
   * Adds a private note. Notes are visible to the team only and never sent to a channel.
   * {@code @agent} and {@code @team} mentions become participants, unread mention markers and
   * {@code mention.created} events, exactly as with {@code inbox().addNote}.
   */
  public Message addNote(AddNote command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    checkAgent(command.agent(), "agent", problems);
    if (command.body().isBlank()) {
      problems.add(FieldProblem.of("body", "must not be blank"));
    }
    throwIf(problems);
    Instant now = clock.instant();
    // issue 9: the inbox's note writer, so @mentions make mention rows and events here too
    return run(tx -> at.ozeanlicht.support.core.inbox.NoteWriter.write(tx.store, workspace, tx::event,
        load(tx, command.conversationId()), command.agent(), command.body(), now).note());
  }

  /**
   * Moves a conversation to a team and/or assigns it. Writes an activity message (e.g. "Thomas
   * joined the conversation") so the handoff stays visible in the history.
   */
  public Conversation assign(AssignConversation command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    if (command.team() != null && workspace.team(command.team()).isEmpty()) {
      problems.add(FieldProblem.of("team", "unknown team '" + command.team() + "'"));
    }
    if (command.assignee() != null) {
      checkAgent(command.assignee(), "assignee", problems);
    }
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      String team = command.team() == null ? c.team() : command.team();
      if (Objects.equals(team, c.team()) && Objects.equals(command.assignee(), c.assignee())) {
        return c;
      }
      if (!Objects.equals(team, c.team())) {
        tx.assignLocks.expectMany(); // issue 12: a drain, rules and the move may each assign
      }
      Conversation changed = new Conversation(c.id(), c.number(), c.kind(), c.inbox(),
          c.contactId(), c.participants(), c.status(), c.priority(), c.labels(), team,
          command.assignee(), c.attributes(), c.externalId(), c.createdAt(), now,
          c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version());
      Conversation saved = tx.store.updateConversation(changed);
      if (!Objects.equals(team, c.team())) {
        activity(tx, c, "Moved to team " + teamName(team) + by(command.actor()), now);
      }
      if (!Objects.equals(command.assignee(), c.assignee())) {
        String text = command.assignee() == null
            ? agentName(c.assignee()) + " left the conversation"
            : agentName(command.assignee()) + " joined the conversation";
        activity(tx, c, text + by(command.actor()), now);
      }
      Map<String, String> data = new HashMap<>();
      if (team != null) {
        data.put("team", team);
      }
      if (command.assignee() != null) {
        data.put("assignee", command.assignee());
      }
      tx.event("conversation.assigned", c.id(), now, data);
      if (c.assignee() != null && !c.assignee().equals(command.assignee())) {
        // Capacity freed: the agent's queue moves on (this conversation, if unassigned, waits).
        drainBacklog(tx, c.assignee(), c.id(), now);
      }
      Conversation routed = routeOnEvent(tx, saved, Trigger.ASSIGNED, now); // issue 3
      return QueueLiveness.enteredTeamQueue(c, routed) // issue 12: tried in the new team now
          ? assignEntered(tx, routed, "moved to team", now) : routed;
    });
  }

  /**
   * Opens, sets pending or resolves a conversation. Resolving sets the resolved time; opening a
   * resolved one clears it.
   *
   * @throws ValidationException for {@code snoozed}: use {@link #snooze}
   */
  public Conversation changeStatus(ChangeStatus command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    if (command.status() == Status.SNOOZED) {
      problems.add(FieldProblem.of("status", "use snooze to snooze a conversation"));
    }
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      if (c.status() == command.status()) {
        return c;
      }
      Instant resolvedAt = command.status() == Status.RESOLVED ? now : null;
      Conversation saved = tx.store.updateConversation(with(c, command.status(), null, resolvedAt, now));
      slaOnStatusChange(tx, saved, c.status(), now);
      activity(tx, c, statusText(command.status()) + by(command.actor()), now);
      tx.event("conversation.status_changed", c.id(), now,
          Map.of("from", c.status().wire(), "to", command.status().wire()));
      if (command.status() == Status.RESOLVED) {
        surveyOnResolve(tx, saved, now); // issue 5: CSAT
        if (c.assignee() != null) {
          drainBacklog(tx, c.assignee(), now); // issue 3: capacity freed
        }
      }
      return routeOnEvent(tx, saved, Trigger.STATUS_CHANGED, now); // issue 3
    });
  }

  /**
   * Snoozes a conversation until a later moment; a new customer message wakes it early.
   *
   * @throws ValidationException if {@code until} is not in the future
   */
  public Conversation snooze(SnoozeConversation command) {
    Objects.requireNonNull(command, "command");
    Instant now = clock.instant();
    List<FieldProblem> problems = new ArrayList<>();
    if (!command.until().isAfter(now)) {
      problems.add(FieldProblem.of("until", "must be in the future, was " + command.until()));
    }
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      Conversation saved = tx.store.updateConversation(
          with(c, Status.SNOOZED, command.until(), c.resolvedAt(), now));
      slaOnStatusChange(tx, saved, c.status(), now);
      activity(tx, c, "Snoozed until " + command.until() + by(command.actor()), now);
      tx.event("conversation.status_changed", c.id(), now, Map.of("from", c.status().wire(),
          "to", Status.SNOOZED.wire(), "until", command.until().toString()));
      return saved;
    });
  }

  /**
   * Adds and removes labels. Labels are lower-case words of letters, digits, {@code -} and
   * {@code _}.
   */
  public Conversation label(LabelConversation command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    for (String l : command.add()) {
      if (!LABEL.matcher(l).matches()) {
        problems.add(FieldProblem.of("add", "label '" + l
            + "' must be lower-case letters, digits, '-' or '_', at most 63 characters"));
      }
    }
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      TreeSet<String> labels = new TreeSet<>(c.labels());
      labels.addAll(command.add());
      labels.removeAll(command.remove());
      if (labels.equals(new TreeSet<>(c.labels()))) {
        return c;
      }
      Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(),
          c.kind(), c.inbox(), c.contactId(), c.participants(), c.status(), c.priority(), labels,
          c.team(), c.assignee(), c.attributes(), c.externalId(), c.createdAt(),
          c.lastActivityAt(), c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(),
          c.version()));
      tx.event("conversation.labeled", c.id(), now, Map.of("labels", String.join(",", labels)));
      return saved;
    });
  }

  /**
   * Imports a conversation from another system, with its contact, messages and CSAT rating.
   * Idempotent by external id: a conversation imported before is left unchanged.
   *
   * @throws ValidationException if the inbox, channel, assignee or labels do not fit the workspace
   */
  public ImportResult importConversation(ImportConversation command) {
    throwIf(checkImport(command));
    return importChecked(command);
  }

  /**
   * Every problem that would make {@link #importConversation} reject this conversation, without
   * writing anything; lets a caller validate a whole file before importing any of it.
   */
  public List<FieldProblem> checkImport(ImportConversation command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    if (command.externalId().isBlank()) {
      problems.add(FieldProblem.of("externalId", "must not be blank"));
    }
    Optional<Inbox> inbox = workspace.inbox(command.inbox());
    if (inbox.isEmpty()) {
      problems.add(FieldProblem.of("inbox", "unknown inbox '" + command.inbox() + "'"));
    } else if (inbox.get().channel() != command.channel()) {
      problems.add(FieldProblem.of("channel", "inbox '" + command.inbox() + "' is a "
          + inbox.get().channel().wire() + " inbox, was '" + command.channel().wire() + "'"));
    }
    if (command.contact().externalId().isBlank()) {
      problems.add(FieldProblem.of("contact.externalId", "must not be blank"));
    }
    if (command.assignee() != null) {
      checkAgent(command.assignee(), "assignee", problems);
    }
    if (command.team() != null && workspace.team(command.team()).isEmpty()) {
      problems.add(FieldProblem.of("team", "unknown team '" + command.team() + "'"));
    }
    if (command.status() == Status.SNOOZED) {
      problems.add(FieldProblem.of("status", "snoozed conversations cannot be imported"));
    }
    for (String l : command.labels()) {
      if (!LABEL.matcher(l).matches()) {
        problems.add(FieldProblem.of("labels", "label '" + l
            + "' must be lower-case letters, digits, '-' or '_'"));
      }
    }
    if (command.status() == Status.RESOLVED && command.resolvedAt() == null) {
      problems.add(FieldProblem.of("resolvedAt", "required when status is resolved"));
    }
    Set<String> messageIds = new java.util.HashSet<>();
    for (int i = 0; i < command.messages().size(); i++) {
      ImportConversation.ImportMessage m = command.messages().get(i);
      if (!messageIds.add(m.externalId())) {
        problems.add(FieldProblem.of("messages[" + i + "].externalId",
            "duplicate message id '" + m.externalId() + "'"));
      }
      if (m.sender().type() == SenderType.AGENT) {
        checkAgent(Objects.requireNonNull(m.sender().id()), "messages[" + i + "].sender", problems);
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Imports several conversations in one transaction: all of them or none. Each is validated
   * first (problems name the conversation by position, e.g. {@code conversations[3].inbox}); each
   * is idempotent by external id as in {@link #importConversation}. Batches of a few hundred make
   * bulk imports several times faster than one transaction per conversation. Importers running
   * concurrently should not share external ids across batches (their locks could then deadlock,
   * which PostgreSQL resolves by failing one batch with a {@link StoreException}).
   */
  public List<ImportResult> importConversations(List<ImportConversation> commands) {
    checkImports(commands);
    Instant now = clock.instant();
    return run(tx -> {
      List<ImportResult> results = new ArrayList<>(commands.size());
      for (ImportConversation c : commands) {
        results.add(importIn(tx, c, now));
        tx.store.checkpoint();
      }
      return results;
    });
  }

  private void checkImports(List<ImportConversation> commands) {
    Objects.requireNonNull(commands, "commands");
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      for (FieldProblem p : checkImport(commands.get(i))) {
        problems.add(new FieldProblem(p.source(), "conversations[" + i + "]." + p.field(), p.message()));
      }
    }
    throwIf(problems);
  }

  /**
   * Like {@link #importConversations} (same validation, rows, {@code conversation.imported} events
   * and audit entries, same idempotence), written with COPY by {@link
   * at.ozeanlicht.support.core.imports.BulkImport} (issue 8): several times faster. Message search
   * vectors are filled afterwards by the search backfill ({@link #tick} runs it; see {@code
   * SearchBackfill}). Falls back to {@link #importConversations} when the store encrypts at rest
   * or has no SQL database.
   */
  public List<ImportResult> importConversationsBulk(List<ImportConversation> commands) {
    Optional<DataSource> sql = store.dataSource();
    if (sql.isEmpty() || store.encryptsAtRest()) {
      return importConversations(commands);
    }
    checkImports(commands);
    Acting who = acting.get();
    at.ozeanlicht.support.core.imports.BulkImport.Outcome o = at.ozeanlicht.support.core.imports.BulkImport
        .of(sql.get(), java.util.concurrent.ThreadLocalRandom.current().nextLong())
        .importConversations(commands, clock.instant(), who == null ? Actor.system() : who.actor(),
            who == null ? null : who.command());
    publish(o.events());
    return o.results();
  }

  private ImportResult importChecked(ImportConversation command) {
    Instant now = clock.instant();
    return run(tx -> importIn(tx, command, now));
  }

  private ImportResult importIn(Tx tx, ImportConversation command, Instant now) {
    ChannelType channel = command.channel();
    tx.store.lock("import:" + command.externalId());
    Optional<Conversation> existing = tx.store.conversationByExternalId(command.externalId());
    if (existing.isPresent()) {
      return new ImportResult(existing.get().id(), false,
          Math.toIntExact(tx.store.messageCount(existing.get().id())));
    }
    ImportConversation.Contact ic = command.contact();
    tx.store.lock("contact:" + channel.wire() + ":" + ic.externalId());
    Contact contact = tx.store.contactByExternalId(channel, ic.externalId())
        .map(c -> new Contact(c.id(), c.externalIds(), first(c.name(), ic.name()),
            first(c.email(), ic.email()), first(c.phone(), ic.phone()), first(c.language(), ic.language()),
            c.vip() || ic.vip(), withImported(c.attributes(), ic.attributes()), c.createdAt()))
        .orElseGet(() -> new Contact(UUID.randomUUID(), Map.of(channel, ic.externalId()),
            ic.name(), ic.email(), ic.phone(), ic.language(), ic.vip(), ic.attributes(),
            command.createdAt()));
    tx.store.saveContact(contact);

    ImportConversation.Stored stored = command.stored();
    List<ImportConversation.ImportMessage> ordered = stored.messagesByTime();
    Conversation conversation = new Conversation(UUID.randomUUID(),
        tx.store.nextConversationNumber(), ConversationKind.SUPPORT, command.inbox(),
        contact.id(), List.of(), command.status(), command.priority(), command.labels(),
        command.team(), command.assignee(), Map.of(), command.externalId(), command.createdAt(),
        stored.lastActivityAt(), stored.firstResponseAt(),
        command.status() == Status.RESOLVED ? command.resolvedAt() : null, null, 0);
    tx.store.insertConversation(conversation);
    List<Message> messages = new ArrayList<>(ordered.size());
    for (ImportConversation.ImportMessage m : ordered) {
      Sender sender = m.sender().type() == SenderType.CONTACT
          ? Sender.contact(contact.id()) : m.sender();
      messages.add(new Message(UUID.randomUUID(), conversation.id(), m.direction(), sender,
          m.body(), ContentType.TEXT, List.of(), null, List.of(), m.createdAt(), null, null));
    }
    tx.store.insertMessages(messages, command.inbox());
    if (command.csat() != null) {
      tx.store.saveCsat(conversation.id(), command.csat());
    }
    tx.event("conversation.imported", conversation.id(), now,
        Map.of("externalId", command.externalId()));
    return new ImportResult(conversation.id(), true, ordered.size());
  }

  /** A known contact's attributes plus the imported ones it does not have yet (what is stored wins). */
  private static Map<String, String> withImported(Map<String, String> stored, Map<String, String> imported) {
    if (imported.isEmpty()) {
      return stored;
    }
    Map<String, String> merged = new HashMap<>(imported);
    merged.putAll(stored);
    return merged;
  }

  // ---------------------------------------------------------------- macros, canned responses (issue 5)

  /**
   * Sets a conversation's priority, with an activity in the history.
   *
   * @throws NotFoundException if the conversation does not exist
   * @throws ValidationException if the actor is unknown
   */
  public Conversation setPriority(SetPriority command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> prioritize(tx, load(tx, command.conversationId()), command.priority(),
        command.actor(), now));
  }

  private Conversation prioritize(Tx tx, Conversation c, Priority priority, @Nullable String actor,
      Instant now) {
    if (c.priority() == priority) {
      return c;
    }
    Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(), c.kind(),
        c.inbox(), c.contactId(), c.participants(), c.status(), priority, c.labels(), c.team(),
        c.assignee(), c.attributes(), c.externalId(), c.createdAt(), c.lastActivityAt(),
        c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
    activity(tx, c, "Priority set to " + priority.wire() + by(actor), now);
    tx.event("conversation.priority_changed", c.id(), now,
        Map.of("from", c.priority().wire(), "to", priority.wire()));
    return saved;
  }

  /**
   * Renders a canned response or every text of a macro (its replies and notes) for a
   * conversation, without sending anything.
   *
   * @param name a macro name or a canned response shortcut ({@code /greeting} or {@code greeting})
   * @param conversationId the conversation
   * @param agent the agent who would send it, or null for the conversation's assignee
   * @param language the language to render in, or null for the contact's (else the workspace's)
   * @throws NotFoundException if the conversation, macro or canned response does not exist
   * @throws ValidationException if a variable has no value and no fallback
   */
  public List<RenderedText> render(String name, UUID conversationId, @Nullable String agent,
      @Nullable String language) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(conversationId, "conversationId");
    List<FieldProblem> problems = new ArrayList<>();
    if (agent != null) {
      checkAgent(agent, "agent", problems);
    }
    throwIf(problems);
    List<MacroAction> actions = textActions(name);
    return store.inTransaction(tx -> {
      Conversation c = tx.conversation(conversationId, false).orElseThrow(
          () -> new NotFoundException("conversationId: no conversation " + conversationId));
      Contact contact = c.contactId() == null ? null : tx.contact(c.contactId()).orElse(null);
      String handle = agent != null ? agent : c.assignee();
      TemplateContext ctx = templateContext(c, contact, handle == null ? null
          : workspace.agent(handle).orElse(null), Map.of());
      String lang = language != null ? language : languageOf(contact);
      List<RenderedText> out = new ArrayList<>();
      for (MacroAction a : actions) {
        out.add(renderText(a, ctx, lang));
      }
      return out;
    });
  }

  /**
   * The replies and notes a macro or canned response would write, as actions.
   *
   * @throws NotFoundException naming {@code name} if it is neither
   */
  private List<MacroAction> textActions(String name) {
    MacroCatalog catalog = workspace.macros();
    Optional<Macro> macro = catalog.macro(name);
    if (macro.isPresent()) {
      return macro.get().actions().stream()
          .filter(a -> a instanceof MacroAction.Send || a instanceof MacroAction.Note).toList();
    }
    if (catalog.canned(name).isPresent()) {
      return List.of(new MacroAction.Send(catalog.canned(name).get().shortcut()));
    }
    throw new NotFoundException("name: no macro or canned response '" + name + "'");
  }

  private RenderedText renderText(MacroAction a, TemplateContext ctx, String language) {
    if (a instanceof MacroAction.Send s) {
      CannedResponse canned = workspace.macros().canned(s.shortcut()).orElseThrow();
      Map.Entry<String, String> text = canned.text(language, workspace.defaults().language());
      return new RenderedText(a.describe(), text.getKey(), Templates.render(text.getValue(), ctx));
    }
    MacroAction.Note n = (MacroAction.Note) a;
    return new RenderedText(a.describe(), language, Templates.render(n.template(), ctx));
  }

  /**
   * Applies a macro to each conversation in its own transaction: all of its actions or, if one
   * fails (a variable without value, an unknown conversation, a concurrent change), none. Never
   * throws for one conversation's failure; the result says per conversation what happened.
   *
   * @throws ValidationException if the macro or agent is unknown
   */
  public List<MacroResult> applyMacro(ApplyMacro command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    Optional<Macro> found = workspace.macros().macro(command.macro());
    if (found.isEmpty()) {
      List<String> names = workspace.macros().macros().stream().map(Macro::name).toList();
      problems.add(FieldProblem.of("macro", "unknown macro '" + command.macro() + "', expected one of "
          + (names.isEmpty() ? "none (the workspace has no macros)" : String.join(", ", names))));
    }
    if (command.agent() != null) {
      checkAgent(command.agent(), "agent", problems);
    }
    throwIf(problems);
    Macro macro = found.orElseThrow();
    List<MacroResult> results = new ArrayList<>();
    for (UUID id : command.conversationIds()) {
      Long[] number = {null};
      try {
        MDC.put("conversationId", id.toString());
        List<String> done = run(tx -> {
          Conversation c = load(tx, id);
          number[0] = c.number();
          return applyIn(tx, macro, c, command.agent());
        });
        results.add(new MacroResult(id, number[0], true, done, null));
      } catch (SupportException e) {
        LOG.debug("macro {} not applied: {}", macro.name(), e.code());
        results.add(new MacroResult(id, number[0], false, List.of(), e.getMessage()));
      } finally {
        MDC.remove("conversationId");
      }
    }
    return List.copyOf(results);
  }

  private List<String> applyIn(Tx tx, Macro macro, Conversation start, @Nullable String agentHandle) {
    Instant now = clock.instant();
    String handle = agentHandle != null ? agentHandle : start.assignee();
    Agent agent = handle == null ? null : workspace.agent(handle).orElse(null);
    Contact contact = start.contactId() == null ? null
        : tx.store.contact(start.contactId()).orElse(null);
    Map<String, String> host = hostValues(start, contact);
    List<String> done = new ArrayList<>();
    Conversation c = start;
    for (int i = 0; i < macro.actions().size(); i++) {
      MacroAction action = macro.actions().get(i);
      String field = "actions[" + i + "]";
      try {
        String what = action.describe();
        if (action instanceof MacroAction.Send || action instanceof MacroAction.Note) {
          if (agent == null) {
            throw ValidationException.of("agent", "conversation #" + c.number()
                + " has no assignee; pass the agent who applies the macro");
          }
          RenderedText text = renderText(action,
              templateContext(c, contact, agent, host), languageOf(contact));
          if (action instanceof MacroAction.Send) {
            c = sendReply(tx, c, agent.id(), text.text(), now);
            what = what + " (" + text.language() + ")";
          } else {
            c = note(tx, c, agent.id(), text.text(), now);
          }
        } else {
          c = applyAction(tx, c, action, agent == null ? null : agent.id(), now);
        }
        done.add(what);
      } catch (ValidationException e) {
        FieldProblem p = e.problems().get(0);
        throw ValidationException.of(field + " (" + action.describe() + "): " + p.field(), p.message());
      }
    }
    tx.event("macro.applied", c.id(), now, Map.of("macro", macro.name()));
    return done;
  }

  private Conversation applyAction(Tx tx, Conversation c, MacroAction action, @Nullable String actor,
      Instant now) {
    if (action instanceof MacroAction.AddLabels a) {
      return relabel(tx, c, a.labels(), Set.of(), now);
    } else if (action instanceof MacroAction.RemoveLabels r) {
      return relabel(tx, c, Set.of(), r.labels(), now);
    } else if (action instanceof MacroAction.AssignTeam t) {
      return reassign(tx, c, t.team(), c.assignee(), actor, now, "Moved to team ");
    } else if (action instanceof MacroAction.AssignAgent a) {
      return reassign(tx, c, c.team(), a.agent(), actor, now, "Moved to team ");
    } else if (action instanceof MacroAction.Prioritize p) {
      return prioritize(tx, c, p.priority(), actor, now);
    } else if (action instanceof MacroAction.SetStatus s) {
      if (c.status() == s.status()) {
        return c;
      }
      Instant resolvedAt = s.status() == Status.RESOLVED ? now : null;
      Conversation saved = tx.store.updateConversation(with(c, s.status(), null, resolvedAt, now));
      activity(tx, c, statusText(s.status()) + by(actor), now);
      tx.event("conversation.status_changed", c.id(), now,
          Map.of("from", c.status().wire(), "to", s.status().wire()));
      if (s.status() == Status.RESOLVED) {
        surveyOnResolve(tx, saved, now);
      }
      return saved;
    } else if (action instanceof MacroAction.Snooze s) {
      Instant until = now.plus(s.duration());
      Conversation saved = tx.store.updateConversation(
          with(c, Status.SNOOZED, until, c.resolvedAt(), now));
      activity(tx, c, "Snoozed until " + until + by(actor), now);
      tx.event("conversation.status_changed", c.id(), now, Map.of("from", c.status().wire(),
          "to", Status.SNOOZED.wire(), "until", until.toString()));
      return saved;
    } else if (action instanceof MacroAction.Escalate e) {
      Priority raised = c.priority().compareTo(Priority.HIGH) <= 0 ? c.priority() : Priority.HIGH;
      Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(),
          c.kind(), c.inbox(), c.contactId(), c.participants(), c.status(), raised, c.labels(),
          e.team(), null, c.attributes(), c.externalId(), c.createdAt(), now,
          c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
      activity(tx, c, "Escalated to team " + teamName(e.team()) + by(actor), now);
      tx.event("conversation.escalated", c.id(), now,
          Map.of("team", e.team(), "priority", raised.wire()));
      return saved;
    }
    throw new IllegalStateException("unhandled macro action " + action);
  }

  private Conversation relabel(Tx tx, Conversation c, Set<String> add, Set<String> remove,
      Instant now) {
    TreeSet<String> labels = new TreeSet<>(c.labels());
    labels.addAll(add);
    labels.removeAll(remove);
    if (labels.equals(new TreeSet<>(c.labels()))) {
      return c;
    }
    Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(),
        c.kind(), c.inbox(), c.contactId(), c.participants(), c.status(), c.priority(), labels,
        c.team(), c.assignee(), c.attributes(), c.externalId(), c.createdAt(),
        c.lastActivityAt(), c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
    tx.event("conversation.labeled", c.id(), now, Map.of("labels", String.join(",", labels)));
    return saved;
  }

  private Conversation reassign(Tx tx, Conversation c, @Nullable String team,
      @Nullable String assignee, @Nullable String actor, Instant now, String movedText) {
    if (Objects.equals(team, c.team()) && Objects.equals(assignee, c.assignee())) {
      return c;
    }
    Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(),
        c.kind(), c.inbox(), c.contactId(), c.participants(), c.status(), c.priority(),
        c.labels(), team, assignee, c.attributes(), c.externalId(), c.createdAt(), now,
        c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
    if (!Objects.equals(team, c.team())) {
      activity(tx, c, movedText + teamName(team) + by(actor), now);
    }
    if (!Objects.equals(assignee, c.assignee())) {
      activity(tx, c, (assignee == null ? agentName(c.assignee()) + " left the conversation"
          : agentName(assignee) + " joined the conversation") + by(actor), now);
    }
    Map<String, String> data = new HashMap<>();
    if (team != null) {
      data.put("team", team);
    }
    if (assignee != null) {
      data.put("assignee", assignee);
    }
    tx.event("conversation.assigned", c.id(), now, data);
    return saved;
  }

  private Conversation sendReply(Tx tx, Conversation c, String agent, String body, Instant now) {
    Message message = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING,
        Sender.agent(agent), body, ContentType.TEXT, List.of(), null, List.of(), now, null, null);
    tx.store.insertMessage(message, c.inbox());
    boolean firstResponse = c.kind() == ConversationKind.SUPPORT && c.firstResponseAt() == null;
    Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(),
        c.kind(), c.inbox(), c.contactId(), c.participants(), c.status(), c.priority(),
        c.labels(), c.team(), c.assignee(), c.attributes(), c.externalId(), c.createdAt(), now,
        firstResponse ? now : c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
    if (c.kind() == ConversationKind.SUPPORT) {
      enqueue(tx, c, message, now);
    }
    tx.event("message.created", c.id(), now,
        Map.of("messageId", message.id().toString(), "kind", MessageKind.OUTGOING.wire()));
    return saved;
  }

  private Conversation note(Tx tx, Conversation c, String agent, String body, Instant now) {
    return at.ozeanlicht.support.core.inbox.NoteWriter.write(tx.store, workspace, tx::event, c, agent, body, now)
        .conversation();
  }

  /** The contact's language if the workspace has texts for it, else the workspace default. */
  private String languageOf(@Nullable Contact contact) {
    return contact != null && contact.language() != null
        ? contact.language() : workspace.defaults().language();
  }

  private TemplateContext templateContext(Conversation c, @Nullable Contact contact,
      @Nullable Agent agent, Map<String, String> values) {
    Optional<Inbox> inbox = workspace.inbox(c.inbox());
    Map<String, String> all = new HashMap<>(values.isEmpty() ? hostValues(c, contact) : values);
    return new TemplateContext(contact, agent, c, inbox.map(Inbox::channel).orElse(null),
        inbox.flatMap(i -> workspace.brand(i.brand())).orElse(null), all);
  }

  /** The host's context values; a failing provider counts as giving none. */
  private Map<String, String> hostValues(Conversation c, @Nullable Contact contact) {
    if (contextProvider == null) {
      return Map.of();
    }
    try {
      Map<String, String> values = contextProvider.values(c, contact);
      return values == null ? Map.of() : values;
    } catch (RuntimeException e) {
      LOG.warn("context provider {} failed for conversation {}: {}",
          contextProvider.getClass().getName(), c.id(), e.getClass().getName());
      return Map.of();
    }
  }

  // ---------------------------------------------------------------- CSAT (issue 5)

  /** Contact attribute that, set to {@code true}, keeps satisfaction surveys away from a contact. */
  public static final String CSAT_OPT_OUT = "csatOptOut";

  private static final Map<String, String> SURVEY_LINK_TEXT = Map.of(
      "de", "Wie zufrieden warst du mit unserer Unterstützung? Sag es uns mit einem Klick: "
          + "{{ survey.link }} – danke dir!",
      "en", "How happy were you with our support? Tell us with one click: {{ survey.link }} "
          + "– thank you!");
  private static final Map<String, String> SURVEY_REPLY_TEXT = Map.of(
      "de", "Wie zufrieden warst du mit unserer Unterstützung? Antworte einfach mit 1 (gar "
          + "nicht) bis 5 (sehr) – oder mit 😡 😞 😐 🙂 😍.",
      "en", "How happy were you with our support? Just reply with 1 (not at all) to 5 (very) "
          + "– or with 😡 😞 😐 🙂 😍.");

  /**
   * Sends the satisfaction survey for the resolution {@code c} just got, where it makes sense:
   * support conversations on a channel with a survey form, contacts who did not opt out, once
   * per resolution, only when surveys are configured. Runs in the resolving transaction; never
   * fails it (a survey that cannot be written is skipped with a warning naming the conversation).
   */
  private void surveyOnResolve(Tx tx, Conversation c, Instant now) {
    if (csat == null || c.kind() != ConversationKind.SUPPORT || c.resolvedAt() == null
        || c.contactId() == null) {
      return;
    }
    Inbox inbox = workspace.inbox(c.inbox()).orElse(null);
    if (inbox == null) {
      return;
    }
    CsatSurvey.Form form = switch (inbox.channel()) {
      case WEB, EMAIL -> CsatSurvey.Form.LINK;
      case WHATSAPP, TELEGRAM -> CsatSurvey.Form.REPLY;
      default -> null;
    };
    if (form == null) {
      return;
    }
    Contact contact = tx.store.contact(c.contactId()).orElse(null);
    if (contact == null || "true".equalsIgnoreCase(contact.attributes().get(CSAT_OPT_OUT))
        || contact.externalIds().get(inbox.channel()) == null) {
      return;
    }
    if (tx.store.surveyFor(c.id(), c.resolvedAt()).isPresent()) {
      return;
    }
    UUID surveyId = UUID.randomUUID();
    Instant expires = now.plus(form == CsatSurvey.Form.LINK ? csat.linkValidity() : csat.replyWindow());
    Map<String, String> values = new HashMap<>(hostValues(c, contact));
    if (form == CsatSurvey.Form.LINK) {
      values.put("survey.link", csat.linkBase() + (csat.linkBase().getQuery() == null ? "?" : "&")
          + "token=" + tokens.sign(surveyId, expires));
    }
    String shortcut = form == CsatSurvey.Form.LINK ? "/csat-link" : "/csat-reply";
    String language = languageOf(contact);
    String template = workspace.macros().canned(shortcut)
        .map(cr -> cr.text(language, workspace.defaults().language()).getValue())
        .orElseGet(() -> (form == CsatSurvey.Form.LINK ? SURVEY_LINK_TEXT : SURVEY_REPLY_TEXT)
            .getOrDefault(language, (form == CsatSurvey.Form.LINK ? SURVEY_LINK_TEXT
                : SURVEY_REPLY_TEXT).get("en")));
    String body;
    try {
      Agent agent = c.assignee() == null ? null : workspace.agent(c.assignee()).orElse(null);
      body = Templates.render(template, templateContext(c, contact, agent, values));
    } catch (ValidationException e) {
      LOG.warn("csat survey for conversation {} skipped: {}", c.id(), e.problems().get(0).field());
      return;
    }
    Message message = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING, Sender.bot(),
        body, ContentType.TEXT, List.of(), null, List.of(), now, null, null);
    tx.store.insertMessage(message, c.inbox());
    enqueue(tx, c, message, now);
    tx.store.insertSurvey(new CsatSurvey(surveyId, c.id(), c.resolvedAt(), inbox.id(),
        inbox.channel(), c.assignee(), c.team(), form, message.id(), now, expires, null));
    tx.event("csat.survey_sent", c.id(), now, Map.of("surveyId", surveyId.toString(),
        "form", form.wire(), "channel", inbox.channel().wire()));
  }

  /**
   * A chat reply to an open reply-form survey on a resolved conversation: if it reads as a
   * rating, stores it and keeps the conversation resolved.
   */
  private Optional<ReceiveResult> csatReply(Tx tx, Conversation c, Message message, Instant now) {
    if (csat == null || c.status() != Status.RESOLVED) {
      return Optional.empty();
    }
    Optional<CsatReply> reply = CsatReplies.parse(message.body());
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    Optional<CsatSurvey> survey = tx.store.openReplySurvey(c.id(), now);
    if (survey.isEmpty()) {
      return Optional.empty();
    }
    tx.store.saveRating(new CsatRating(survey.get(), reply.get().rating(), reply.get().comment(), now));
    tx.event("message.created", c.id(), now,
        Map.of("messageId", message.id().toString(), "kind", MessageKind.INCOMING.wire()));
    tx.event("csat.rated", c.id(), now, Map.of("surveyId", survey.get().id().toString(),
        "rating", String.valueOf(reply.get().rating())));
    return Optional.of(new ReceiveResult(c, message, ReceiveResult.Outcome.RATED));
  }

  /**
   * A customer rates a conversation through a survey link.
   *
   * @return the stored rating
   * @throws AccessDeniedException if the token is not one this engine signed
   * @throws ConflictException if the link expired or was used before
   * @throws ValidationException if the rating is not 1 to 5
   * @throws ConfigurationException if surveys are not configured
   */
  public CsatView submitCsat(SubmitCsat command) {
    Objects.requireNonNull(command, "command");
    if (csat == null) {
      throw new ConfigurationException("csat: surveys are not configured; set csat(...) on the builder");
    }
    if (command.rating() < 1 || command.rating() > 5) {
      throw ValidationException.of("rating", "must be between 1 and 5, was " + command.rating());
    }
    SurveyTokens.Claims claims = tokens.verify(command.token()).orElseThrow(
        () -> new AccessDeniedException("token: not a valid survey link (signature does not match)"));
    Instant now = clock.instant();
    if (!now.isBefore(claims.expiresAt())) {
      throw new ConflictException("token: this rating link expired at " + claims.expiresAt());
    }
    String comment = command.comment() == null || command.comment().isBlank()
        ? null : command.comment().strip();
    return run(tx -> {
      CsatSurvey survey = tx.store.survey(claims.surveyId(), true).orElseThrow(
          () -> new NotFoundException("token: the survey of this link no longer exists"));
      if (survey.answeredAt() != null) {
        throw new ConflictException("token: this rating link was already used at " + survey.answeredAt());
      }
      tx.store.saveRating(new CsatRating(survey, command.rating(), comment, now));
      tx.event("csat.rated", survey.conversationId(), now, Map.of("surveyId",
          survey.id().toString(), "rating", String.valueOf(command.rating())));
      return new CsatView(command.rating(), comment, now);
    });
  }

  /** CSAT aggregates (average, share of 4–5, count) overall and by agent, team, channel and period. */
  public CsatSummary csatSummary(FindCsat query) {
    Objects.requireNonNull(query, "query");
    Map<String, ChannelType> channels = new HashMap<>();
    workspace.inboxes().forEach(i -> channels.put(i.id(), i.channel()));
    return store.inTransaction(tx -> tx.csatSummary(query, workspace.defaults().zone(), channels));
  }

  /**
   * Weekly and monthly reports (issue 8) over this engine's database, with the workspace's inboxes,
   * calendars and zone. Cheap to call; the facade holds no state of its own.
   *
   * @throws ConfigurationException if the engine was built on a store without a SQL database
   */
  public at.ozeanlicht.support.core.reports.Reports reports() {
    return at.ozeanlicht.support.core.reports.Reports.of(store.dataSource().orElseThrow(
        () -> new ConfigurationException("store: reports need a PostgreSQL-backed store")), workspace, clock);
  }

  // ---------------------------------------------------------------- contacts

  /**
   * Sets the VIP flag and custom attributes of a contact. Attribute keys are letters, digits,
   * {@code .}, {@code -} and {@code _}; a key may not be both set and unset.
   *
   * @throws NotFoundException if the contact does not exist
   * @throws ValidationException for bad keys or an unknown actor
   */
  public Contact updateContact(UpdateContact command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    for (String key : command.set().keySet()) {
      if (!ATTRIBUTE_KEY.matcher(key).matches()) {
        problems.add(FieldProblem.of("set", "attribute key '" + key
            + "' must be letters, digits, '.', '-' or '_', at most 64 characters"));
      }
      if (command.unset().contains(key)) {
        problems.add(FieldProblem.of("unset", "attribute '" + key + "' is also being set"));
      }
    }
    if (command.actor() != null) {
      checkAgent(command.actor(), "actor", problems);
    }
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> {
      tx.store.lock("contact-id:" + command.contactId());
      Contact c = tx.store.contact(command.contactId()).orElseThrow(
          () -> new NotFoundException("contactId: no contact " + command.contactId()));
      Map<String, String> attributes = new HashMap<>(c.attributes());
      attributes.putAll(command.set());
      command.unset().forEach(attributes::remove);
      Contact changed = new Contact(c.id(), c.externalIds(), c.name(), c.email(), c.phone(),
          c.language(), command.vip() == null ? c.vip() : command.vip(), attributes, c.createdAt());
      if (changed.equals(c)) {
        return c;
      }
      tx.store.saveContact(changed);
      // Keys only: attribute values may be personal data.
      Map<String, String> data = new HashMap<>();
      data.put("contactId", c.id().toString());
      data.put("changed", String.join(",", new TreeSet<>(changedKeys(c, changed))));
      tx.event("contact.updated", null, now, data);
      return changed;
    });
  }

  private static Set<String> changedKeys(Contact before, Contact after) {
    Set<String> keys = new TreeSet<>();
    if (before.vip() != after.vip()) {
      keys.add("vip");
    }
    Set<String> all = new TreeSet<>(before.attributes().keySet());
    all.addAll(after.attributes().keySet());
    for (String k : all) {
      if (!Objects.equals(before.attributes().get(k), after.attributes().get(k))) {
        keys.add("attributes." + k);
      }
    }
    return keys;
  }

  // ---------------------------------------------------------------- queries

  /** One conversation with its contact, messages (notes included) and CSAT, if it exists. */
  public Optional<ConversationView> conversation(UUID id) {
    Objects.requireNonNull(id, "id");
    return store.inTransaction(tx -> tx.conversation(id, false).map(c -> view(tx, c)));
  }

  /** One conversation by its short number ({@code 4711}), if it exists. */
  public Optional<ConversationView> conversation(long number) {
    return store.inTransaction(tx -> tx.conversationByNumber(number).map(c -> view(tx, c)));
  }

  private static ConversationView view(ConversationStore.Transaction tx, Conversation c) {
    Contact contact = c.contactId() == null ? null : tx.contact(c.contactId()).orElse(null);
    return new ConversationView(c, contact, tx.messages(c.id()), tx.csat(c.id()).orElse(null));
  }

  /** A page of conversations, most recent activity first. */
  public ConversationPage conversations(FindConversations query) {
    Objects.requireNonNull(query, "query");
    return store.inTransaction(tx -> tx.findConversations(query));
  }

  /**
   * The open SLA clocks (running or paused), earliest deadline first, with the business time left
   * at {@code at}.
   *
   * @param at the moment to compute the remaining business time for
   * @param limit at most this many, 1 to 10000
   */
  public List<SlaClockView> slaClocks(Instant at, int limit) {
    Objects.requireNonNull(at, "at");
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit: must be between 1 and 10000, was " + limit);
    }
    return store.inTransaction(tx -> tx.findOpenSlaClocks(limit).stream()
        .map(k -> new SlaClockView(k, tx.conversation(k.conversationId(), false)
            .map(Conversation::number).orElse(0L), slaTimers.remaining(k, at)))
        .toList());
  }

  // ---------------------------------------------------------------- SLA hooks (issue 4)

  private void slaOnOpened(Tx tx, Conversation c, Instant now) {
    slaTimers.opened(tx.store, c, now);
  }

  private void slaOnCustomerMessage(Tx tx, Conversation c, Status before, Instant now) {
    slaTimers.customerMessage(tx.store, c, before, now);
  }

  private void slaOnAgentReply(Tx tx, Conversation c, Instant now) {
    slaTimers.agentReplied(tx.store, c, now);
  }

  private void slaOnPriorityChange(Tx tx, Conversation after, Priority before, Instant now) {
    if (after.priority() != before) {
      slaTimers.priorityChanged(tx.store, after, now);
    }
  }

  private void slaOnStatusChange(Tx tx, Conversation after, Status before, Instant now) {
    slaTimers.statusChanged(tx.store, after, before, now);
  }

  /** Fires due SLA warnings and breaches, then hands released notifications to the notifier. */
  private void slaTick(Instant now, Map<String, Integer> counts) {
    int warnings = 0;
    int breaches = 0;
    int escalations = 0;
    while (true) {
      SlaTimers.Counts batch = run(tx -> slaTimers.tick(tx.store,
          (type, id, at, data) -> tx.event(type, id, at, data), now, 100));
      warnings += batch.warnings();
      breaches += batch.breaches();
      escalations += batch.escalations();
      if (batch.clocks() < 100) {
        break;
      }
    }
    int notified = 0;
    while (true) {
      List<SlaNotification> released = store.inTransaction(tx -> {
        List<SlaNotification> due = tx.dueSlaNotifications(now, 100);
        due.forEach(n -> tx.markSlaNotificationSent(n.id(), now));
        return due;
      });
      for (SlaNotification n : released) {
        deliver(n);
      }
      notified += released.size();
      if (released.size() < 100) {
        break;
      }
    }
    put(counts, "slaWarnings", warnings);
    put(counts, "slaBreaches", breaches);
    put(counts, "escalations", escalations);
    put(counts, "slaNotifications", notified);
  }

  private void deliver(SlaNotification n) {
    if (notifier == null) {
      LOG.debug("no notifier registered; sla notification {} dropped", n.id());
      return;
    }
    try {
      notifier.notify(n);
    } catch (RuntimeException e) {
      LOG.warn("notifier {} failed on sla notification {}: {}", notifier.getClass().getName(), n.id(),
          e.toString());
    }
  }

  /** Adds to a count; routing escalation steps also count as {@code escalations}. */
  private static void put(Map<String, Integer> counts, String name, int value) {
    if (value > 0) {
      counts.merge(name, value, Integer::sum);
    }
  }

  /** Closes what the engine created; a host's DataSource stays open. */
  @Override
  public void close() {
    store.close();
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", owned.get(i).getClass().getSimpleName(), e.toString());
      }
    }
  }

  // ---------------------------------------------------------------- routing (issue 3)

  /**
   * Analysis, routing rules and assignment for a received message, inside the receive
   * transaction. Changes made here are the rules' own: they write activities and events but never
   * trigger rules again (loop protection).
   */
  private Conversation routeReceived(Tx tx, Inbox inbox, Contact contact, Conversation c,
      Message message, ReceiveResult.Outcome outcome, boolean queued,
      @Nullable RoutingDecision decided, Instant now) {
    if (router == null) {
      return c;
    }
    Trigger trigger = trigger(outcome);
    RoutingDecision d = decided != null ? decided
        : Objects.requireNonNull(decide(inbox, contact, c, message, outcome, now));
    List<RoutingFiring> firings = new ArrayList<>();
    for (String rule : d.matchedRules()) {
      String reason = d.trace().stream().filter(t -> t.rule().equals(rule) && t.matched())
          .map(RuleTrace::reason).findFirst().orElse("matched");
      firings.add(new RoutingFiring(c.id(), rule, trigger.wire(), message.id().toString(), reason, now));
    }
    String teamBefore = c.team();
    String team = d.team() != null ? d.team() : c.team();
    TreeSet<String> labels = new TreeSet<>(c.labels());
    labels.addAll(d.labels());
    Conversation routed = new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(),
        c.participants(), c.status(), d.priority(), labels, team, c.assignee(), c.attributes(),
        c.externalId(), c.createdAt(), c.lastActivityAt(), c.firstResponseAt(), c.resolvedAt(),
        c.snoozedUntil(), c.version());
    if (!routed.equals(c)) {
      Conversation before = c;
      c = tx.store.updateConversation(routed);
      if (!Objects.equals(team, before.team())) {
        activity(tx, c, "Moved to team " + teamName(team) + " by routing", now);
      }
      Map<String, String> data = new HashMap<>();
      data.put("priority", d.priority().wire());
      data.put("rules", String.join(",", d.matchedRules()));
      if (team != null) {
        data.put("team", team);
      }
      tx.event("conversation.routed", c.id(), now, data);
    }
    // The firings with the routing state, one statement (nothing between reads either table).
    tx.store.saveRouting(firings, c.id(), d.aiAllowed(), d.afterHours(), d.escalationPolicy(), now);
    if (decided == null) {
      tx.store.saveMessageSentiment(message.id(), d.sentiment()); // else inserted with the message
    }
    // Assignment is tried when the conversation enters a team's queue: opened, reopened (or woken
    // from pending/snoozed) without an assignee or with an offline one, or moved to another team
    // by routing. A follow-up message of a conversation already waiting in its team's queue does
    // not try again: nothing about the agents changed, and trying took every agent's lock and
    // wrote an assignments row per message. Waiting conversations are assigned by the backlog
    // drain when capacity frees (resolve, unassign, availability). Availability is read only when
    // it can matter: the assignee of a conversation back from pending, snoozed or resolved, who
    // leaves it when offline (issue 12, QueueLiveness), so that it is assigned again or waits.
    boolean entersQueue = !queued || !Objects.equals(team, teamBefore);
    if (team != null && !queued && outcome != ReceiveResult.Outcome.OPENED && c.assignee() != null) {
      c = releaseOffline(tx, c, outcome == ReceiveResult.Outcome.REOPENED
          ? "offline when the customer reopened it" : "offline when the customer wrote again", now);
    }
    if (team != null && entersQueue && c.assignee() == null) {
      c = autoAssign(tx, c, team, d, contact.vip(), now);
    }
    notifyRouting(tx, c, d, d.matchedRules(), trigger, now);
    if (d.reply() != null && outcome == ReceiveResult.Outcome.OPENED) {
      Message ack = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING, Sender.bot(),
          d.reply(), ContentType.TEXT, List.of(), null, List.of(), now, null, null);
      tx.store.insertMessage(ack, c.inbox());
      enqueue(tx, c, ack, now);
    }
    return c;
  }

  private static Trigger trigger(ReceiveResult.Outcome outcome) {
    return switch (outcome) {
      case OPENED -> Trigger.CONVERSATION_CREATED;
      case REOPENED -> Trigger.REOPENED;
      default -> Trigger.MESSAGE_RECEIVED;
    };
  }

  /** Analysis and the rules for a received message (pure; null without routing). */
  private @Nullable RoutingDecision decide(Inbox inbox, Contact contact, Conversation c,
      Message message, ReceiveResult.Outcome outcome, Instant now) {
    Router r = router;
    if (r == null) {
      return null;
    }
    RoutingInput input = RoutingInput.of(message.body(), now).withTrigger(trigger(outcome))
        .withChannel(inbox.channel()).withInbox(inbox.id(), inbox.brand())
        .withContact(contact.vip(), contact.language(), contact.attributes())
        .withConversation(c.priority(), c.labels())
        .withAnalysis(analyze(message, contact.language()));
    // The firings record the matched rules' reasons only: no trace of the others (issue 12).
    return r.routeExplainingMatches(input);
  }

  private @Nullable MessageAnalysis analyze(Message message, @Nullable String languageHint) {
    MessageAnalyzer a = analyzer;
    if (a == null) {
      return null;
    }
    try {
      return a.analyze(message.body(), languageHint);
    } catch (RuntimeException e) {
      // Routing goes on with keywords only; the exception text may quote the message, so not logged.
      LOG.warn("analyzer {} failed on message {} ({}); routing with keywords only", a.name(),
          message.id(), e.getClass().getName());
      return null;
    }
  }

  private Conversation autoAssign(Tx tx, Conversation c, String team, RoutingDecision d, boolean vip,
      Instant now) {
    Router r = Objects.requireNonNull(router);
    String how = d.assignTo() != null ? d.assignTo() : r.defaultAssign().orElse("claim");
    return autoAssign(tx, c, team, how, d.language(), vip, "routing", now);
  }

  /**
   * Runs the {@link Assigner} with the agents' persisted availability (over the workspace
   * default), their open load and the fairness window of routing.yaml.
   */
  private Conversation autoAssign(Tx tx, Conversation c, String team, String how,
      @Nullable String language, boolean vip, String by, Instant now) {
    Router r = Objects.requireNonNull(router);
    int cap = r.fairnessCap();
    List<String> candidates = Assigner.candidates(
        new Assigner.Request(team, how, language, vip, null, cap), workspace.agents());
    if (how.equals("claim")) {
      return c; // it waits in the queue for an agent to pick it: nothing to lock or record
    }
    Assignment a = null;
    if (!how.equals("round-robin") && tx.assignLocks.sharedFirst(tx.store)) {
      // One assignment under the shared lock: decide on loads read without agent locks, then
      // lock only the chosen agent (without waiting) and confirm its load under that lock; see
      // AssignmentLocks#optimistic. Nobody available needs no agent lock at all: a freed slot's
      // drain takes the exclusive lock, so it runs after this commit and finds the conversation.
      Map<String, Availability> availability = tx.store.agentAvailability();
      List<Assigner.AgentState> unlocked = agentStates(tx, candidates, availability, cap, now);
      Assigner.Request request = new Assigner.Request(team, how, language, vip, null, cap);
      Assignment guess = Assigner.assign(request, unlocked);
      if (guess.agent() == null) {
        a = guess;
      } else {
        Assignment[] confirmed = new Assignment[1];
        if (tx.assignLocks.optimistic(tx.store, guess.agent(), () -> {
          List<Assigner.AgentState> fresh = new ArrayList<>();
          // Only the chosen agent's load can have moved: availability changes drain under the
          // exclusive lock, which waits for this transaction's shared one.
          Assigner.AgentState mine =
              agentStates(tx, List.of(guess.agent()), availability, cap, now).get(0);
          for (Assigner.AgentState s : unlocked) {
            fresh.add(s.agent().id().equals(guess.agent()) ? mine : s);
          }
          confirmed[0] = Assigner.assign(request, fresh);
          return guess.agent().equals(confirmed[0].agent());
        })) {
          a = confirmed[0];
        }
      }
    }
    if (a == null) {
      // The candidates are locked until commit before their open counts are read: otherwise two
      // transactions read the same count and both give an agent its last free slot (ManyNodesIT
      // caught 9 of 8 before there was a lock). See AssignmentLocks for the order that avoids
      // cycles; teams with disjoint agents assign in parallel.
      String last = tx.assignLocks.lock(tx.store, candidates,
          how.equals("round-robin") ? team : null).orElse(null);
      a = Assigner.assign(new Assigner.Request(team, how, language, vip, last, cap),
          agentStates(tx, candidates, tx.store.agentAvailability(), cap, now));
    }
    tx.store.recordAssignment(new AssignmentRecord(c.id(), a.team(), a.agent(), a.strategy(),
        a.reason(), a.candidates(), a.skipped(), now));
    if (a.agent() == null || a.agent().equals(c.assignee())) {
      return c;
    }
    if (a.strategy().equals("round-robin")) {
      tx.store.saveRoundRobin(team, a.agent(), now);
    }
    return handOff(tx, c, c.team(), a.agent(), by + ": " + a.reason(), now);
  }

  /** The candidates' availability, open load and recent assignments, in workspace order. */
  private List<Assigner.AgentState> agentStates(Tx tx, List<String> candidates,
      Map<String, Availability> set, int cap, Instant now) {
    Router r = Objects.requireNonNull(router);
    Map<String, Integer> open = tx.store.openCountsByAgent(candidates);
    Map<String, Integer> recent = cap > 0
        ? tx.store.assignmentsSince(now.minus(r.fairnessWindow()), candidates) : Map.of();
    return workspace.agents().stream()
        .filter(a -> candidates.contains(a.id()))
        .map(a -> new Assigner.AgentState(a, set.getOrDefault(a.id(), a.availability()),
            open.getOrDefault(a.id(), 0), recent.getOrDefault(a.id(), 0)))
        .toList();
  }

  /** An agent's availability now: as set through the engine, else the workspace default. */
  private Optional<Availability> availability(Tx tx, String agent) {
    Availability set = tx.store.agentAvailability().get(agent);
    return set != null ? Optional.of(set) : workspace.agent(agent).map(Agent::availability);
  }

  /**
   * Sets an agent's availability at run time (persisted; assignment prefers it over the workspace
   * file). When the agent comes online or away, the oldest waiting unassigned conversations of
   * the agent's teams are assigned first (backlog drain), within capacity, language and VIP
   * filters and the fairness window.
   *
   * @return how many waiting conversations the drain assigned
   * @throws ValidationException if the agent is unknown
   */
  public int setAvailability(SetAvailability command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    checkAgent(command.agent(), "agent", problems);
    throwIf(problems);
    Instant now = clock.instant();
    return run(tx -> {
      Availability before = availability(tx, command.agent()).orElse(Availability.OFFLINE);
      tx.store.saveAvailability(command.agent(), command.availability(), now);
      if (before != command.availability()) {
        tx.event("agent.availability_changed", null, now, Map.of("agent", command.agent(),
            "from", before.wire(), "to", command.availability().wire()));
      }
      return command.availability() == Availability.OFFLINE ? 0 : drainBacklog(tx, command.agent(), now);
    });
  }

  /**
   * Assigns the oldest waiting unassigned conversations of the agent's teams, oldest first, until
   * a team has nobody eligible left. Rows are claimed with SKIP LOCKED.
   */
  private int drainBacklog(Tx tx, String agentId, Instant now) {
    return drainBacklog(tx, agentId, null, now);
  }

  /** {@link #drainBacklog(Tx, String, Instant)} that leaves {@code except} waiting. */
  private int drainBacklog(Tx tx, String agentId, @Nullable UUID except, Instant now) {
    Router r = router;
    Agent agent = workspace.agent(agentId).orElse(null);
    if (r == null || agent == null) {
      return 0;
    }
    String how = r.defaultAssign().orElse("claim");
    if (how.equals("claim")) {
      return 0; // agents pick from the queue themselves
    }
    tx.assignLocks.expectMany(); // several teams: one exclusive lock, see AssignmentLocks
    int assigned = 0;
    for (String team : agent.teams()) {
      assigned += drainTeam(tx, team, how, except, now);
    }
    if (assigned > 0) {
      LOG.debug("backlog drain for agent {} assigned {}", agentId, assigned);
    }
    return assigned;
  }

  /** Assigns up to 50 of a team's oldest waiting conversations, in order, until nobody is eligible. */
  private int drainTeam(Tx tx, String team, String how, @Nullable UUID except, Instant now) {
    int assigned = 0;
    for (Conversation c : tx.store.waitingUnassigned(team, 50)) {
      if (c.id().equals(except)) {
        continue;
      }
      if (assignWaiting(tx, c, team, how, "backlog drain", now).assignee() == null) {
        break; // nobody eligible (capacity, availability): the rest keeps waiting in order
      }
      assigned++;
    }
    return assigned;
  }

  /** Assignment of a waiting conversation; the language is the contact's, else its last message's. */
  private Conversation assignWaiting(Tx tx, Conversation c, String team, String how, String by,
      Instant now) {
    Router r = Objects.requireNonNull(router);
    Contact contact = c.contactId() == null ? null : tx.store.contact(c.contactId()).orElse(null);
    String language = contact != null && contact.language() != null ? contact.language()
        : r.route(RoutingInput.of(lastCustomerText(tx, c), now), false).language();
    return autoAssign(tx, c, team, how, language, contact != null && contact.vip(), by, now);
  }

  /** Issue 12: tries to assign a conversation that entered its team's queue outside receive. */
  private Conversation assignEntered(Tx tx, Conversation c, String by, Instant now) {
    String how = router == null ? "claim" : router.defaultAssign().orElse("claim");
    return how.equals("claim") ? c : assignWaiting(tx, c, Objects.requireNonNull(c.team()), how, by, now);
  }

  /**
   * Issue 12: unassigns the offline assignee of a conversation back in its team's queue (see
   * {@link QueueLiveness#heldOffline}); the caller then tries the team's assignment.
   */
  private Conversation releaseOffline(Tx tx, Conversation c, String why, Instant now) {
    return router != null && QueueLiveness.heldOffline(c, agent -> availability(tx, agent))
        ? handOff(tx, c, c.team(), null, why, now) : c;
  }

  /** Issue 12: drains every team's backlog (the first tick of an engine, see QueueLiveness). */
  private int drainAllTeams(Instant now) {
    String how = router == null ? "claim" : router.defaultAssign().orElse("claim");
    if (how.equals("claim")) {
      return 0;
    }
    return run(tx -> {
      tx.assignLocks.expectMany();
      int assigned = 0;
      for (at.ozeanlicht.support.core.domain.Team team : workspace.teams()) {
        int batch;
        do {
          batch = drainTeam(tx, team.id(), how, null, now);
          assigned += batch;
        } while (batch == 50);
      }
      return assigned;
    });
  }

  private static String lastCustomerText(Tx tx, Conversation c) {
    return tx.store.messages(c.id()).stream().filter(m -> m.kind() == MessageKind.INCOMING)
        .reduce((a, b) -> b).map(Message::body).orElse("");
  }

  /** Moves and/or (un)assigns with activity messages, as {@link #assign} does for agents. */
  private Conversation handOff(Tx tx, Conversation c, @Nullable String team, @Nullable String agent,
      String why, Instant now) {
    Conversation saved = tx.store.updateConversation(new Conversation(c.id(), c.number(), c.kind(),
        c.inbox(), c.contactId(), c.participants(), c.status(), c.priority(), c.labels(), team,
        agent, c.attributes(), c.externalId(), c.createdAt(), c.lastActivityAt(),
        c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
    if (!Objects.equals(team, c.team())) {
      activity(tx, saved, "Moved to team " + teamName(team) + " (" + why + ")", now);
    }
    if (!Objects.equals(agent, c.assignee())) {
      activity(tx, saved, (agent == null ? agentName(c.assignee()) + " left the conversation"
          : agentName(agent) + " joined the conversation") + " (" + why + ")", now);
    }
    Map<String, String> data = new HashMap<>();
    if (team != null) {
      data.put("team", team);
    }
    if (agent != null) {
      data.put("assignee", agent);
    }
    data.put("by", "routing");
    tx.event("conversation.assigned", c.id(), now, data);
    return saved;
  }

  /**
   * Runs the rules on an agent's change ({@code assigned}, {@code status_changed}) in the command's
   * transaction. Only commands call this, never what rules do (loop protection).
   */
  private Conversation routeOnEvent(Tx tx, Conversation c, Trigger trigger, Instant now) {
    Router r = router;
    if (r == null || !r.runsOn(trigger)) {
      return c;
    }
    String text = tx.store.messages(c.id()).stream().filter(m -> m.kind() == MessageKind.INCOMING)
        .reduce((a, b) -> b).map(Message::body).orElse("");
    fireRules(tx, c, null, trigger, "event:" + UUID.randomUUID(), text, now);
    return tx.store.conversation(c.id(), false).orElse(c);
  }

  /** Like {@link #routeOnEvent} for a trigger whose occurrence has a stable key; returns firings. */
  private int routeOnEvent(Tx tx, Conversation c, Trigger trigger, String key, Instant now) {
    Router r = router;
    if (r == null || !r.runsOn(trigger)) {
      return 0;
    }
    String text = tx.store.messages(c.id()).stream().filter(m -> m.kind() == MessageKind.INCOMING)
        .reduce((a, b) -> b).map(Message::body).orElse("");
    return fireRules(tx, c, null, trigger, key, text, now);
  }

  /**
   * Fires the timed rules ({@code no_human_reply} in business time on the inbox's calendar,
   * {@code waiting_on_us} in wall-clock time) that are due at {@code now}: once per rule and wait
   * (unique key in {@code routing_firings}), rows claimed with SKIP LOCKED so that several nodes
   * can tick at once.
   */
  private int routeTimeTriggers(Instant now) {
    Router r = router;
    if (r == null) {
      return 0;
    }
    int fired = 0;
    for (TimedRule t : r.timedRules()) {
      boolean business = t.trigger() == Trigger.NO_HUMAN_REPLY;
      while (true) {
        int[] batch = run(tx -> {
          tx.assignLocks.expectMany(); // rules of many conversations may assign
          List<ConversationStore.Transaction.Waiting> due =
              tx.store.waitingForHuman(t.name(), business, now.minus(t.after()), 100);
          int n = 0;
          for (ConversationStore.Transaction.Waiting w : due) {
            if (business && r.businessHours(w.conversation().inbox()).openBetween(w.since(), now)
                .compareTo(t.after()) < 0) {
              continue; // due in wall-clock time, not yet in business time
            }
            n += fireRules(tx, w.conversation(), t.name(), t.trigger(), w.key(), w.text(), now);
          }
          return new int[] {due.size(), n};
        });
        fired += batch[1];
        if (batch[0] < 100 || batch[1] == 0) {
          break;
        }
      }
    }
    return fired;
  }

  /**
   * Evaluates the rules on a trigger other than a received message ({@code rule} alone when set),
   * records each matching rule's firing once per {@code key} and applies the actions of those
   * that fired now. Returns how many fired.
   */
  private int fireRules(Tx tx, Conversation c, @Nullable String rule, Trigger trigger, String key,
      String text, Instant now) {
    Router r = Objects.requireNonNull(router);
    Contact contact = c.contactId() == null ? null : tx.store.contact(c.contactId()).orElse(null);
    Inbox inbox = workspace.inbox(c.inbox()).orElse(null);
    RoutingInput input = RoutingInput.of(text, now).withTrigger(trigger)
        .withChannel(inbox == null ? null : inbox.channel())
        .withInbox(c.inbox(), inbox == null ? null : inbox.brand())
        .withContact(contact != null && contact.vip(), contact == null ? null : contact.language(),
            contact == null ? Map.of() : contact.attributes())
        .withConversation(c.priority(), c.labels());
    RoutingDecision d = rule != null ? r.routeRule(rule, input) : r.route(input, true);
    List<String> fired = new ArrayList<>();
    for (String name : d.matchedRules()) {
      String reason = d.trace().stream().filter(t -> t.rule().equals(name) && t.matched())
          .map(RuleTrace::reason).findFirst().orElse("matched");
      if (tx.store.recordFiring(new RoutingFiring(c.id(), name, trigger.wire(), key, reason, now))) {
        fired.add(name);
      }
    }
    if (fired.isEmpty()) {
      return 0;
    }
    LOG.debug("rules {} fired on {} for conversation {}", fired, trigger.wire(), c.id());
    String team = d.team() != null ? d.team() : c.team();
    TreeSet<String> labels = new TreeSet<>(c.labels());
    labels.addAll(d.labels());
    Conversation changed = new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(),
        c.participants(), c.status(), d.priority(), labels, team, c.assignee(), c.attributes(),
        c.externalId(), c.createdAt(), c.lastActivityAt(), c.firstResponseAt(), c.resolvedAt(),
        c.snoozedUntil(), c.version());
    Conversation now2 = c;
    if (!changed.equals(c)) {
      now2 = tx.store.updateConversation(changed);
      if (!Objects.equals(team, c.team())) {
        activity(tx, now2, "Moved to team " + teamName(team) + " by routing rule " + fired.get(0), now);
      }
      Map<String, String> data = new HashMap<>();
      data.put("priority", d.priority().wire());
      data.put("rules", String.join(",", fired));
      data.put("trigger", trigger.wire());
      if (team != null) {
        data.put("team", team);
      }
      tx.event("conversation.routed", c.id(), now, data);
      slaOnPriorityChange(tx, now2, c.priority(), now);
    }
    if (d.assignTo() != null && team != null) {
      now2 = autoAssign(tx, now2, team, d, contact != null && contact.vip(), now);
    }
    if (d.escalationPolicy() != null && tx.store.saveEscalationPolicy(c.id(), d.escalationPolicy(), now)) {
      activity(tx, now2, "Escalation policy set to " + d.escalationPolicy() + " by routing rule " + fired.get(0), now);
      tx.event("conversation.escalation_policy_changed", c.id(), now, Map.of("policy", d.escalationPolicy(),
          "rules", String.join(",", fired), "trigger", trigger.wire()));
    }
    notifyRouting(tx, now2, d, fired, trigger, now);
    return fired.size();
  }

  /**
   * Queues the decision's {@code notify} actions on the transaction; {@link #run} hands them to
   * the {@link Notifier} after commit.
   */
  private void notifyRouting(Tx tx, Conversation c, RoutingDecision d, List<String> rules,
      Trigger trigger, Instant now) {
    for (String target : d.notifyTargets()) {
      String agent = switch (target) {
        case "lead" -> c.team() == null ? null : workspace.team(c.team()).map(t -> t.lead()).orElse(null);
        case "on-call" -> null;
        default -> target;
      };
      tx.notifications.add(new RoutingNotification(UUID.randomUUID(), c.id(), c.number(), rules,
          trigger.wire(), target, agent, c.team(), c.priority(), now));
    }
  }

  private void deliver(RoutingNotification n) {
    if (notifier == null) {
      LOG.debug("no notifier registered; routing notification {} dropped", n.id());
      return;
    }
    try {
      notifier.notify(n);
    } catch (RuntimeException e) {
      LOG.warn("notifier {} failed on routing notification {}: {}", notifier.getClass().getName(),
          n.id(), e.toString());
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /**
   * Fires the escalation steps that are due at {@code now}: each once per conversation (a unique
   * key in {@code escalations}), on several nodes at once (rows claimed with SKIP LOCKED).
   */
  private int escalateDue(Instant now) {
    Router r = router;
    if (r == null) {
      return 0;
    }
    String defaultPolicy = r.defaultEscalationPolicy().orElse(null);
    int fired = 0;
    for (Map.Entry<String, List<EscalationStep>> policy : r.escalationPolicies().entrySet()) {
      boolean isDefault = policy.getKey().equals(defaultPolicy);
      for (EscalationStep step : policy.getValue()) {
        while (true) {
          int[] batch = run(tx -> {
            List<Conversation> due = step.after() != null
                ? tx.store.dueForFirstResponseEscalation(policy.getKey(), isDefault,
                    now.minus(step.after()), step.key(), 50)
                : tx.store.dueForLabelEscalation(policy.getKey(), isDefault,
                    Objects.requireNonNull(step.label()), step.key(), 50);
            int n = 0;
            for (Conversation c : due) {
              if (step.after() != null
                  && r.businessHours(c.inbox()).openBetween(c.createdAt(), now).compareTo(step.after()) < 0) {
                continue; // due in wall-clock time, not yet in business time
              }
              if (tx.store.recordEscalation(c.id(), step.key(), step.to(), now)) {
                escalate(tx, c, step, now);
                n++;
              }
            }
            return new int[] {due.size(), n};
          });
          fired += batch[1];
          if (batch[0] < 50 || batch[1] == 0) {
            break;
          }
        }
      }
    }
    return fired;
  }

  private void escalate(Tx tx, Conversation c, EscalationStep step, Instant now) {
    String team = c.team();
    String agent;
    if (step.to().equals("lead")) {
      agent = team == null ? null : workspace.team(team).map(t -> t.lead()).orElse(null);
    } else if (step.to().equals("admin")) {
      team = workspace.team("admin").isPresent() ? "admin" : team;
      agent = EscalationTargets.admin(workspace, tx.store.agentAvailability(), c.team());
    } else {
      agent = step.to();
    }
    String why = step.after() != null
        ? "escalated: no first response within " + step.after().toMinutes() + " business minutes"
        : "escalated: marked " + step.label();
    tx.store.recordAssignment(new AssignmentRecord(c.id(), team, agent, "escalation", why,
        agent == null ? List.of() : List.of(agent), Map.of(), now));
    tx.event("conversation.escalated", c.id(), now, Map.of("step", step.key(),
        "to", agent == null ? "" : agent));
    if (agent == null && Objects.equals(team, c.team())) {
      activity(tx, c, "Escalation due (" + why + "), but nobody to escalate to", now);
      return;
    }
    handOff(tx, c, team, agent == null ? c.assignee() : agent, why, now);
  }

  // ---------------------------------------------------------------- contact presence (issue 6)

  /**
   * Customer typing, handed to the listeners as an ephemeral {@code conversation.typing_on|off}
   * event of the contact's latest conversation on the inbox: never stored, not in the outbox.
   */
  void relayTyping(InboundEvent.Typing t) {
    ChannelType channel = workspace.inbox(t.inbox()).orElseThrow().channel();
    Optional<UUID> conversation = store.inTransaction(tx -> tx.contactByExternalId(channel,
        t.contactExternalId()).flatMap(c -> tx.latestConversation(c.id(), t.inbox()))
        .map(Conversation::id));
    conversation.ifPresent(id -> publish(List.of(new DomainEvent(UUID.randomUUID(),
        t.on() ? "conversation.typing_on" : "conversation.typing_off", id, t.at(),
        Map.of("inbox", t.inbox(), "actor", "contact")))));
  }

  /** Merges an anonymous contact into the identified one (see {@link InboundEvent.ContactIdentified}). */
  void mergeIdentified(InboundEvent.ContactIdentified e) {
    ChannelType channel = workspace.inbox(e.inbox()).orElseThrow().channel();
    run(tx -> {
      tx.store.lock("contact:" + channel.wire() + ":" + e.externalId());
      Optional<Contact> from = tx.store.contactByExternalId(channel, e.previousExternalId());
      Optional<Contact> into = tx.store.contactByExternalId(channel, e.externalId());
      if (from.isEmpty() || into.map(c -> c.id().equals(from.get().id())).orElse(false)) {
        return null;
      }
      UUID kept = tx.store.channels().mergeContact(from.get().id(), into.map(Contact::id).orElse(null),
          channel.wire(), e.externalId());
      tx.event("contact.merged", null, clock.instant(), Map.of("from", from.get().id().toString(),
          "into", kept.toString(), "inbox", e.inbox()));
      LOG.info("contact {} identified on inbox {}, merged into {}", from.get().id(), e.inbox(), kept);
      return null;
    });
  }

  // ---------------------------------------------------------------- helpers

  /** One transaction that collects events and publishes them to listeners after commit. */
  private <T> T run(Function<Tx, T> work) {
    Tx joined = joinable.get();
    if (joined != null) {
      return work.apply(joined); // inside oneTransaction: its commit, audit and publishing cover this
    }
    List<DomainEvent> events = new ArrayList<>();
    List<RoutingNotification> notifications = new ArrayList<>();
    Acting who = acting.get();
    T result = store.inTransaction(tx -> {
      notifications.clear(); // a retried transaction starts over
      events.clear();
      int first = events.size();
      Tx t = new Tx(tx, events, notifications, who == null ? null : access, who == null ? Actor.system() : who.actor(),
          who == null ? "system" : who.command());
      T r = work.apply(t);
      // The transaction's events go to the outbox in one statement, at the end (Tx.event only
      // collects them); nothing reads the outbox inside the transaction that wrote it.
      tx.appendEvents(events.subList(first, events.size()));
      // issue 10: the audit log, in the same transaction as the change
      AuditTrail.record(tx, t.actor, who == null ? null : who.command(), events.subList(first, events.size()), t.before);
      return r;
    });
    notifications.forEach(this::deliver); // issue 3: routing notify, after commit
    publish(events);
    return result;
  }

  /** Hands events to the listeners; one that throws is logged and the others still run. */
  private void publish(List<DomainEvent> events) {
    for (DomainEvent e : events) {
      for (EventListener l : listeners) {
        try {
          l.onEvent(e);
        } catch (RuntimeException ex) {
          LOG.warn("event listener {} failed on event {} ({}): {}", l.getClass().getName(),
              e.id(), e.type(), ex.toString());
        }
      }
    }
  }

  // ---------------------------------------------------------------- first response (issue 7)

  /**
   * The automatic first response on a new conversation (an answer with articles and a guided fix,
   * or an honest acknowledgment; see {@link FirstResponder}), and deflection: a later customer
   * message confirming an AI-answered conversation solved, with no agent message, labels it
   * {@value FirstResponder#DEFLECTED}.
   */
  private Conversation firstResponse(Tx tx, Contact contact, Conversation c, Message message,
      ReceiveResult.Outcome outcome, Instant now) {
    FirstResponder responder = firstResponder;
    if (responder == null || c.kind() != ConversationKind.SUPPORT) {
      return c;
    }
    if (outcome == ReceiveResult.Outcome.APPENDED) {
      if (c.labels().contains(FirstResponder.ANSWERED) && !c.labels().contains(FirstResponder.DEFLECTED)
          && FirstResponder.confirmsSolved(message.body())
          && tx.store.messages(c.id()).stream().noneMatch(m -> m.sender().type() == SenderType.AGENT)) {
        c = withLabel(tx, c, FirstResponder.DEFLECTED);
        tx.event("conversation.deflected", c.id(), now, Map.of("messageId", message.id().toString()));
      }
      return c;
    }
    // A new conversation, or a customer writing again after resolution (reopened): the same guard.
    if ((outcome != ReceiveResult.Outcome.OPENED && outcome != ReceiveResult.Outcome.REOPENED)
        || message.body().isBlank()) {
      return c;
    }
    FirstResponder.Reply reply = responder.respond(new FirstResponder.Request(message.body(),
        contact.name(), contact.language(), workspace.defaults().language(), contact.vip(),
        analyze(message, contact.language()), tx.store.routingAiAllowed(c.id()).orElse(null)));
    KbLearning.record(tx.store, c.id(), message.body(), reply, now);
    boolean botSpoke = tx.store.messages(c.id()).stream()
        .anyMatch(m -> m.sender().type() == SenderType.BOT && !m.createdAt().isBefore(now));
    if (reply.kind() == FirstResponder.Kind.ACKNOWLEDGE && botSpoke) {
      return c; // routing already acknowledged; one acknowledgment is enough
    }
    Message bot = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING, Sender.bot(),
        reply.text(), ContentType.TEXT, List.of(), null, List.of(), now, null, null);
    tx.store.insertMessage(bot, c.inbox());
    enqueue(tx, c, bot, now);
    Map<String, String> data = new HashMap<>();
    data.put("kind", reply.kind().name().toLowerCase(java.util.Locale.ROOT));
    data.put("trigger", outcome == ReceiveResult.Outcome.REOPENED ? "reopened" : "opened");
    data.put("messageId", bot.id().toString());
    data.put("articles", String.join(",", reply.articles()));
    if (!reply.blockedBy().isEmpty()) {
      data.put("blockedBy", String.join(",", reply.blockedBy()));
    }
    tx.event("ai.first_response", c.id(), now, data);
    LOG.debug("first response {} on conversation {}", data.get("kind"), c.id());
    return reply.kind() == FirstResponder.Kind.ANSWER ? withLabel(tx, c, FirstResponder.ANSWERED) : c;
  }

  private static Conversation withLabel(Tx tx, Conversation c, String label) {
    TreeSet<String> labels = new TreeSet<>(c.labels());
    labels.add(label);
    return tx.store.updateConversation(new Conversation(c.id(), c.number(), c.kind(), c.inbox(),
        c.contactId(), c.participants(), c.status(), c.priority(), labels, c.team(), c.assignee(),
        c.attributes(), c.externalId(), c.createdAt(), c.lastActivityAt(), c.firstResponseAt(),
        c.resolvedAt(), c.snoozedUntil(), c.version()));
  }

  private static final class Tx {
    final ConversationStore.Transaction store;
    final List<DomainEvent> events;
    final List<RoutingNotification> notifications;
    final @Nullable AccessPolicy access; // issue 10: null when running as the system
    final Actor actor;
    final String command;
    final Map<UUID, Conversation> before = new HashMap<>();
    final AssignmentLocks assignLocks = new AssignmentLocks();

    Tx(ConversationStore.Transaction store, List<DomainEvent> events,
        List<RoutingNotification> notifications, @Nullable AccessPolicy access, Actor actor, String command) {
      this.store = store;
      this.events = events;
      this.notifications = notifications;
      this.access = access;
      this.actor = actor;
      this.command = command;
    }

    void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data) {
      // Written to the outbox by run() when the work is done, all in one statement.
      events.add(new DomainEvent(UUID.randomUUID(), type, conversationId, at, data));
    }
  }

  /** Thrown inside a receive transaction to roll it back when the message turned out a duplicate. */
  private static final class DuplicateMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateMessage() {
      super("duplicate channel message", null, false, false);
    }
  }

  private static Conversation load(Tx tx, UUID id) {
    Conversation c = tx.store.conversation(id, true)
        .orElseThrow(() -> new NotFoundException("conversationId: no conversation " + id));
    if (tx.access != null) {
      tx.access.requireVisible(tx.actor, tx.command, c); // issue 10: checked under the row lock
    }
    tx.before.putIfAbsent(id, c);
    return c;
  }

  private static Conversation with(
      Conversation c, Status status, @Nullable Instant snoozedUntil, @Nullable Instant resolvedAt,
      Instant now) {
    return new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(),
        c.participants(), status, c.priority(), c.labels(), c.team(), c.assignee(),
        c.attributes(), c.externalId(), c.createdAt(), now, c.firstResponseAt(), resolvedAt,
        snoozedUntil, c.version());
  }

  private static void activity(Tx tx, Conversation c, String text, Instant now) {
    tx.store.insertMessage(new Message(UUID.randomUUID(), c.id(), MessageKind.ACTIVITY,
        Sender.system(), text, ContentType.TEXT, List.of(), null, List.of(), now, null, null),
        c.inbox());
  }

  private String by(@Nullable String actor) {
    return actor == null ? "" : " by " + agentName(actor);
  }

  private String agentName(@Nullable String handle) {
    if (handle == null) {
      return "Nobody";
    }
    return workspace.agent(handle).map(Agent::name).orElse(handle);
  }

  private String teamName(@Nullable String team) {
    if (team == null) {
      return "none";
    }
    return workspace.team(team).map(t -> t.name()).orElse(team);
  }

  private static String statusText(Status status) {
    return switch (status) {
      case OPEN -> "Conversation opened";
      case PENDING -> "Waiting for the customer";
      case SNOOZED -> "Snoozed";
      case RESOLVED -> "Conversation resolved";
    };
  }

  private void checkAgent(String handle, String field, List<FieldProblem> problems) {
    if (workspace.agent(handle).isEmpty()) {
      problems.add(FieldProblem.of(field, "unknown agent '" + handle + "'"));
    }
  }

  private static void throwIf(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }

  private static @Nullable String first(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link SupportEngine}. Every setter rejects null, a second call and out-of-range
   * values with the field name in the message. Not thread-safe; use once.
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable String jdbcUrl;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable Path embeddedHome;
    private @Nullable ConversationStore store;
    private Workspace workspace = new Workspace("empty",
        new Workspace.Defaults("de", java.time.ZoneId.of("Europe/Vienna")),
        List.of(), List.of(), List.of(), List.of(), List.of());
    private boolean workspaceSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private SchemaMode schemaMode = SchemaMode.MIGRATE;
    private boolean schemaModeSet;
    private int poolSize = 10;
    private boolean poolSizeSet;
    private int groupCommitBatch = 16;
    private int groupCommitRunners; // 0: chosen at build()
    private boolean groupCommitSet;
    private final List<EventListener> listeners = new ArrayList<>();
    private @Nullable MessageAnalyzer analyzer;
    private @Nullable KnowledgeBase knowledgeBase;
    private @Nullable FirstResponsePolicy firstResponse;
    private boolean discover;
    private @Nullable Notifier notifier;
    private @Nullable Router router;

    private @Nullable ContextProvider contextProvider;
    private @Nullable CsatSettings csat;
    private final List<ChannelAdapterProvider<?>> channelProviders = new ArrayList<>();
    private final List<Object> channelConfigs = new ArrayList<>();
    private final List<ChannelAdapter> channelAdapters = new ArrayList<>();
    private @Nullable SecretResolver secrets;
    private @Nullable HttpClient httpClient;
    private DispatchPolicy dispatchPolicy = DispatchPolicy.defaults();
    private boolean dispatchPolicySet;
    private final List<EventWebhook> eventWebhooks = new ArrayList<>();
    private Duration rawPayloadRetention = Duration.ofDays(30);
    private boolean rawPayloadRetentionSet;
    private @Nullable PrivacySettings privacy;

    private Builder() {}

    /** The host's context values for canned responses and notes ({@code {{ course.module }}}). */
    public Builder contextProvider(ContextProvider provider) {
      this.contextProvider = once(this.contextProvider, provider, "contextProvider");
      return this;
    }

    /** Turns on satisfaction surveys on resolve; see {@link CsatSettings}. Off by default. */
    public Builder csat(CsatSettings settings) {
      this.csat = once(this.csat, settings, "csat");
      return this;
    }

    /** The message analyzer (language, sentiment, category) to use. */
    public Builder analyzer(MessageAnalyzer analyzer) {
      this.analyzer = once(this.analyzer, analyzer, "analyzer");
      return this;
    }

    /** The knowledge base the first response suggests articles from. */
    public Builder knowledgeBase(KnowledgeBase knowledgeBase) {
      this.knowledgeBase = once(this.knowledgeBase, knowledgeBase, "knowledgeBase");
      return this;
    }

    /**
     * Turns on the automatic first response: on every new conversation a bot message through the
     * outbox, either a warm answer in the contact's language with knowledge-base articles and, for
     * common issues, a guided fix and a context question, or (boundary guard, routing's {@code
     * aiAllowed}, or thresholds not met) an honest acknowledgment that a person will answer. Off by
     * default.
     */
    public Builder firstResponse(FirstResponsePolicy policy) {
      this.firstResponse = once(this.firstResponse, policy, "firstResponse");
      return this;
    }

    /**
     * The routing rules to run on every received message and on {@link SupportEngine#tick}
     * (escalations). Without them messages are stored unrouted.
     */
    public Builder routing(Router router) {
      this.router = once(this.router, router, "routing");
      return this;
    }

    /**
     * Finds adapters on the class path with {@link ServiceLoader} for every port that was not
     * set explicitly. Off by default; the CLI turns it on.
     */
    public Builder discoverAdapters() {
      if (discover) {
        throw new IllegalStateException("discoverAdapters: already set");
      }
      discover = true;
      return this;
    }

    private @Nullable MessageAnalyzer resolveAnalyzer() {
      if (analyzer != null || !discover) {
        return analyzer;
      }
      List<MessageAnalyzer> found = new ArrayList<>();
      ServiceLoader.load(MessageAnalyzer.class).forEach(found::add);
      if (found.size() > 1) {
        throw new ConfigurationException("analyzer: several MessageAnalyzer implementations found ("
            + found.stream().map(a -> a.getClass().getName()).collect(java.util.stream.Collectors.joining(", "))
            + "); register one explicitly with analyzer(...)");
      }
      return found.isEmpty() ? null : found.get(0);
    }

    /** Registers a channel adapter provider (besides those discovered). */
    public Builder channelProvider(ChannelAdapterProvider<?> provider) {
      channelProviders.add(Objects.requireNonNull(provider, "channelProvider"));
      return this;
    }

    /**
     * Adds a channel: a provider's configuration record (e.g. a {@code WhatsAppConfig}); the
     * provider whose {@code configType()} it is creates the adapter at {@link #build()}.
     */
    public Builder channel(Object config) {
      channelConfigs.add(Objects.requireNonNull(config, "channel"));
      return this;
    }

    /** Adds a ready adapter instance for its inbox. */
    public Builder channelAdapter(ChannelAdapter adapter) {
      channelAdapters.add(Objects.requireNonNull(adapter, "channelAdapter"));
      return this;
    }

    /** How adapters resolve secret references; defaults to environment and files. */
    public Builder secrets(SecretResolver secrets) {
      this.secrets = once(this.secrets, secrets, "secrets");
      return this;
    }

    /** The HTTP client adapters use; defaults to a new one when channels are configured. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = once(this.httpClient, client, "httpClient");
      return this;
    }

    /** Attempts, lease and backoff of outbound dispatch; defaults to {@link DispatchPolicy#defaults()}. */
    public Builder dispatchPolicy(DispatchPolicy policy) {
      if (dispatchPolicySet) {
        throw new IllegalStateException("dispatchPolicy: already set");
      }
      this.dispatchPolicy = Objects.requireNonNull(policy, "dispatchPolicy");
      dispatchPolicySet = true;
      return this;
    }

    /**
     * How long the exact bytes of accepted webhook requests are kept for audit and replay before
     * {@link SupportEngine#tick} deletes them; 1 hour to 10 years, default 30 days.
     */
    public Builder rawPayloadRetention(Duration retention) {
      if (rawPayloadRetentionSet) {
        throw new IllegalStateException("rawPayloadRetention: already set");
      }
      Objects.requireNonNull(retention, "rawPayloadRetention");
      if (retention.compareTo(Duration.ofHours(1)) < 0 || retention.compareTo(Duration.ofDays(3653)) > 0) {
        throw new IllegalArgumentException(
            "rawPayloadRetention: must be between 1 hour and 10 years, was " + retention);
      }
      this.rawPayloadRetention = retention;
      rawPayloadRetentionSet = true;
      return this;
    }

    /**
     * Adds a host endpoint for domain events, delivered by {@link SupportEngine#deliverEvents};
     * names must be unique.
     */
    public Builder eventWebhook(EventWebhook webhook) {
      Objects.requireNonNull(webhook, "eventWebhook");
      if (eventWebhooks.stream().anyMatch(w -> w.name().equals(webhook.name()))) {
        throw new IllegalArgumentException("eventWebhook: name '" + webhook.name() + "' already added");
      }
      eventWebhooks.add(webhook);
      return this;
    }

    private HostEvents hostEvents(ConversationStore store) {
      List<HostEvents.Endpoint> endpoints = HostEvents.resolve(eventWebhooks,
          secrets != null ? secrets : SecretResolver.standard());
      return new HostEvents(endpoints, dispatchPolicy, store, endpoints.isEmpty() ? null
          : httpClient != null ? httpClient : HttpClient.newHttpClient());
    }

    private Map<String, ChannelAdapter> resolveChannels() {
      Map<String, ChannelAdapterProvider<?>> providers =
          Channels.providers(channelProviders, discover);
      if (channelConfigs.isEmpty() && channelAdapters.isEmpty()) {
        return Map.of();
      }
      ChannelContext context = new ChannelContext(clock,
          secrets != null ? secrets : SecretResolver.standard(),
          httpClient != null ? httpClient : HttpClient.newHttpClient(),
          Channels.presence(workspace));
      return Channels.adapters(workspace, providers, channelConfigs, channelAdapters, context);
    }

    /** Where SLA warnings and breaches are told (team, on-call); without one they are dropped. */
    public Builder notifier(Notifier notifier) {
      this.notifier = once(this.notifier, notifier, "notifier");
      return this;
    }

    private at.ozeanlicht.support.core.crypto.FieldCipher cipher =
        at.ozeanlicht.support.core.crypto.FieldCipher.none();

    /** Use the host's DataSource; the engine never closes it. */
    public Builder dataSource(DataSource dataSource) {
      requireUnsetDatabase("dataSource");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Connect to PostgreSQL at {@code jdbc:postgresql://…} through an engine-owned pool. */
    public Builder jdbcUrl(String url, @Nullable String user, @Nullable String password) {
      requireUnsetDatabase("jdbcUrl");
      Objects.requireNonNull(url, "jdbcUrl");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl: must start with jdbc:postgresql:, was '"
            + Database.redact(url) + "'");
      }
      this.jdbcUrl = url;
      this.user = user;
      this.password = password;
      return this;
    }

    /** Run an embedded PostgreSQL 17 with its data under {@code home}; stopped on close. */
    public Builder embedded(Path home) {
      requireUnsetDatabase("embedded");
      this.embeddedHome = Objects.requireNonNull(home, "embedded");
      return this;
    }

    /**
     * Encrypt message bodies and contact fields at rest (see {@code FieldCipher.fromEnvironment});
     * off by default. Applies to the database the builder opens, not to {@link #store}.
     */
    public Builder encryption(at.ozeanlicht.support.core.crypto.FieldCipher cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher");
      return this;
    }

    /** Use another implementation of the store port (tests, other databases). */
    public Builder store(ConversationStore store) {
      requireUnsetDatabase("store");
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The workspace (inboxes, teams, agents); defaults to an empty one. */
    public Builder workspace(Workspace workspace) {
      if (workspaceSet) {
        throw new IllegalStateException("workspace: already set");
      }
      this.workspace = Objects.requireNonNull(workspace, "workspace");
      workspaceSet = true;
      return this;
    }

    /** The clock all times come from; defaults to the UTC system clock. */
    public Builder clock(Clock clock) {
      if (clockSet) {
        throw new IllegalStateException("clock: already set");
      }
      this.clock = Objects.requireNonNull(clock, "clock");
      clockSet = true;
      return this;
    }

    /** Whether to migrate the schema or only validate it; defaults to {@link SchemaMode#MIGRATE}. */
    public Builder schemaMode(SchemaMode mode) {
      if (schemaModeSet) {
        throw new IllegalStateException("schemaMode: already set");
      }
      this.schemaMode = Objects.requireNonNull(mode, "schemaMode");
      schemaModeSet = true;
      return this;
    }

    /** Pool size for an engine-owned pool, 1 to 100; defaults to 10. */
    public Builder poolSize(int size) {
      if (poolSizeSet) {
        throw new IllegalStateException("poolSize: already set");
      }
      if (size < 1 || size > 100) {
        throw new IllegalArgumentException("poolSize: must be between 1 and 100, was " + size);
      }
      this.poolSize = size;
      poolSizeSet = true;
      return this;
    }

    /**
     * Group commit for received messages: deliveries that arrive while others are being stored
     * share a transaction, up to {@code maxMessages} of different senders each, in at most {@code
     * transactions} transactions at once; the events, audit rows and the commit (one WAL flush)
     * are shared. A lone delivery still runs alone, so its latency does not change; under load
     * the engine and PostgreSQL do less work per message ({@code support bench receive}). If one message of a batch fails, the
     * batch is rolled back and each of its messages runs again alone, so only that message's
     * sender sees the error. Event listeners may then be called on another delivery's thread.
     * Defaults: 16 messages, in {@code max(2, processors)} transactions (at most the pool size
     * less one when the engine owns the pool); {@code transactions} 0 keeps that default. {@code
     * maxMessages} 1 turns group commit off.
     */
    public Builder groupCommit(int maxMessages, int transactions) {
      if (groupCommitSet) {
        throw new IllegalStateException("groupCommit: already set");
      }
      if (maxMessages < 1 || maxMessages > 1000) {
        throw new IllegalArgumentException("maxMessages: must be between 1 and 1000, was " + maxMessages);
      }
      if (transactions < 0 || transactions > 100) {
        throw new IllegalArgumentException("transactions: must be between 0 (default) and 100, was " + transactions);
      }
      this.groupCommitBatch = maxMessages;
      this.groupCommitRunners = transactions;
      groupCommitSet = true;
      return this;
    }

    /** Transactions group commit may use at once: as set, else processors (at least 2) within the pool. */
    int groupCommitTransactions() {
      if (groupCommitRunners > 0) {
        return groupCommitRunners;
      }
      int wanted = Math.max(2, Runtime.getRuntime().availableProcessors());
      boolean ownPool = dataSource == null && store == null;
      return ownPool ? Math.max(1, Math.min(wanted, poolSize - 1)) : wanted;
    }

    /** Access restrictions and retention; see {@link PrivacySettings}. None by default. */
    public Builder privacy(PrivacySettings settings) {
      this.privacy = once(this.privacy, settings, "privacy");
      return this;
    }

    /** Adds a listener called after each commit. */
    public Builder listener(EventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Rejects a second call and a null value, naming the setting. */
    private static <T> T once(@Nullable T current, T value, String field) {
      if (current != null) {
        throw new IllegalStateException(field + ": already set");
      }
      return Objects.requireNonNull(value, field);
    }

    private void requireUnsetDatabase(String field) {
      if (dataSource != null || jdbcUrl != null || embeddedHome != null || store != null) {
        throw new IllegalStateException(field
            + ": a database is already set; choose one of dataSource, jdbcUrl, embedded, store");
      }
    }

    /**
     * Validates the configuration, prepares the database (migrating or validating its schema)
     * and returns the engine.
     *
     * @throws ConfigurationException if the schema is not current in VALIDATE_ONLY mode
     * @throws StoreException if the database cannot be reached
     */
    public SupportEngine build() {
      // Channels first: a missing secret fails before a database is started.
      Map<String, ChannelAdapter> adapters = resolveChannels();
      List<AutoCloseable> owned = new ArrayList<>();
      try {
        ConversationStore s = store;
        if (s == null) {
          Database db;
          if (dataSource != null) {
            db = Database.of(dataSource);
          } else if (jdbcUrl != null) {
            db = Database.connect(jdbcUrl, user, password, poolSize);
          } else {
            db = Database.embedded(embeddedHome == null ? Database.defaultHome() : embeddedHome, poolSize);
          }
          owned.add(db);
          db.encryption(cipher);
          if (schemaMode == SchemaMode.MIGRATE) {
            db.migrate();
          } else {
            db.requireCurrent();
          }
          s = db.conversationStore();
        }
        return new SupportEngine(this, s, owned, resolveAnalyzer(), adapters);
      } catch (RuntimeException e) {
        for (AutoCloseable c : owned) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }
  }
}
