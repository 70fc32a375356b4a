package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The engine as one {@link Actor} sees it: the same commands and queries as {@link
 * SupportEngine}, each checked against the access policy first and recorded in the audit log
 * under this actor. Get one with {@link SupportEngine#as(Actor)}; it is cheap and thread-safe.
 *
 * <p>Rules: every role may read and work conversations it can see (reply, note, status, snooze,
 * labels, priority, macros); an {@code agent} may only assign to or unassign themselves and may
 * not move conversations between teams; contacts are changed by {@code lead} and {@code admin};
 * imports, exports, GDPR operations, the audit log and {@code tick} need {@code admin}; customer
 * ingress ({@link #receive}, {@link #submitCsat}) is for services and the system, not agents.
 * Teams listed in {@link PrivacySettings#restrictedTeams()} show their conversations to members
 * and the assignee only; with {@link PrivacySettings#spiritualTeam()} set, spiritual
 * conversations are shown to that team's members only, whatever their role. An agent can only
 * act under their own handle. A refusal is always an {@link AccessDeniedException} naming the
 * actor, the action, the resource and the reason, never an empty result.
 *
 * <p>Calls on the {@link SupportEngine} itself run as {@link Actor#system()}.
 */
public final class SupportSession {
  private final SupportEngine engine;
  private final AccessPolicy policy;
  private final Actor actor;

  SupportSession(SupportEngine engine, AccessPolicy policy, Actor actor) {
    this.engine = engine;
    this.policy = policy;
    this.actor = Objects.requireNonNull(actor, "actor");
  }

  /** The actor this session runs as. */
  public Actor actor() {
    return actor;
  }

  private <T> T run(String action, Supplier<T> work) {
    return engine.acting(actor, action, work);
  }

  private static String resource(UUID id) {
    return "conversation " + id;
  }

  /** {@link SupportEngine#receive}; services and the system only. */
  public ReceiveResult receive(ReceiveMessage command) {
    policy.requireIngress(actor, "receive", "inbox " + command.inbox());
    return run("receive", () -> engine.receive(command));
  }

  /** {@link SupportEngine#submitCsat}; services and the system only. */
  public CsatView submitCsat(SubmitCsat command) {
    policy.requireIngress(actor, "submitCsat", "survey");
    return run("submitCsat", () -> engine.submitCsat(command));
  }

  /** {@link SupportEngine#reply} as the acting agent. */
  public Message reply(SendReply command) {
    policy.requireSelf(actor, "reply", resource(command.conversationId()), command.agent(), "agent");
    return run("reply", () -> engine.reply(command));
  }

  /** {@link SupportEngine#addNote} as the acting agent. */
  public Message addNote(AddNote command) {
    policy.requireSelf(actor, "addNote", resource(command.conversationId()), command.agent(), "agent");
    return run("addNote", () -> engine.addNote(command));
  }

  /** {@link SupportEngine#assign}; an {@code agent} may only take or leave a conversation. */
  public Conversation assign(AssignConversation command) {
    String resource = resource(command.conversationId());
    policy.requireSelf(actor, "assign", resource, command.actor(), "actor");
    if (actor.kind() != Actor.Kind.SYSTEM && actor.role() == AgentRole.AGENT) {
      Conversation c = current(command.conversationId(), "assign");
      if (command.team() != null && !command.team().equals(c.team())) {
        throw policy.deny(actor, "assign", resource, "moving to another team requires role lead or higher");
      }
      boolean take = command.assignee() != null && actor.is(command.assignee());
      boolean leave = command.assignee() == null && c.assignee() != null && actor.is(c.assignee());
      if (!take && !leave) {
        throw policy.deny(actor, "assign", resource,
            "an agent may only assign a conversation to themselves or leave it; others require role lead or higher");
      }
    }
    return run("assign", () -> engine.assign(command));
  }

  /** {@link SupportEngine#changeStatus}. */
  public Conversation changeStatus(ChangeStatus command) {
    policy.requireSelf(actor, "changeStatus", resource(command.conversationId()), command.actor(), "actor");
    return run("changeStatus", () -> engine.changeStatus(command));
  }

  /** {@link SupportEngine#snooze}. */
  public Conversation snooze(SnoozeConversation command) {
    policy.requireSelf(actor, "snooze", resource(command.conversationId()), command.actor(), "actor");
    return run("snooze", () -> engine.snooze(command));
  }

  /** {@link SupportEngine#label}. */
  public Conversation label(LabelConversation command) {
    policy.requireSelf(actor, "label", resource(command.conversationId()), command.actor(), "actor");
    return run("label", () -> engine.label(command));
  }

  /** {@link SupportEngine#setPriority}. */
  public Conversation setPriority(SetPriority command) {
    policy.requireSelf(actor, "setPriority", resource(command.conversationId()), command.actor(), "actor");
    return run("setPriority", () -> engine.setPriority(command));
  }

  /** {@link SupportEngine#applyMacro} as the acting agent, on conversations this actor may see. */
  public List<MacroResult> applyMacro(ApplyMacro command) {
    policy.requireSelf(actor, "applyMacro", "macro " + command.macro(), command.agent(), "agent");
    for (UUID id : command.conversationIds()) {
      current(id, "applyMacro");
    }
    return run("applyMacro", () -> engine.applyMacro(command));
  }

  /** {@link SupportEngine#updateContact}; {@code lead} or higher. */
  public Contact updateContact(UpdateContact command) {
    String resource = "contact " + command.contactId();
    policy.requireRole(actor, "updateContact", resource, AgentRole.LEAD);
    policy.requireSelf(actor, "updateContact", resource, command.actor(), "actor");
    return run("updateContact", () -> engine.updateContact(command));
  }

  /** {@link SupportEngine#importConversation}; {@code admin} only. */
  public ImportResult importConversation(ImportConversation command) {
    policy.requireRole(actor, "import", "conversation " + command.externalId(), AgentRole.ADMIN);
    return run("import", () -> engine.importConversation(command));
  }

  /** {@link SupportEngine#importConversations}; {@code admin} only. */
  public List<ImportResult> importConversations(List<ImportConversation> commands) {
    policy.requireRole(actor, "import", "conversations", AgentRole.ADMIN);
    return run("import", () -> engine.importConversations(commands));
  }

  /**
   * {@link SupportEngine#tick}; {@code admin} only. After the role check the tick runs as the
   * system (its changes are audited as {@code system}): timed work must reach every conversation,
   * restricted ones included.
   */
  public TickReport tick(Instant now) {
    policy.requireRole(actor, "tick", "workspace", AgentRole.ADMIN);
    return engine.tick(now);
  }

  /**
   * One conversation with notes and activities, for the support team.
   *
   * @throws AccessDeniedException if this actor may not see it
   */
  public Optional<ConversationView> conversation(UUID id) {
    Optional<ConversationView> view = engine.conversation(id);
    view.ifPresent(v -> policy.requireVisible(actor, "read", v.conversation()));
    return view;
  }

  /** One conversation by number; see {@link #conversation(UUID)}. */
  public Optional<ConversationView> conversation(long number) {
    Optional<ConversationView> view = engine.conversation(number);
    view.ifPresent(v -> policy.requireVisible(actor, "read", v.conversation()));
    return view;
  }

  /**
   * The customer-facing transcript: incoming and outgoing messages only. Private notes and
   * activities are never part of it, whoever asks. Agents need to see the conversation; services
   * (a customer portal) and the system get any transcript.
   */
  public Optional<ConversationView> transcript(UUID id) {
    Optional<ConversationView> view = engine.conversation(id);
    if (actor.kind() == Actor.Kind.AGENT) {
      view.ifPresent(v -> policy.requireVisible(actor, "read", v.conversation()));
    }
    return view.map(SupportSession::customerFacing);
  }

  static ConversationView customerFacing(ConversationView v) {
    return new ConversationView(v.conversation(), v.contact(),
        v.messages().stream().filter(m -> !m.isPrivate()).toList(), v.csat());
  }

  /**
   * A page of conversations this actor may see. Filtering on a team the actor may not see is
   * refused; without a team filter, conversations of restricted teams are left out of the page.
   */
  public ConversationPage conversations(FindConversations query) {
    policy.requireTeam(actor, "list", query.team());
    ConversationPage page = engine.conversations(query);
    return new ConversationPage(page.items().stream()
        .filter(s -> policy.visible(actor, s.conversation())).toList(), page.nextCursor());
  }

  /** The audit log; {@code admin} only. Reading it is itself not audited (it holds no personal data). */
  public List<AuditEntry> audit(FindAudit query) {
    policy.requireRole(actor, "read", "audit log", AgentRole.ADMIN);
    return engine.audit(query);
  }

  /** GDPR export and erasure as this actor ({@code admin} only). */
  public PersonalData personalData() {
    return engine.personalData(actor);
  }

  private Conversation current(UUID id, String action) {
    Conversation c = engine.conversation(id).map(ConversationView::conversation).orElseThrow(
        () -> new NotFoundException("conversationId: no conversation " + id));
    policy.requireVisible(actor, action, c);
    return c;
  }
}
