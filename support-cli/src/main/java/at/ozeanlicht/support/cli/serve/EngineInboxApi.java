package at.ozeanlicht.support.cli.serve;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.RenderedText;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.inbox.InboxCounts;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxRow;
import at.ozeanlicht.support.core.inbox.UnifiedInbox;
import at.ozeanlicht.support.core.macros.CannedResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link InboxApi} on the engine: the list from the unified inbox facade ({@code engine.inbox()}). */
final class EngineInboxApi implements InboxApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SupportEngine engine;

  EngineInboxApi(SupportEngine engine) {
    this.engine = engine;
  }

  @Override
  public ArrayNode agents() {
    ArrayNode out = JSON.createArrayNode();
    engine.workspace().agents().forEach(a -> out.add(agentJson(a)));
    return out;
  }

  @Override
  public ObjectNode agent(String handle) {
    return engine.workspace().agent(handle).map(EngineInboxApi::agentJson)
        .orElseThrow(() -> new NotFoundException("agent: no agent '" + handle + "'"));
  }

  private static ObjectNode agentJson(Agent a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", a.id());
    o.put("name", a.name());
    a.teams().forEach(o.putArray("teams")::add);
    o.put("role", a.role().wire());
    o.put("availability", a.availability().wire());
    return o;
  }

  @Override
  public ObjectNode list(String agent, ListQuery q) {
    InboxQuery.Builder f = InboxQuery.builder().limit(q.limit()).cursor(q.cursor()).team(q.team())
        .assignee(q.assignee()).inbox(q.inbox()).label(q.label()).unread(q.unread()).waiting(q.waiting());
    for (String s : split(q.statuses())) {
      f.status(Wires.parse(Status.class, "status", s));
    }
    for (String k : split(q.kind())) {
      f.kind(Wires.parse(ConversationKind.class, "kind", k));
    }
    for (String p : split(q.priorities())) {
      f.priority(Wires.parse(Priority.class, "priority", p));
    }
    if (q.channel() != null) {
      f.channel(Wires.parse(ChannelType.class, "channel", q.channel().strip()));
    }
    if (q.urgentMinutes() != null) {
      f.urgentWithin(Duration.ofMinutes(q.urgentMinutes()));
    }
    Actor reader = actor(agent);
    UnifiedInbox inbox = engine.inbox();
    InboxPage page = inbox.page(reader, f.build());
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    for (InboxRow r : page.rows()) {
      items.add(rowJson(r));
    }
    putText(out, "nextCursor", page.nextCursor());
    InboxCounts counts = inbox.counts(reader);
    ObjectNode c = out.putObject("counts");
    c.put("open", counts.open());
    c.put("mine", counts.mine());
    c.put("unassigned", counts.unassigned());
    c.put("assigned", counts.assigned());
    c.put("resolved", counts.resolved());
    ObjectNode byTeam = c.putObject("byTeam");
    counts.byTeam().forEach(byTeam::put);
    return out;
  }

  /** A list row: the conversation's fields the list shows, its excerpt, unread count and SLA state. */
  private static ObjectNode rowJson(InboxRow r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id().toString());
    o.put("number", r.number());
    o.put("kind", r.kind().wire());
    o.put("inbox", r.inbox());
    putText(o, "channel", r.channel() == null ? null : r.channel().wire());
    o.put("status", r.status().wire());
    o.put("priority", r.priority().wire());
    putText(o, "team", r.team());
    putText(o, "assignee", r.assignee());
    r.labels().stream().sorted().forEach(o.putArray("labels")::add);
    o.put("lastActivityAt", r.lastActivityAt().toString());
    putText(o, "contactName", r.kind() == ConversationKind.SUPPORT ? r.title() : null);
    o.put("title", r.title() != null && !r.title().isBlank() ? r.title() : "#" + r.number());
    putText(o, "excerpt", r.excerpt());
    o.put("unread", r.unread());
    o.put("sla", r.sla().name().toLowerCase(Locale.ROOT));
    putTime(o, "slaDueAt", r.slaDueAt());
    o.put("waiting", r.waiting());
    o.put("ageSeconds", r.age().toSeconds());
    return o;
  }

  private static List<String> split(@Nullable String csv) {
    return csv == null ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private Actor actor(String handle) {
    return engine.workspace().agent(handle).map(Actor::of)
        .orElseThrow(() -> new NotFoundException("agent: no agent '" + handle + "'"));
  }

  @Override
  public ObjectNode thread(String agent, UUID id) {
    ConversationView v = view(id);
    engine.inbox().markRead(actor(agent), id);
    ObjectNode out = conversationJson(v.conversation());
    Contact c = v.contact();
    out.put("title", title(v.conversation(), c == null ? null : c.name()));
    if (c == null) {
      out.putNull("contact");
    } else {
      ObjectNode contact = out.putObject("contact");
      contact.put("id", c.id().toString());
      putText(contact, "name", c.name());
      putText(contact, "email", c.email());
      putText(contact, "phone", c.phone());
      putText(contact, "language", c.language());
      contact.put("vip", c.vip());
      ObjectNode ids = contact.putObject("channels");
      c.externalIds().forEach((type, value) -> ids.put(type.wire(), value));
      ObjectNode attrs = contact.putObject("attributes");
      c.attributes().forEach(attrs::put);
      contact.put("since", c.createdAt().toString());
    }
    ArrayNode messages = out.putArray("messages");
    v.messages().forEach(m -> messages.add(messageJson(m)));
    if (v.csat() == null) {
      out.putNull("csat");
    } else {
      out.putObject("csat").put("rating", v.csat().rating());
    }
    return out;
  }

  @Override
  public ObjectNode reply(UUID id, String agent, String body) {
    return messageJson(engine.reply(new SendReply(id, agent, body)));
  }

  @Override
  public ObjectNode note(UUID id, String agent, String body) {
    return messageJson(engine.addNote(new AddNote(id, agent, body)));
  }

  @Override
  public ObjectNode assign(UUID id, String actor, @Nullable String team, @Nullable String assignee) {
    return conversationJson(engine.assign(new AssignConversation(id, team, assignee, actor)));
  }

  @Override
  public ArrayNode canned() {
    ArrayNode out = JSON.createArrayNode();
    for (CannedResponse r : engine.workspace().macros().canned()) {
      ObjectNode o = out.addObject();
      o.put("shortcut", r.shortcut());
      o.put("title", r.title());
      r.texts().keySet().forEach(o.putArray("languages")::add);
    }
    return out;
  }

  @Override
  public ArrayNode render(UUID id, String agent, String name, @Nullable String language) {
    ArrayNode out = JSON.createArrayNode();
    for (RenderedText t : engine.render(name, id, agent, language)) {
      ObjectNode o = out.addObject();
      o.put("action", t.action());
      o.put("language", t.language());
      o.put("text", t.text());
    }
    return out;
  }

  @Override
  public Optional<WebRecipient> webRecipient(UUID id) {
    ConversationView v = view(id);
    Optional<Inbox> inbox = engine.workspace().inbox(v.conversation().inbox());
    if (v.contact() == null || inbox.isEmpty() || inbox.get().channel() != ChannelType.WEB) {
      return Optional.empty();
    }
    return Optional.ofNullable(v.contact().externalIds().get(ChannelType.WEB))
        .map(r -> new WebRecipient(inbox.get().id(), r));
  }

  private ConversationView view(UUID id) {
    return engine.conversation(id)
        .orElseThrow(() -> new NotFoundException("id: no conversation " + id));
  }

  private ObjectNode conversationJson(Conversation c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", c.id().toString());
    o.put("number", c.number());
    o.put("kind", c.kind().wire());
    o.put("inbox", c.inbox());
    putText(o, "channel", engine.workspace().inbox(c.inbox()).map(i -> i.channel().wire()).orElse(null));
    o.put("status", c.status().wire());
    o.put("priority", c.priority().wire());
    putText(o, "team", c.team());
    putText(o, "assignee", c.assignee());
    c.labels().stream().sorted().forEach(o.putArray("labels")::add);
    c.participants().forEach(o.putArray("participants")::add);
    ObjectNode attrs = o.putObject("attributes");
    c.attributes().forEach(attrs::put);
    o.put("createdAt", c.createdAt().toString());
    o.put("lastActivityAt", c.lastActivityAt().toString());
    putTime(o, "firstResponseAt", c.firstResponseAt());
    putTime(o, "resolvedAt", c.resolvedAt());
    putTime(o, "snoozedUntil", c.snoozedUntil());
    return o;
  }

  private ObjectNode messageJson(Message m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", m.id().toString());
    o.put("conversationId", m.conversationId().toString());
    o.put("kind", m.kind().wire());
    ObjectNode sender = o.putObject("sender");
    sender.put("type", m.sender().type().wire());
    putText(sender, "id", m.sender().id());
    String agentName = m.sender().id() == null ? null
        : engine.workspace().agent(m.sender().id()).map(Agent::name).orElse(null);
    putText(sender, "name", agentName);
    o.put("body", m.body());
    o.put("contentType", m.contentType().wire());
    m.mentions().forEach(o.putArray("mentions")::add);
    o.put("createdAt", m.createdAt().toString());
    putTime(o, "deliveredAt", m.deliveredAt());
    putTime(o, "readAt", m.readAt());
    return o;
  }

  /** Team chats and dev tickets carry a subject; customer conversations show the customer. */
  private static String title(Conversation c, @Nullable String contactName) {
    Map<String, String> a = c.attributes();
    for (String key : new String[] {"subject", "title", "topic"}) {
      if (a.get(key) != null && !a.get(key).isBlank()) {
        return a.get(key);
      }
    }
    return contactName != null ? contactName : "#" + c.number();
  }

  private static void putText(ObjectNode o, String field, @Nullable String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  private static void putTime(ObjectNode o, String field, @Nullable Instant value) {
    putText(o, field, value == null ? null : value.toString());
  }
}
