package at.ozeanlicht.support.cli.serve;

import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.web.WebChatProvider;
import at.ozeanlicht.support.core.api.AccessDeniedException;
import at.ozeanlicht.support.core.api.ConflictException;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.SupportException;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.api.WebhookResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the server; see {@link Server}. Logs methods, paths and statuses, never bodies or tokens. */
final class Routes {
  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
  private static final Pattern STATIC = Pattern.compile("/([a-z0-9-]+)\\.(html|css|js|svg|ico)");
  private static final Pattern INBOX_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Map<String, String> TYPES = Map.of("html", "text/html", "css", "text/css",
      "js", "text/javascript", "svg", "image/svg+xml", "ico", "image/x-icon");
  /** Scripts and styles come only from this server; no inline code, no CDN. */
  private static final String CSP = "default-src 'self'; img-src 'self' data:; "
      + "object-src 'none'; base-uri 'none'; form-action 'self'";

  private final SupportEngine engine;
  private final InboxApi api;
  private final ApiTokens tokens;
  private final AgentEvents agentEvents;
  private final @Nullable WebChatProvider webChat;
  private final List<WebChatConfig> widgets;
  private final Set<SseStream> widgetStreams;
  private final int maxStreams;
  private final Duration heartbeat;
  private final Runnable kickDispatch;

  Routes(SupportEngine engine, InboxApi api, ApiTokens tokens, AgentEvents agentEvents,
      @Nullable WebChatProvider webChat, List<WebChatConfig> widgets, Set<SseStream> widgetStreams,
      int maxStreams, Duration heartbeat, Runnable kickDispatch) {
    this.engine = engine;
    this.api = api;
    this.tokens = tokens;
    this.agentEvents = agentEvents;
    this.webChat = webChat;
    this.widgets = List.copyOf(widgets);
    this.widgetStreams = widgetStreams;
    this.maxStreams = maxStreams;
    this.heartbeat = heartbeat;
    this.kickDispatch = kickDispatch;
  }

