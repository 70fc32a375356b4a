package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.channels.internal.EpochSeconds;
import at.ozeanlicht.support.channels.internal.JsonPost;
import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The WhatsApp Cloud API adapter for one business number. Thread-safe. */
final class WhatsAppCloudChannel implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCloudChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WINDOW = Duration.ofHours(24);
  static final int MAX_TEXT = 4096;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final WhatsAppConfig config;
  private final String appSecret;
  private final String accessToken;
  private final String verifyToken;
  private final Clock clock;
  private final HttpClient http;

  WhatsAppCloudChannel(WhatsAppConfig config, String appSecret, String accessToken,
      String verifyToken, Clock clock, HttpClient http) {
    this.config = config;
    this.appSecret = appSecret;
    this.accessToken = accessToken;
    this.verifyToken = verifyToken;
    this.clock = clock;
    this.http = http;
  }

  @Override
  public String type() {
    return "whatsapp";
  }

  @Override
  public String inbox() {
    return config.inbox();
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public Verification verify(InboundRequest request) {
    if (request.method().equals("GET")) {
      String mode = request.queryParameter("hub.mode").orElse("");
      String token = request.queryParameter("hub.verify_token").orElse("");
      String challenge = request.queryParameter("hub.challenge").orElse("");
      if (mode.equals("subscribe") && !challenge.isEmpty()
          && Signatures.constantTimeEquals(token, verifyToken)) {
        return Verification.answer(200, challenge);
      }
      return Verification.denied(403, "verify_token_mismatch");
    }
    if (!request.method().equals("POST")) {
      return Verification.denied(403, "method_not_allowed");
    }
    String header = request.header("X-Hub-Signature-256").orElse(null);
    if (header == null) {
      return Verification.denied(401, "signature_missing");
    }
    String expected = "sha256=" + Signatures.hmacSha256Hex(appSecret, request.body());
    if (!Signatures.constantTimeEquals(header.trim().toLowerCase(java.util.Locale.ROOT), expected)) {
      return Verification.denied(403, "signature_mismatch");
    }
    return Verification.verified();
  }

  @Override
  public List<InboundEvent> parse(InboundRequest request) {
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (IOException e) {
      throw new MalformedPayloadException("body: not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayloadException("body: must be a JSON object");
    }
    if (!"whatsapp_business_account".equals(root.path("object").asText(null))) {
      throw new MalformedPayloadException("object: must be whatsapp_business_account");
    }
    JsonNode entries = array(root, "entry", "entry");
    List<Timed> events = new ArrayList<>();
    for (int e = 0; e < entries.size(); e++) {
      JsonNode changes = array(entries.get(e), "changes", "entry[" + e + "].changes");
      for (int c = 0; c < changes.size(); c++) {
        String at = "entry[" + e + "].changes[" + c + "]";
        JsonNode change = changes.get(c);
        if (!"messages".equals(change.path("field").asText())) {
          continue; // other subscriptions (templates, account updates) are not ours
        }
        JsonNode value = change.path("value");
        if (!value.isObject()) {
          throw new MalformedPayloadException(at + ".value: must be an object");
        }
        String phoneNumberId = value.path("metadata").path("phone_number_id").asText("");
        if (!phoneNumberId.equals(config.phoneNumberId())) {
          LOG.debug("ignoring a change for another business number on inbox {}", inbox());
          continue;
        }
        parseValue(value, at + ".value", events);
      }
    }
    // Order is not guaranteed across a batch: apply by timestamp, keeping batch order for ties.
    events.sort(Comparator.comparing(Timed::at));
    return events.stream().map(Timed::event).toList();
  }

  private record Timed(Instant at, InboundEvent event) {}

  private void parseValue(JsonNode value, String at, List<Timed> out) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode contact : value.path("contacts")) {
      String id = contact.hasNonNull("wa_id") ? contact.get("wa_id").asText()
          : contact.path("user_id").asText("");
      if (!id.isEmpty() && contact.path("profile").hasNonNull("name")) {
        names.put(id, contact.path("profile").path("name").asText());
      }
    }
    JsonNode messages = value.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      out.add(message(messages.get(i), at + ".messages[" + i + "]", names));
    }
    JsonNode statuses = value.path("statuses");
    for (int i = 0; i < statuses.size(); i++) {
      Timed s = status(statuses.get(i), at + ".statuses[" + i + "]");
      if (s != null) {
        out.add(s);
      }
    }
    if (value.has("errors") && messages.isEmpty() && statuses.isEmpty()) {
      for (JsonNode error : value.path("errors")) {
        LOG.warn("WhatsApp reported account error {} on inbox {}", error.path("code").asText("?"), inbox());
      }
    }
  }

  private Timed message(JsonNode m, String at, Map<String, String> names) {
    String id = requiredText(m, "id", at);
    String from = m.hasNonNull("from") ? m.get("from").asText() : requiredText(m, "from_user_id", at);
    Instant sentAt = timestamp(m, at);
    String type = m.path("type").asText("unknown");
    String body;
    ContentType contentType = ContentType.TEXT;
    List<Attachment> attachments = List.of();
    switch (type) {
      case "text" -> body = m.path("text").path("body").asText("");
      case "image", "document", "audio", "video", "sticker" -> {
        JsonNode media = m.path(type);
        body = media.path("caption").asText("");
        String mime = media.path("mime_type").asText("application/octet-stream");
        String name = media.path("filename").asText(type);
        attachments = List.of(new Attachment(name, mime, -1, media.path("id").asText(null),
            media.path("sha256").asText(null)));
        contentType = ContentType.ATTACHMENT;
      }
      case "interactive" -> {
        JsonNode reply = m.path("interactive").path(m.path("interactive").path("type").asText(""));
        body = reply.path("title").asText("");
        if (body.isEmpty()) {
          body = "[interactive reply]";
        }
      }
      case "button" -> body = m.path("button").path("text").asText("[button]");
      case "location" -> {
        JsonNode l = m.path("location");
        body = "[location] " + l.path("latitude").asText("?") + "," + l.path("longitude").asText("?")
            + (l.hasNonNull("name") ? " " + l.get("name").asText() : "");
      }
      case "reaction" -> body = "[reaction] " + m.path("reaction").path("emoji").asText("");
      case "unsupported" -> body = "[unsupported message type: "
          + m.path("unsupported").path("type").asText("unknown") + "]";
      default -> body = "[unsupported message type: " + type + "]";
    }
    if (body.isBlank() && attachments.isEmpty()) {
      body = "[empty " + type + " message]";
    }
    InboundContact contact = new InboundContact(from, names.get(from), null,
        m.hasNonNull("from") ? from : null, null);
    return new Timed(sentAt, new InboundEvent.MessageReceived(new ReceiveMessage(inbox(), contact,
        id, body, contentType, attachments, sentAt)));
  }

  private @Nullable Timed status(JsonNode s, String at) {
    String id = requiredText(s, "id", at);
    Instant when = timestamp(s, at);
    DeliveryStatus status;
    switch (s.path("status").asText("")) {
      case "sent" -> status = DeliveryStatus.SENT;
      case "delivered" -> status = DeliveryStatus.DELIVERED;
      case "read" -> status = DeliveryStatus.READ;
      case "failed" -> status = DeliveryStatus.FAILED;
      default -> {
        return null; // e.g. "deleted", "warning": nothing to record
      }
    }
    String code = s.path("errors").path(0).hasNonNull("code")
        ? s.path("errors").path(0).get("code").asText() : null;
    if (status == DeliveryStatus.FAILED && code != null && code.equals("131047")) {
      code = "template_required";
    }
    return new Timed(when, new InboundEvent.StatusChanged(inbox(), id, status, when, code));
  }

  private static JsonNode array(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (!node.isArray()) {
      throw new MalformedPayloadException(path + ": must be an array");
    }
    return node;
  }

  private static String requiredText(JsonNode node, String field, String at) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new MalformedPayloadException(at + "." + field + ": must be a non-empty string");
    }
    return v.asText();
  }

  private static Instant timestamp(JsonNode node, String at) {
    return EpochSeconds.parse(node.path("timestamp").asText(""), at + ".timestamp");
  }

  // ---------------------------------------------------------------- outbound

  @Override
  public DeliveryResult send(OutboundDelivery d) {
    if (!d.isPublic()) {
      return DeliveryResult.rejected("only public messages can be sent, was " + d.kind().wire());
    }
    ObjectNode payload = JSON.createObjectNode();
    payload.put("messaging_product", "whatsapp");
    payload.put("recipient_type", "individual");
    payload.put("to", d.recipient());
    // Comes back in status notifications: ties them to the outbox row.
    payload.put("biz_opaque_callback_data", d.idempotencyKey());
    if (d.contentType() == ContentType.TEMPLATE) {
      ObjectNode template = template(d.body());
      if (template == null) {
        return DeliveryResult.rejected("template body must be {\"name\",\"language\",\"parameters\"}");
      }
      payload.put("type", "template");
      payload.set("template", template);
    } else {
      Instant now = clock.instant();
      if (d.lastInboundAt() == null || !now.isBefore(d.lastInboundAt().plus(WINDOW))) {
        return DeliveryResult.permanent("template_required", d.lastInboundAt() == null
            ? "the customer has never written on WhatsApp, so there is no customer service window;"
                + " only an approved template can be sent (SendTemplate)"
            : "the 24-hour customer service window closed at " + d.lastInboundAt().plus(WINDOW)
                + " (24 h after the customer's last message); only an approved template can be"
                + " sent until they write again (SendTemplate)");
      }
      if (d.body().length() > MAX_TEXT) {
        return DeliveryResult.permanent("text_too_long",
            "WhatsApp text is limited to " + MAX_TEXT + " characters, was " + d.body().length());
      }
      payload.put("type", "text");
      ObjectNode text = payload.putObject("text");
      text.put("preview_url", false);
      text.put("body", d.body());
    }
    return post(d, payload);
  }

  /** A template message body: {@code {"name":…,"language":…,"parameters":[…]}}. */
  private static @Nullable ObjectNode template(String body) {
    try {
      JsonNode t = JSON.readTree(body);
      if (t == null || !t.path("name").isTextual() || !t.path("language").isTextual()) {
        return null;
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("name", t.get("name").asText());
      out.putObject("language").put("code", t.get("language").asText());
      if (t.path("parameters").isArray() && !t.get("parameters").isEmpty()) {
        ArrayNode params = out.putArray("components").addObject().put("type", "body")
            .putArray("parameters");
        for (JsonNode p : t.get("parameters")) {
          params.addObject().put("type", "text").put("text", p.asText());
        }
      }
      return out;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private DeliveryResult post(OutboundDelivery d, ObjectNode payload) {
    URI uri = URI.create(config.baseUrl() + "/" + config.apiVersion() + "/"
        + config.phoneNumberId() + "/messages");
    HttpResponse<String> response;
    try {
      response = JsonPost.send(http, uri, payload.toString(), TIMEOUT,
          "Authorization", "Bearer " + accessToken);
    } catch (InterruptedIOException e) {
      return DeliveryResult.retryable(null, "interrupted", "interrupted while sending");
    } catch (IOException e) {
      return DeliveryResult.retryable(null, "io", e.getClass().getSimpleName());
    }
    JsonNode body = readQuietly(response.body());
    if (response.statusCode() / 100 == 2) {
      String id = body.path("messages").path(0).path("id").asText("");
      if (id.isEmpty()) {
        return DeliveryResult.retryable(null, "no_message_id", "HTTP 200 without messages[0].id");
      }
      return DeliveryResult.accepted(id);
    }
    JsonNode error = body.path("error");
    Integer code = error.path("code").isInt() ? error.get("code").asInt() : null;
    DeliveryResult result = WhatsAppErrors.classify(response.statusCode(), code,
        retryAfter(response));
    if (code != null && WhatsAppErrors.alerts(code)) {
      LOG.warn("WhatsApp refused outbound {} on inbox {} with code {} (fbtrace_id {}): an operator"
          + " must act", d.outboxId(), inbox(), code, error.path("fbtrace_id").asText("-"));
    } else {
      LOG.debug("WhatsApp answered {} code {} for outbound {} (fbtrace_id {})",
          response.statusCode(), code, d.outboxId(), error.path("fbtrace_id").asText("-"));
    }
    return result;
  }

  private static JsonNode readQuietly(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.createObjectNode() : n;
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  static @Nullable Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        long s = Long.parseLong(v.trim());
        return s >= 0 ? java.util.Optional.of(Duration.ofSeconds(s)) : java.util.Optional.empty();
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    }).orElse(null);
  }
}
