package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.ReceiveResult;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.SupportException;
import at.ozeanlicht.support.core.api.SupportSession;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP tools of {@code support mcp}: each has a JSON schema, validates its arguments itself
 * (every problem as {@code field: reason}) and runs as one explicit {@link Actor}, the MCP
 * service. Results are JSON objects, as structured content and as text.
 */
final class McpTools {
  private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);
  private static final Pattern NUMBER = Pattern.compile("#?[1-9][0-9]{0,17}");
  private static final Set<String> LANGUAGES = Set.of("de", "en");

  private final SupportEngine engine;
  private final KnowledgeBase knowledge;
  private final Actor actor;
  private final SupportSession session; // issue 10: every tool call access-checked and audited as the actor
  private final McpJsonMapper json;

  McpTools(SupportEngine engine, KnowledgeBase knowledge, Actor actor, McpJsonMapper json) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.session = engine.as(actor);
    this.json = Objects.requireNonNull(json, "json");
  }

  /** Who every tool call acts as (the audit log records it). */
  Actor actor() {
    return actor;
  }

  /** The four tools with their schemas and handlers. */
  List<SyncToolSpecification> specifications() {
    return List.of(
        tool("support.createConversation",
            "Open a conversation (or continue the contact's open one) with a customer message on an "
                + "inbox; routing, SLA clocks and the AI first response run as for any channel message.",
            """
            {"type":"object","additionalProperties":false,"required":["inbox","contact","body"],
             "properties":{
              "inbox":{"type":"string","description":"inbox id from the workspace, e.g. ol-web"},
              "contact":{"type":"object","additionalProperties":false,"required":["externalId"],
               "properties":{"externalId":{"type":"string","description":"the contact's id on the channel"},
                "name":{"type":"string"},"email":{"type":"string"},"phone":{"type":"string"},
                "language":{"type":"string","description":"ISO 639-1, e.g. de"}}},
              "body":{"type":"string","description":"the customer's message"},
              "messageId":{"type":"string","description":"idempotency key; the same id on the same inbox is stored once"}}}
            """, this::createConversation),
        tool("support.addNote",
            "Add a private note (never sent to the customer); @handle mentions make agents participants.",
            """
            {"type":"object","additionalProperties":false,"required":["conversation","author","body"],
             "properties":{
              "conversation":{"type":"string","description":"conversation id (UUID) or number, e.g. #12"},
              "author":{"type":"string","description":"the agent handle the note is written for"},
              "body":{"type":"string"}}}
            """, this::addNote),
        tool("support.assignAgent",
            "Assign a conversation to an agent (and optionally move it to a team); the handoff is "
                + "recorded as an activity message.",
            """
            {"type":"object","additionalProperties":false,"required":["conversation","agent"],
             "properties":{
              "conversation":{"type":"string","description":"conversation id (UUID) or number, e.g. #12"},
              "agent":{"type":"string","description":"agent handle from the workspace"},
              "team":{"type":"string","description":"team id; keeps the current team when absent"}}}
            """, this::assignAgent),
        tool("support.searchKnowledge",
            "Search the workspace's knowledge-base articles (BM25); best hits first.",
            """
            {"type":"object","additionalProperties":false,"required":["query"],
             "properties":{
              "query":{"type":"string"},
              "language":{"type":"string","enum":["de","en"]},
              "limit":{"type":"integer","minimum":1,"maximum":20,"default":5}}}
            """, this::searchKnowledge));
  }

  Map<String, Object> createConversation(Args a) {
    String inbox = a.text("inbox", true);
    Args contact = a.object("contact", true);
    String body = a.text("body", true);
    String messageId = a.text("messageId", false);
    String externalId = contact == null ? null : contact.text("externalId", true);
    InboundContact who = null;
    if (contact != null) {
      String name = contact.text("name", false);
      String email = contact.text("email", false);
      String phone = contact.text("phone", false);
      String language = contact.text("language", false);
      contact.only("externalId", "name", "email", "phone", "language");
      if (externalId != null) {
        who = new InboundContact(externalId, name, email, phone, language);
      }
    }
    if (inbox != null && engine.workspace().inbox(inbox).isEmpty()) {
      a.problem("inbox", "unknown inbox '" + inbox + "'");
    }
    a.only("inbox", "contact", "body", "messageId");
    a.check();
    ReceiveResult r = session.receive(ReceiveMessage.text(inbox, who, 
        messageId != null ? messageId : "mcp-" + UUID.randomUUID(), body));
    Map<String, Object> out = conversation(r.conversation());
    out.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
    out.put("messageId", r.message().id().toString());
    return out;
  }

  Map<String, Object> addNote(Args a) {
    String ref = a.text("conversation", true);
    String author = a.text("author", true);
    String body = a.text("body", true);
    a.only("conversation", "author", "body");
    a.check();
    UUID id = resolve(ref);
    Message note = session.addNote(new AddNote(id, author, body));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("conversationId", id.toString());
    out.put("noteId", note.id().toString());
    out.put("mentions", note.mentions());
    return out;
  }

  Map<String, Object> assignAgent(Args a) {
    String ref = a.text("conversation", true);
    String agent = a.text("agent", true);
    String team = a.text("team", false);
    a.only("conversation", "agent", "team");
    a.check();
    UUID id = resolve(ref);
    // The history names agent actors by handle; the audit log records the service as the actor.
    return conversation(session.assign(new AssignConversation(id, team, agent, null)));
  }

  Map<String, Object> searchKnowledge(Args a) {
    String query = a.text("query", true);
    String language = a.text("language", false);
    Integer limit = a.integer("limit", 1, 20);
    if (language != null && !LANGUAGES.contains(language)) {
      a.problem("language", "must be one of de, en, was '" + language + "'");
    }
    a.only("query", "language", "limit");
    a.check();
    List<Map<String, Object>> hits = new ArrayList<>();
    for (KbHit h : knowledge.search(query, language, limit == null ? 5 : limit)) {
      Map<String, Object> hit = new LinkedHashMap<>();
      hit.put("articleId", h.articleId());
      hit.put("title", h.title());
      hit.put("category", h.category());
      hit.put("language", h.language());
      hit.put("score", Math.round(h.score() * 1000) / 1000.0);
      hit.put("fallback", h.fallback());
      hits.add(hit);
    }
    return new LinkedHashMap<>(Map.of("hits", hits));
  }

  private UUID resolve(String ref) {
    if (NUMBER.matcher(ref).matches()) {
      long number = Long.parseLong(ref.startsWith("#") ? ref.substring(1) : ref);
      return session.conversation(number).map(v -> v.conversation().id())
          .orElseThrow(() -> new NotFoundException("conversation: no conversation #" + number));
    }
    UUID id;
    try {
      id = UUID.fromString(ref);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("conversation", "must be a conversation id (UUID) or number "
          + "like #12, was '" + Args.shorten(ref) + "'");
    }
    session.conversation(id).map(ConversationView::conversation)
        .orElseThrow(() -> new NotFoundException("conversation: no conversation " + id));
    return id;
  }

  private static Map<String, Object> conversation(Conversation c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("conversationId", c.id().toString());
    out.put("number", c.number());
    out.put("inbox", c.inbox());
    out.put("status", c.status().wire());
    out.put("priority", c.priority().wire());
    out.put("team", c.team());
    out.put("assignee", c.assignee());
    return out;
  }

  private SyncToolSpecification tool(String name, String description, String schema,
      Function<Args, Map<String, Object>> handler) {
    Tool tool = Tool.builder().name(name).description(description)
        .inputSchema(json, schema).build();
    return SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> call(name, handler, request.arguments()))
        .build();
  }

  private CallToolResult call(String name, Function<Args, Map<String, Object>> handler,
      @Nullable Map<String, Object> arguments) {
    try {
      Map<String, Object> result = handler.apply(new Args("", arguments == null ? Map.of() : arguments));
      LOG.debug("mcp tool {} by {} ok", name, actor.id());
      return CallToolResult.builder().structuredContent(result).addTextContent(text(result)).build();
    } catch (SupportException e) {
      LOG.debug("mcp tool {} by {} refused: {}", name, actor.id(), e.code());
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", e.code().name().toLowerCase(java.util.Locale.ROOT));
      error.put("message", e.getMessage());
      if (e instanceof ValidationException v) {
        List<Map<String, String>> problems = new ArrayList<>();
        for (FieldProblem p : v.problems()) {
          problems.add(Map.of("field", p.field(), "message", p.message()));
        }
        error.put("problems", problems);
      }
      return CallToolResult.builder().isError(true).structuredContent(error)
          .addTextContent(e.getMessage()).build();
    }
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tool arguments with problem collection: every problem is reported, none is thrown early. */
  static final class Args {
    private final String prefix;
    private final Map<String, Object> values;
    private final List<FieldProblem> problems;

    Args(String prefix, Map<String, Object> values) {
      this(prefix, values, new ArrayList<>());
    }

    private Args(String prefix, Map<String, Object> values, List<FieldProblem> problems) {
      this.prefix = prefix;
      this.values = values;
      this.problems = problems;
    }

    void problem(String field, String message) {
      problems.add(FieldProblem.of(prefix + field, message));
    }

    /** A string field; null (with a problem if required) when missing, blank or not a string. */
    @Nullable String text(String field, boolean required) {
      Object v = values.get(field);
      if (v == null) {
        if (required) {
          problem(field, "required");
        }
        return null;
      }
      if (!(v instanceof String s)) {
        problem(field, "must be a string, was " + describe(v));
        return null;
      }
      if (s.isBlank()) {
        problem(field, "must not be blank");
        return null;
      }
      return s.strip();
    }

    @Nullable Integer integer(String field, int min, int max) {
      Object v = values.get(field);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        problem(field, "must be an integer, was " + describe(v));
        return null;
      }
      if (n.longValue() < min || n.longValue() > max) {
        problem(field, "must be between " + min + " and " + max + ", was " + n.longValue());
        return null;
      }
      return n.intValue();
    }

    @SuppressWarnings("unchecked")
    @Nullable Args object(String field, boolean required) {
      Object v = values.get(field);
      if (v == null) {
        if (required) {
          problem(field, "required");
        }
        return null;
      }
      if (!(v instanceof Map<?, ?> m)) {
        problem(field, "must be an object, was " + describe(v));
        return null;
      }
      return new Args(prefix + field + ".", (Map<String, Object>) m, problems);
    }

    /** Reports every field not in {@code known}. */
    void only(String... known) {
      Set<String> allowed = Set.of(known);
      values.keySet().stream().filter(k -> !allowed.contains(k)).sorted()
          .forEach(k -> problem(shorten(k), "unknown field; expected one of " + String.join(", ", known)));
    }

    void check() {
      if (!problems.isEmpty()) {
        throw new ValidationException(problems);
      }
    }

    private static String describe(Object v) {
      return v instanceof Map ? "an object" : v instanceof List ? "an array"
          : v instanceof String s ? "'" + shorten(s) + "'" : String.valueOf(v);
    }

    static String shorten(String s) {
      return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
  }
}
