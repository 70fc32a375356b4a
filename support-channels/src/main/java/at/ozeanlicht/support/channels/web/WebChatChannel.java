package at.ozeanlicht.support.channels.web;

import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.channels.web.SessionTokens.Session;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Presence;
import at.ozeanlicht.support.core.spi.Verification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web chat widget adapter for one inbox. Thread-safe. */
final class WebChatChannel implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(WebChatChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ECHO_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  static final int MAX_TEXT = 10_000;
  static final int MAX_IDENTIFIER = 200;
  /**
   * The largest widget request: a message of {@link #MAX_TEXT} characters, each as a six-byte
   * JSON escape (60,000 bytes), plus the pre-chat contact, fits with room to spare.
   */
  static final int MAX_BODY_BYTES = 128 * 1024;

  private final WebChatConfig config;
  private final SessionTokens tokens;
  private final String hmacToken;
  private final Clock clock;
  private final Presence.Source presence;
  private final Subscribers subscribers;

  WebChatChannel(WebChatConfig config, String sessionKey, String hmacToken, Clock clock,
      Presence.Source presence, Subscribers subscribers) {
    this.config = config;
    this.tokens = new SessionTokens(sessionKey, config.inbox());
    this.hmacToken = hmacToken;
    this.clock = clock;
    this.presence = presence;
    this.subscribers = subscribers;
  }

  @Override
  public String type() {
    return "web";
  }

  @Override
  public String inbox() {
    return config.inbox();
  }

  /** Widget requests are small; larger ones are refused with 413 before verification. */
  @Override
  public int maxBodyBytes() {
    return MAX_BODY_BYTES;
  }

  // ---------------------------------------------------------------- inbound

  private static String action(InboundRequest request) {
    String path = request.path();
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  @Override
  public Verification verify(InboundRequest request) {
    if (!request.method().equals("POST")) {
      return Verification.denied(403, "method_not_allowed");
    }
    String websiteToken = request.queryParameter("website_token").orElse(null);
    if (websiteToken == null) {
      return Verification.denied(401, "website_token_missing");
    }
    if (!Signatures.constantTimeEquals(websiteToken, config.websiteToken())) {
      return Verification.denied(403, "website_token_mismatch");
    }
    if (!config.allowedOrigins().isEmpty()
        && !config.allowedOrigins().contains(request.header("Origin").orElse(""))) {
      return Verification.denied(403, "origin_not_allowed");
    }
    Instant now = clock.instant();
    Optional<Session> session = tokens.verify(request.header("X-Auth-Token").orElse(null), now);
    return switch (action(request)) {
      // Without a valid token the visitor is new and anonymous.
      case "session" -> Verification.answerJson(200, sessionAnswer(session.orElseGet(Session::anonymous), now));
      case "identify" -> identify(request, session, now);
      default -> session.isPresent() ? Verification.verified()
          : Verification.denied(401, request.header("X-Auth-Token").isPresent()
              ? "session_invalid" : "session_missing");
    };
  }

  /** Identity validation is verification: the HMAC is checked before anything else is read. */
  private Verification identify(InboundRequest request, Optional<Session> session, Instant now) {
    JsonNode body = readObject(request).orElse(null);
    if (body == null) {
      return Verification.denied(401, "identity_missing");
    }
    String identifier = body.path("identifier").isTextual() ? body.get("identifier").asText() : "";
    String hash = body.path("identifierHash").isTextual() ? body.get("identifierHash").asText() : "";
    if (identifier.isBlank() || identifier.length() > MAX_IDENTIFIER) {
      return Verification.denied(401, "identity_missing");
    }
    if (hash.isEmpty()) {
      if (config.hmacMandatory()) {
        return Verification.denied(401, "identity_hash_missing");
      }
      // Unverified: the session stays anonymous and sees no one else's conversations.
      return Verification.answerJson(200, sessionAnswer(session.orElseGet(Session::anonymous), now));
    }
    String expected = Signatures.hmacSha256Hex(hmacToken, identifier.getBytes(StandardCharsets.UTF_8));
    if (!Signatures.constantTimeEquals(expected, hash.toLowerCase(java.util.Locale.ROOT))) {
      return Verification.denied(403, "identity_hash_mismatch");
    }
    String sourceId = session.map(Session::sourceId).orElseGet(() -> Session.anonymous().sourceId());
    return Verification.answerJson(200, sessionAnswer(new Session(sourceId, identifier), now));
  }

  private String sessionAnswer(Session session, Instant now) {
    Presence p = presence.of(inbox(), now);
    ObjectNode out = JSON.createObjectNode();
    out.put("token", tokens.issue(session, now.plus(config.sessionTtl())));
    out.put("contact", session.identifier() != null ? "verified" : "visitor");
    ObjectNode status = out.putObject("status");
    status.put("online", p.online());
    status.put("open", p.open());
    status.put("agentsAvailable", p.agentsAvailable());
    if (p.nextOpening() != null) {
      status.put("nextOpening", p.nextOpening().toString());
    } else {
      status.putNull("nextOpening");
    }
    ObjectNode preChat = out.putObject("preChat");
    config.quickActions().forEach(preChat.putArray("quickActions")::add);
    return out.toString();
  }

  @Override
  public List<InboundEvent> parse(InboundRequest request) {
    Instant now = clock.instant();
    Session session = tokens.verify(request.header("X-Auth-Token").orElse(null), now)
        .orElseThrow(() -> new IllegalStateException("parse called for an unverified request"));
    JsonNode body = readObject(request)
        .orElseThrow(() -> new MalformedPayloadException("body: must be a JSON object"));
    String key = session.contactKey();
    return switch (action(request)) {
      // An identified session that began anonymous: the engine merges the visitor's contact
      // (and so their conversation) into the identified one first; idempotent.
      case "messages" -> session.identifier() == null ? List.of(message(body, key, now))
          : List.of(new InboundEvent.ContactIdentified(inbox(),
              new Session(session.sourceId(), null).contactKey(), key, now), message(body, key, now));
      case "typing" -> {
        String state = body.path("state").asText("");
        if (!state.equals("on") && !state.equals("off")) {
          throw new MalformedPayloadException("state: must be on or off");
        }
        yield List.of(new InboundEvent.Typing(inbox(), key, state.equals("on"), now));
      }
      case "read" -> {
        Instant seen;
        try {
          seen = Instant.parse(body.path("lastSeenAt").asText(""));
        } catch (DateTimeParseException e) {
          throw new MalformedPayloadException("lastSeenAt: must be an ISO-8601 instant");
        }
        // The browser's clock may run ahead: nothing sent after receipt counts as seen.
        yield List.of(new InboundEvent.SeenUpTo(inbox(), key, seen.isAfter(now) ? now : seen));
      }
      default -> throw new MalformedPayloadException(
          "path: must end in session, identify, messages, typing or read");
    };
  }

  private InboundEvent message(JsonNode body, String key, Instant now) {
    String echoId = body.path("echoId").asText("");
    if (!ECHO_ID.matcher(echoId).matches()) {
      throw new MalformedPayloadException("echoId: must be 1 to 100 letters, digits or ._:-");
    }
    JsonNode c = body.path("content");
    if (!c.isTextual() || c.asText().isBlank()) {
      throw new MalformedPayloadException("content: must be a non-empty string");
    }
    if (c.asText().length() > MAX_TEXT) {
      throw new MalformedPayloadException("content: must be at most " + MAX_TEXT + " characters");
    }
    JsonNode pre = body.path("contact");
    InboundContact contact = new InboundContact(key, text(pre, "name"), text(pre, "email"), null, null);
    // The echo id is chosen by the browser: scoped to the session identity so that one visitor
    // can never shadow another's message.
    return new InboundEvent.MessageReceived(new ReceiveMessage(inbox(), contact, key + "#" + echoId,
        c.asText(), ContentType.TEXT, List.of(), now));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  private static Optional<JsonNode> readObject(InboundRequest request) {
    try {
      JsonNode n = JSON.readTree(request.body());
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- stream

  Optional<Runnable> subscribe(String sessionToken, Consumer<String> events) {
    return tokens.verify(sessionToken, clock.instant()).map(s -> subscribers.add(s.contactKey(), events));
  }

  Optional<String> visitor(String sessionToken) {
    return tokens.verify(sessionToken, clock.instant()).map(Session::contactKey);
  }

  int agentTyping(String recipient, boolean on) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", on ? "conversation.typing_on" : "conversation.typing_off");
    e.put("actor", "agent");
    e.put("at", clock.instant().toString());
    return subscribers.publish(inbox(), recipient, e.toString());
  }

  @Override
  public DeliveryResult send(OutboundDelivery d) {
    if (!d.isPublic()) {
      return DeliveryResult.rejected("only public messages can be sent, was " + d.kind().wire());
    }
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "message.created");
    e.put("id", d.messageId().toString());
    e.put("conversationId", d.conversationId().toString());
    e.put("sender", "agent");
    e.put("contentType", d.contentType().wire());
    e.put("content", d.body());
    e.put("createdAt", clock.instant().toString());
    int n = subscribers.publish(inbox(), d.recipient(), e.toString());
    if (n == 0 && config.continuityViaEmail() != null) {
      // Nobody is watching: the engine sends it by e-mail if the visitor left an address.
      LOG.debug("outbound {}: visitor offline, rerouted to inbox {}", d.outboxId(), config.continuityViaEmail());
      return DeliveryResult.rerouted(config.continuityViaEmail(), "visitor offline: sent by e-mail");
    }
    // Offline visitors read it from history when they come back; the message is stored either way.
    LOG.debug("outbound {} pushed to {} web chat subscribers", d.outboxId(), n);
    return DeliveryResult.accepted("web:" + d.outboxId());
  }
}
