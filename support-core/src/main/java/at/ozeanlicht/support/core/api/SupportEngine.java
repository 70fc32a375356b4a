package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
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
import at.ozeanlicht.support.core.routing.Trigger;
import at.ozeanlicht.support.core.spi.AssignmentRecord;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.RoutingFiring;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventListener;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.spi.Notifier;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.spi.OutboundMessage;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
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
  private static final Pattern MENTION = Pattern.compile("(?<![\\w.])@([a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9])");
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

  private SupportEngine(
      Builder b, ConversationStore store, List<AutoCloseable> owned, @Nullable MessageAnalyzer analyzer) {
    this.store = store;
    this.workspace = b.workspace;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.owned = List.copyOf(owned);
    this.analyzer = analyzer;
    this.slaTimers = new SlaTimers(b.workspace);
    this.notifier = b.notifier;
    this.router = b.router;
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
   * (non-urgent ones held back until the calendar opens). Counts: {@code snoozeWakeUps},
   * {@code slaWarnings}, {@code slaBreaches}, {@code escalations}, {@code slaNotifications}. Safe
   * to call from several nodes at once: due rows are claimed with {@code FOR UPDATE SKIP LOCKED},
   * so each is handled by exactly one caller.
   */
  public TickReport tick(Instant now) {
    Objects.requireNonNull(now, "now");
    Map<String, Integer> counts = new HashMap<>();
    int woken = 0;
    while (true) {
      int batch = run(tx -> {
        List<Conversation> due = tx.store.dueSnoozed(now, 100);
        for (Conversation c : due) {
          Conversation awake =
              tx.store.updateConversation(with(c, Status.OPEN, null, c.resolvedAt(), c.lastActivityAt()));
          slaOnStatusChange(tx, awake, Status.SNOOZED, now);
          activity(tx, c, "Snooze ended", now);
          tx.event("conversation.status_changed", c.id(), now,
              Map.of("from", Status.SNOOZED.wire(), "to", Status.OPEN.wire(), "reason", "snooze_ended"));
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
    int escalated = escalateDue(now);
    if (escalated > 0) {
      counts.put("escalations", escalated);
    }
    slaTick(now, counts);
    return new TickReport(now, counts);
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
    MDC.put("channel", in.channel().wire());
    try {
      Instant now = clock.instant();
      try {
        return run(tx -> receiveIn(tx, in, command, now));
      } catch (DuplicateMessage duplicate) {
        // A concurrent delivery inserted the same message between our check and our insert;
        // the unique constraint caught it and our transaction rolled back. Report the first one.
        return store.inTransaction(
            tx -> duplicateResult(tx, command).orElseThrow(() -> new StoreException(
                "channelMessageId: duplicate reported but no stored message found")));
      }
    } finally {
      MDC.remove("channel");
      MDC.remove("conversationId");
    }
  }

  private ReceiveResult receiveIn(Tx tx, Inbox inbox, ReceiveMessage command, Instant now) {
    InboundContact from = command.contact();
    tx.store.lock("contact:" + inbox.channel().wire() + ":" + from.externalId());
    Optional<ReceiveResult> duplicate = duplicateResult(tx.store, command);
    if (duplicate.isPresent()) {
      LOG.debug("duplicate channel message on inbox {}", inbox.id());
      return duplicate.get();
    }
    Contact contact = resolveContact(tx, inbox.channel(), from, now);
    Instant at = command.sentAt() == null ? now : command.sentAt();

    Optional<Conversation> latest = tx.store.latestConversation(contact.id(), inbox.id());
    Conversation conversation;
    ReceiveResult.Outcome outcome;
    if (latest.isEmpty()) {
      conversation = new Conversation(UUID.randomUUID(), tx.store.nextConversationNumber(),
          ConversationKind.SUPPORT, inbox.id(), contact.id(), List.of(), Status.OPEN,
          Priority.NORMAL, Set.of(), null, null, Map.of(), null, now, now, null, null, null, 0);
      tx.store.insertConversation(conversation);
      outcome = ReceiveResult.Outcome.OPENED;
      tx.event("conversation.opened", conversation.id(), now, Map.of("inbox", inbox.id()));
      slaOnOpened(tx, conversation, now);
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
    if (!tx.store.insertMessage(message, inbox.id())) {
      throw new DuplicateMessage();
    }
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
    conversation = routeReceived(tx, inbox, contact, conversation, message, outcome, now);
    slaOnPriorityChange(tx, conversation, unrouted, now);
    tx.event("message.created", conversation.id(), now,
        Map.of("messageId", message.id().toString(), "kind", MessageKind.INCOMING.wire()));
    LOG.debug("received message {} outcome {}", message.id(), outcome);
    return new ReceiveResult(conversation, message, outcome);
  }

  private static Optional<ReceiveResult> duplicateResult(
      ConversationStore.Transaction tx, ReceiveMessage command) {
    return tx.messageByChannelId(command.inbox(), command.channelMessageId())
        .map(m -> new ReceiveResult(
            tx.conversation(m.conversationId(), false).orElseThrow(), m,
            ReceiveResult.Outcome.DUPLICATE));
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
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      Message message = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING,
          Sender.agent(command.agent()), command.body(), ContentType.TEXT, List.of(), null,
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
   * {@code @handle} mentions of known agents are recorded and make them participants.
   */
  public Message addNote(AddNote command) {
    Objects.requireNonNull(command, "command");
    List<FieldProblem> problems = new ArrayList<>();
    checkAgent(command.agent(), "agent", problems);
    if (command.body().isBlank()) {
      problems.add(FieldProblem.of("body", "must not be blank"));
    }
    throwIf(problems);
    List<String> mentions = mentions(command.body());
    Instant now = clock.instant();
    return run(tx -> {
      Conversation c = load(tx, command.conversationId());
      Message note = new Message(UUID.randomUUID(), c.id(), MessageKind.NOTE,
          Sender.agent(command.agent()), command.body(), ContentType.TEXT, List.of(), null,
          mentions, now, null, null);
      tx.store.insertMessage(note, c.inbox());
      LinkedHashSet<String> participants = new LinkedHashSet<>(c.participants());
      participants.addAll(mentions);
      tx.store.updateConversation(new Conversation(c.id(), c.number(), c.kind(), c.inbox(),
          c.contactId(), List.copyOf(participants), c.status(), c.priority(), c.labels(),
          c.team(), c.assignee(), c.attributes(), c.externalId(), c.createdAt(), now,
          c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(), c.version()));
      Map<String, String> data = new HashMap<>();
      data.put("messageId", note.id().toString());
      data.put("kind", MessageKind.NOTE.wire());
      if (!mentions.isEmpty()) {
        data.put("mentions", String.join(",", mentions));
      }
      tx.event("message.created", c.id(), now, data);
      return note;
    });
  }

  /** The known agent handles mentioned in {@code text}, in order of first mention. */
  List<String> mentions(String text) {
    LinkedHashSet<String> found = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String handle = m.group(1);
      if (workspace.agent(handle).isPresent()) {
        found.add(handle);
      }
    }
    return List.copyOf(found);
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
      return saved;
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
      return saved;
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

  private ImportResult importChecked(ImportConversation command) {
    ChannelType channel = command.channel();
    Instant now = clock.instant();
    return run(tx -> {
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
              first(c.email(), ic.email()), c.phone(), first(c.language(), ic.language()),
              c.vip() || ic.vip(), c.attributes(), c.createdAt()))
          .orElseGet(() -> new Contact(UUID.randomUUID(), Map.of(channel, ic.externalId()),
              ic.name(), ic.email(), null, ic.language(), ic.vip(), Map.of(),
              command.createdAt()));
      tx.store.saveContact(contact);

      List<ImportConversation.ImportMessage> ordered = new ArrayList<>(command.messages());
      ordered.sort(Comparator.comparing(ImportConversation.ImportMessage::createdAt));
      Instant firstIncoming = ordered.stream().filter(m -> m.direction() == MessageKind.INCOMING)
          .map(ImportConversation.ImportMessage::createdAt).findFirst().orElse(null);
      Instant firstResponse = ordered.stream()
          .filter(m -> m.direction() == MessageKind.OUTGOING)
          .filter(m -> firstIncoming == null || !m.createdAt().isBefore(firstIncoming))
          .map(ImportConversation.ImportMessage::createdAt).findFirst().orElse(null);
      Instant lastActivity = ordered.isEmpty() ? command.createdAt()
          : ordered.get(ordered.size() - 1).createdAt();
      Conversation conversation = new Conversation(UUID.randomUUID(),
          tx.store.nextConversationNumber(), ConversationKind.SUPPORT, command.inbox(),
          contact.id(), List.of(), command.status(), command.priority(), command.labels(),
          command.team(), command.assignee(), Map.of(), command.externalId(), command.createdAt(),
          lastActivity.isBefore(command.createdAt()) ? command.createdAt() : lastActivity,
          firstResponse, command.status() == Status.RESOLVED ? command.resolvedAt() : null,
          null, 0);
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
    });
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
      Message message, ReceiveResult.Outcome outcome, Instant now) {
    Router r = router;
    if (r == null) {
      return c;
    }
    Trigger trigger = switch (outcome) {
      case OPENED -> Trigger.CONVERSATION_CREATED;
      case REOPENED -> Trigger.REOPENED;
      default -> Trigger.MESSAGE_RECEIVED;
    };
    RoutingInput input = RoutingInput.of(message.body(), now).withTrigger(trigger)
        .withChannel(inbox.channel()).withInbox(inbox.id(), inbox.brand())
        .withContact(contact.vip(), contact.language(), contact.attributes())
        .withConversation(c.priority(), c.labels())
        .withAnalysis(analyze(message, contact.language()));
    RoutingDecision d = r.route(input, true);
    for (String rule : d.matchedRules()) {
      String reason = d.trace().stream().filter(t -> t.rule().equals(rule) && t.matched())
          .map(RuleTrace::reason).findFirst().orElse("matched");
      tx.store.recordFiring(new RoutingFiring(c.id(), rule, trigger.wire(), message.id().toString(),
          reason, now));
    }
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
    tx.store.saveRoutingState(c.id(), d.aiAllowed(), d.afterHours(), d.escalationPolicy(), now);
    boolean assigneeGone = c.assignee() != null && workspace.agent(c.assignee())
        .map(a -> a.availability() == Availability.OFFLINE).orElse(true);
    if (team != null && (c.assignee() == null || (outcome == ReceiveResult.Outcome.REOPENED && assigneeGone))) {
      c = autoAssign(tx, c, team, d, contact.vip(), now);
    }
    if (d.reply() != null && outcome == ReceiveResult.Outcome.OPENED) {
      Message ack = new Message(UUID.randomUUID(), c.id(), MessageKind.OUTGOING, Sender.bot(),
          d.reply(), ContentType.TEXT, List.of(), null, List.of(), now, null, null);
      tx.store.insertMessage(ack, c.inbox());
      enqueue(tx, c, ack, now);
    }
    return c;
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
    String last = how.equals("round-robin") ? tx.store.lockRoundRobin(team).orElse(null) : null;
    Map<String, Integer> open = tx.store.openCountsByAgent();
    List<Assigner.AgentState> states = workspace.agents().stream()
        .map(a -> new Assigner.AgentState(a, a.availability(), open.getOrDefault(a.id(), 0), 0))
        .toList();
    Assignment a = Assigner.assign(new Assigner.Request(team, how, d.language(), vip, last, 0), states);
    tx.store.recordAssignment(new AssignmentRecord(c.id(), a.team(), a.agent(), a.strategy(),
        a.reason(), a.candidates(), a.skipped(), now));
    if (a.agent() == null || a.agent().equals(c.assignee())) {
      return c;
    }
    if (a.strategy().equals("round-robin")) {
      tx.store.saveRoundRobin(team, a.agent(), now);
    }
    return handOff(tx, c, c.team(), a.agent(), "routing: " + a.reason(), now);
  }

  /** Moves and/or assigns with activity messages, as {@link #assign} does for agents. */
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
      activity(tx, saved, agentName(agent) + " joined the conversation (" + why + ")", now);
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
                  && r.businessHours().openBetween(c.createdAt(), now).compareTo(step.after()) < 0) {
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
      agent = workspace.agents().stream().filter(a -> a.role() == at.ozeanlicht.support.core.domain.AgentRole.ADMIN)
          .filter(a -> a.availability() != Availability.OFFLINE).map(Agent::id).findFirst()
          .orElse(team == null ? null : workspace.team(team).map(t -> t.lead()).orElse(null));
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

  // ---------------------------------------------------------------- helpers

  /** One transaction that collects events and publishes them to listeners after commit. */
  private <T> T run(Function<Tx, T> work) {
    List<DomainEvent> events = new ArrayList<>();
    T result = store.inTransaction(tx -> work.apply(new Tx(tx, events)));
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
    return result;
  }

  private static final class Tx {
    final ConversationStore.Transaction store;
    final List<DomainEvent> events;

    Tx(ConversationStore.Transaction store, List<DomainEvent> events) {
      this.store = store;
      this.events = events;
    }

    void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data) {
      DomainEvent e = new DomainEvent(UUID.randomUUID(), type, conversationId, at, data);
      store.appendEvent(e);
      events.add(e);
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
    return tx.store.conversation(id, true)
        .orElseThrow(() -> new NotFoundException("conversationId: no conversation " + id));
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
    private final List<EventListener> listeners = new ArrayList<>();
    private @Nullable MessageAnalyzer analyzer;
    private boolean discover;
    private @Nullable Notifier notifier;
    private @Nullable Router router;

    private Builder() {}

    /** The message analyzer (language, sentiment, category) to use. */
    public Builder analyzer(MessageAnalyzer analyzer) {
      if (this.analyzer != null) {
        throw new IllegalStateException("analyzer: already set");
      }
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * The routing rules to run on every received message and on {@link SupportEngine#tick}
     * (escalations). Without them messages are stored unrouted.
     */
    public Builder routing(Router router) {
      if (this.router != null) {
        throw new IllegalStateException("routing: already set");
      }
      this.router = Objects.requireNonNull(router, "routing");
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

    /** Where SLA warnings and breaches are told (team, on-call); without one they are dropped. */
    public Builder notifier(Notifier notifier) {
      if (this.notifier != null) {
        throw new IllegalStateException("notifier: already set");
      }
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

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

    /** Adds a listener called after each commit. */
    public Builder listener(EventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
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
            db = Database.embedded(embeddedHome == null ? Database.defaultHome() : embeddedHome);
          }
          owned.add(db);
          if (schemaMode == SchemaMode.MIGRATE) {
            db.migrate();
          } else {
            db.requireCurrent();
          }
          s = db.conversationStore();
        }
        return new SupportEngine(this, s, owned, resolveAnalyzer());
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