  void handle(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    try {
      if (widgetCors(ex, path)) {
        return;
      }
      if (path.startsWith("/webhooks/")) {
        webhook(ex, path);
      } else if (path.startsWith("/widget-api/")) {
        widgetApi(ex, path);
      } else if (path.startsWith("/api/")) {
        api(ex, path);
      } else {
        staticFile(ex, path);
      }
    } catch (Http.Status s) {
      answer(ex, s.status, s.error, s.getMessage(), List.of());
    } catch (ValidationException e) {
      answer(ex, 400, "validation", e.getMessage(), e.problems());
    } catch (NotFoundException e) {
      answer(ex, 404, "not_found", e.getMessage(), List.of());
    } catch (ConflictException e) {
      answer(ex, 409, "conflict", e.getMessage(), List.of());
    } catch (AccessDeniedException e) {
      answer(ex, 403, "forbidden", e.getMessage(), List.of());
    } catch (SupportException e) {
      LOG.warn("{} {} failed: {}", ex.getRequestMethod(), path, e.code());
      answer(ex, 500, "internal", e.code().name().toLowerCase(java.util.Locale.ROOT), List.of());
    } catch (IOException e) {
      LOG.debug("{} {}: client gone ({})", ex.getRequestMethod(), path, e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed ({})", ex.getRequestMethod(), path, e.getClass().getName(), e);
      answer(ex, 500, "internal", "internal error", List.of());
    } finally {
      ex.close();
    }
  }

  private static void answer(HttpExchange ex, int status, String error, @Nullable String message,
      List<FieldProblem> problems) {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("error", error);
    o.put("message", message == null ? error : message);
    if (!problems.isEmpty()) {
      ArrayNode list = o.putArray("problems");
      for (FieldProblem p : problems) {
        list.addObject().put("field", p.field()).put("message", p.message());
      }
    }
    try {
      Http.json(ex, status, o);
    } catch (IOException | RuntimeException e) {
      LOG.debug("answer not written ({})", e.getClass().getSimpleName());
    }
  }

  // ---------------------------------------------------------------- channels and widget

  /**
   * Lets pages on other origins embed a web chat widget: for a widget inbox's routes, an {@code
   * Origin} the widget allows (its {@code allowedOrigins}, or any when empty) is echoed, and a
   * preflight is answered here (true). Other channels are called server to server: no CORS.
   */
  private boolean widgetCors(HttpExchange ex, String path) throws IOException {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String[] parts = path.split("/");
    if (origin == null || parts.length < 3
        || !(parts[1].equals("webhooks") || parts[1].equals("widget-api"))) {
      return false;
    }
    WebChatConfig widget = widgets.stream().filter(w -> w.inbox().equals(parts[2])).findFirst().orElse(null);
    if (widget == null || !(widget.allowedOrigins().isEmpty() || widget.allowedOrigins().contains(origin))) {
      return false;
    }
    ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
    ex.getResponseHeaders().set("Vary", "Origin");
    if (!ex.getRequestMethod().equals("OPTIONS")) {
      return false;
    }
    ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST");
    ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, X-Auth-Token");
    ex.getResponseHeaders().set("Access-Control-Max-Age", "600");
    ex.sendResponseHeaders(204, -1);
    return true;
  }

  private void webhook(HttpExchange ex, String path) throws IOException {
    String rest = path.substring("/webhooks/".length());
    int slash = rest.indexOf('/');
    String inbox = slash < 0 ? rest : rest.substring(0, slash);
    if (!INBOX_ID.matcher(inbox).matches()) {
      throw new Http.Status(404, "unknown_inbox", "inbox: not a valid inbox id");
    }
    byte[] body = Http.body(ex);
    WebhookResponse r = engine.webhooks().handle(inbox, Server.inbound(ex, body));
    if (r.status() == 200) {
      kickDispatch.run(); // an AI first response may be waiting in the outbox
      if (path.endsWith("/typing")) {
        visitorTyping(ex, inbox, body);
      }
    }
    Server.write(ex, r);
  }

  /** Typing is not stored; it is passed on to agents live, for a request already verified. */
  private void visitorTyping(HttpExchange ex, String inbox, byte[] body) {
    WebChatProvider provider = webChat;
    String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
    if (provider == null || token == null) {
      return;
    }
    Optional<String> visitor = provider.visitor(inbox, token);
    if (visitor.isPresent()) {
      boolean on;
      try {
        on = Http.JSON.readTree(body).path("state").asText("").equals("on");
      } catch (IOException e) {
        return; // the adapter accepted it, so this does not happen
      }
      agentEvents.visitorTyping(inbox, visitor.get(), on);
    }
  }

  private void widgetApi(HttpExchange ex, String path) throws IOException {
    String rest = path.substring("/widget-api/".length());
    if (rest.equals("config")) {
      requireMethod(ex, "GET");
      ObjectNode o = Http.JSON.createObjectNode();
      o.put("language", engine.workspace().defaults().language());
      ArrayNode list = o.putArray("widgets");
      for (WebChatConfig w : widgets) {
        ObjectNode item = list.addObject();
        item.put("inbox", w.inbox());
        item.put("name", engine.workspace().inbox(w.inbox()).map(i -> i.name()).orElse(w.inbox()));
        item.put("websiteToken", w.websiteToken()); // public by design: it is embedded in pages
      }
      Http.json(ex, 200, o);
      return;
    }
    String[] parts = rest.split("/");
    if (parts.length == 2 && parts[1].equals("events")) {
      requireMethod(ex, "GET");
      WebChatProvider provider = webChat;
      String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
      if (provider == null || token == null) {
        throw new Http.Status(401, "session_missing", "X-Auth-Token: a session token is required");
      }
      requireRoomForStream();
      SseStream stream = new SseStream();
      widgetStreams.add(stream);
      Optional<Runnable> unsubscribe = provider.subscribe(parts[0], token, stream::offer);
      if (unsubscribe.isEmpty()) {
        widgetStreams.remove(stream);
        throw new Http.Status(401, "session_invalid", "X-Auth-Token: not a valid session of this inbox");
      }
      try {
        stream.pump(ex, heartbeat);
      } finally {
        unsubscribe.get().run();
        widgetStreams.remove(stream);
      }
      return;
    }
    throw new Http.Status(404, "not_found", "path: no such widget route");
  }

  private void requireRoomForStream() {
    if (widgetStreams.size() + agentEvents.size() >= maxStreams) {
      throw new Http.Status(503, "busy", "too many open event streams");
    }
  }

  // ---------------------------------------------------------------- agents

  private void api(HttpExchange ex, String path) throws IOException {
    String agent = authenticate(ex);
    String[] p = path.substring("/api/".length()).split("/");
    String method = ex.getRequestMethod();
    switch (p[0]) {
      case "me" -> {
        requireMethod(ex, "GET");
        Http.json(ex, 200, api.agent(agent));
      }
      case "agents" -> {
        requireMethod(ex, "GET");
        Http.json(ex, 200, api.agents());
      }
      case "canned" -> {
        requireMethod(ex, "GET");
        Http.json(ex, 200, api.canned());
      }
      case "events" -> {
        requireMethod(ex, "GET");
        requireRoomForStream();
        SseStream stream = agentEvents.open();
        try {
          stream.pump(ex, heartbeat);
        } finally {
          agentEvents.remove(stream);
        }
      }
      case "conversations" -> {
        if (p.length == 1) {
          requireMethod(ex, "GET");
          Http.json(ex, 200, api.list(agent, listQuery(ex, agent)));
          return;
        }
        UUID id = uuid(p[1]);
        if (p.length == 2) {
          requireMethod(ex, "GET");
          Http.json(ex, 200, api.thread(agent, id));
          return;
        }
        if (p.length != 3 || !method.equals("POST")) {
          throw new Http.Status(p.length == 3 ? 405 : 404, p.length == 3 ? "method_not_allowed" : "not_found",
              "path: no such route");
        }
        JsonNode body = jsonBody(ex);
        switch (p[2]) {
          case "replies" -> {
            ObjectNode m = api.reply(id, agent, text(body, "body", true));
            kickDispatch.run();
            Http.json(ex, 201, m);
          }
          case "notes" -> Http.json(ex, 201, api.note(id, agent, text(body, "body", true)));
          case "assign" -> Http.json(ex, 200, api.assign(id, agent, text(body, "team", false),
              text(body, "assignee", false)));
          case "render" -> Http.json(ex, 200, api.render(id, agent, text(body, "name", true),
              text(body, "language", false)));
          case "typing" -> {
            boolean on = body.path("on").asBoolean(false);
            agentEvents.typing(id.toString(), agent, on);
            WebChatProvider provider = webChat;
            int reached = 0;
            if (provider != null) {
              reached = api.webRecipient(id)
                  .map(r -> provider.agentTyping(r.inbox(), r.recipient(), on)).orElse(0);
            }
            Http.json(ex, 200, Http.JSON.createObjectNode().put("visitorsReached", reached));
          }
          default -> throw new Http.Status(404, "not_found", "path: no such route");
        }
      }
      default -> throw new Http.Status(404, "not_found", "path: no such route");
    }
  }

  /** The agent behind the bearer token; 401 otherwise. The token is never logged or echoed. */
  private String authenticate(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).strip() : null;
    Optional<String> agent = tokens.agentFor(token);
    if (agent.isEmpty()) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"support\"");
      throw new Http.Status(401, "unauthorized", "Authorization: a valid Bearer token is required");
    }
    return agent.get();
  }

  private static InboxApi.ListQuery listQuery(HttpExchange ex, String agent) {
    Map<String, List<String>> q = Http.query(ex.getRequestURI().getRawQuery());
    int limit = 50;
    String rawLimit = first(q, "limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        throw ValidationException.of("limit", "must be a number between 1 and 1000, was '" + rawLimit + "'");
      }
    }
    String assignee = first(q, "assignee");
    return new InboxApi.ListQuery(first(q, "status"), first(q, "team"),
        "me".equals(assignee) ? agent : assignee, first(q, "inbox"), first(q, "kind"),
        first(q, "label"), limit, first(q, "cursor"), first(q, "channel"), first(q, "priority"),
        flag(q, "unread"), flag(q, "waiting"), urgentMinutes(first(q, "urgent")));
  }

  private static boolean flag(Map<String, List<String>> q, String name) {
    String v = first(q, name);
    if (v == null || v.equals("false") || v.equals("0")) {
      return false;
    }
    if (v.equals("true") || v.equals("1")) {
      return true;
    }
    throw ValidationException.of(name, "must be true or false, was '" + cutForError(v) + "'");
  }

  private static @Nullable Integer urgentMinutes(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      int minutes = Integer.parseInt(raw);
      if (minutes >= 0 && minutes <= 100_000) {
        return minutes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ValidationException.of("urgent", "must be minutes between 0 and 100000, was '" + cutForError(raw) + "'");
  }

  private static String cutForError(String raw) {
    return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
  }

  private static @Nullable String first(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
  }

  private static UUID uuid(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("id", "must be a conversation id (UUID), was '"
          + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + "'");
    }
  }

  private static JsonNode jsonBody(HttpExchange ex) throws IOException {
    byte[] raw = Http.body(ex);
    JsonNode n;
    try {
      n = raw.length == 0 ? Http.JSON.createObjectNode() : Http.JSON.readTree(raw);
    } catch (IOException e) {
      throw ValidationException.of("body", "must be a JSON object");
    }
    if (n == null || !n.isObject()) {
      throw ValidationException.of("body", "must be a JSON object");
    }
    return n;
  }

  private static @Nullable String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ValidationException.of(field, "required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw ValidationException.of(field, "must be a string");
    }
    return v.asText();
  }

  private static void requireMethod(HttpExchange ex, String method) {
    if (!ex.getRequestMethod().equals(method)) {
      ex.getResponseHeaders().set("Allow", method);
      throw new Http.Status(405, "method_not_allowed", "method: must be " + method);
    }
  }

  // ---------------------------------------------------------------- static files

  private void staticFile(HttpExchange ex, String path) throws IOException {
    requireMethod(ex, "GET");
    if (path.equals("/") || path.equals("/inbox")) {
      redirect(ex, "/inbox.html");
      return;
    }
    if (path.equals("/widget")) {
      redirect(ex, "/widget.html");
      return;
    }
    var m = STATIC.matcher(path);
    if (!m.matches()) {
      throw new Http.Status(404, "not_found", "path: no such file");
    }
    byte[] bytes;
    try (InputStream in = Routes.class.getResourceAsStream("/web-inbox" + path)) {
      if (in == null) {
        throw new Http.Status(404, "not_found", "path: no such file");
      }
      bytes = in.readAllBytes();
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    String type = TYPES.get(m.group(2));
    Http.send(ex, 200, type.startsWith("image/") ? type : type + "; charset=utf-8", bytes);
  }

  private static void redirect(HttpExchange ex, String to) throws IOException {
    ex.getResponseHeaders().set("Location", to);
    ex.sendResponseHeaders(302, -1);
  }
}
