package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.channels.internal.EpochSeconds;
import at.ozeanlicht.support.channels.internal.JsonPost;
import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram Bot API adapter for one bot. Contacts are keyed by {@code chat.id} (the id a
 * reply goes to; equal to the user id in private chats); messages by {@code chatId:messageId}.
 * Thread-safe.
 */
final class TelegramBotChannel implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TelegramBotChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_TEXT = 4096;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TelegramConfig config;
  private final String botToken;
  private final String secretToken;
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final Consumer<String> callbackAnswers;

  TelegramBotChannel(TelegramConfig config, String botToken, String secretToken, HttpClient http) {
    this(config, botToken, secretToken, http, null);
  }

  /**
   * With {@code callbackAnswers} null, inline-button callbacks are answered over the Bot API
   * ({@code answerCallbackQuery}); tests pass a recorder.
   */
  TelegramBotChannel(TelegramConfig config, String botToken, String secretToken, HttpClient http,
      @Nullable Consumer<String> callbackAnswers) {
    this.config = config;
    this.botToken = botToken;
    this.secretToken = secretToken;
    this.http = http;
    this.callbackAnswers = callbackAnswers != null ? callbackAnswers : this::answerCallbackQuery;
  }

  @Override
  public String type() {
    return "telegram";
  }

  @Override
  public String inbox() {
    return config.inbox();
  }

  @Override
  public Verification verify(InboundRequest request) {
    if (!request.method().equals("POST")) {
      return Verification.denied(403, "method_not_allowed");
    }
    String header = request.header("X-Telegram-Bot-Api-Secret-Token").orElse(null);
    if (header == null) {
      return Verification.denied(401, "secret_token_missing");
    }
    if (!Signatures.constantTimeEquals(header, secretToken)) {
      return Verification.denied(403, "secret_token_mismatch");
    }
    return Verification.verified();
  }

  @Override
  public List<InboundEvent> parse(InboundRequest request) {
    JsonNode update;
    try {
      update = JSON.readTree(request.body());
    } catch (IOException e) {
      throw new MalformedPayloadException("body: not JSON");
    }
    if (update == null || !update.isObject()) {
      throw new MalformedPayloadException("body: must be a JSON object");
    }
    if (!update.path("update_id").canConvertToLong() || !update.path("update_id").isIntegralNumber()) {
      throw new MalformedPayloadException("update_id: must be an integer");
    }
    if (update.has("message")) {
      return List.of(new InboundEvent.MessageReceived(message(update.get("message"), "message")));
    }
    if (update.has("edited_message")) {
      JsonNode m = update.get("edited_message");
      String id = messageKey(m, "edited_message");
      String text = m.hasNonNull("text") ? m.get("text").asText() : m.path("caption").asText("");
      Instant at = m.has("edit_date") ? seconds(m.get("edit_date"), "edited_message.edit_date")
          : seconds(m.path("date"), "edited_message.date");
      return List.of(new InboundEvent.MessageEdited(inbox(), id, text, at));
    }
    if (update.has("callback_query")) {
      JsonNode q = update.get("callback_query");
      String id = q.path("id").asText("");
      if (id.isEmpty()) {
        throw new MalformedPayloadException("callback_query.id: must be a non-empty string");
      }
      JsonNode chat = q.path("message").path("chat");
      long chatId = chat.path("id").isIntegralNumber() ? chat.get("id").asLong()
          : q.path("from").path("id").asLong();
      InboundContact contact = contact(q.path("from"), chatId);
      String data = q.path("data").asText("");
      InboundEvent tap = new InboundEvent.MessageReceived(new ReceiveMessage(inbox(), contact,
          "callback:" + id, "[button] " + (data.isEmpty() ? "?" : data), ContentType.TEXT,
          List.of(), q.path("message").has("date")
              ? seconds(q.path("message").get("date"), "callback_query.message.date") : null));
      // Stops the button's progress spinner; a repeat after a redelivery is refused by Telegram
      // as too old, which is harmless.
      callbackAnswers.accept(id);
      return List.of(tap);
    }
    LOG.debug("ignoring telegram update {} of another kind on inbox {}",
        update.get("update_id").asLong(), inbox());
    return List.of();
  }

  private ReceiveMessage message(JsonNode m, String at) {
    String id = messageKey(m, at);
    long chatId = m.path("chat").path("id").asLong();
    Instant date = seconds(m.path("date"), at + ".date");
    InboundContact contact = contact(m.path("from"), chatId);
    String caption = m.path("caption").asText("");
    if (m.hasNonNull("text")) {
      return new ReceiveMessage(inbox(), contact, id, m.get("text").asText(), ContentType.TEXT,
          List.of(), date);
    }
    if (m.path("photo").isArray() && !m.get("photo").isEmpty()) {
      JsonNode largest = null;
      for (JsonNode size : m.get("photo")) {
        if (largest == null || area(size) > area(largest)) {
          largest = size;
        }
      }
      return new ReceiveMessage(inbox(), contact, id, caption, ContentType.ATTACHMENT,
          List.of(new Attachment("photo.jpg", "image/jpeg", largest.path("file_size").asLong(-1),
              largest.path("file_id").asText(null), null)), date);
    }
    if (m.path("document").isObject()) {
      JsonNode d = m.get("document");
      return new ReceiveMessage(inbox(), contact, id, caption, ContentType.ATTACHMENT,
          List.of(new Attachment(d.path("file_name").asText("document"),
              d.path("mime_type").asText("application/octet-stream"), d.path("file_size").asLong(-1),
              d.path("file_id").asText(null), null)), date);
    }
    return new ReceiveMessage(inbox(), contact, id,
        caption.isEmpty() ? "[unsupported telegram message]" : caption, ContentType.TEXT, List.of(), date);
  }

  private static Instant seconds(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new MalformedPayloadException(field + ": must be Unix seconds");
    }
    return EpochSeconds.of(node.asLong(), field);
  }

  private static long area(JsonNode size) {
    return size.path("width").asLong(0) * size.path("height").asLong(0);
  }

  private static String messageKey(JsonNode m, String at) {
    if (!m.path("message_id").isIntegralNumber() || !m.path("message_id").canConvertToLong()) {
      throw new MalformedPayloadException(at + ".message_id: must be an integer");
    }
    if (!m.path("chat").path("id").isIntegralNumber() || !m.path("chat").path("id").canConvertToLong()) {
      throw new MalformedPayloadException(at + ".chat.id: must be an integer");
    }
    return m.get("chat").get("id").asLong() + ":" + m.get("message_id").asLong();
  }

  private static InboundContact contact(JsonNode from, long chatId) {
    String first = from.path("first_name").asText("");
    String last = from.path("last_name").asText("");
    String name = (first + " " + last).trim();
    return new InboundContact(Long.toString(chatId), name.isEmpty() ? null : name, null, null,
        from.hasNonNull("language_code") ? from.get("language_code").asText() : null);
  }

  /**
   * Calls {@code answerCallbackQuery} without text. Never throws: a failure only leaves the
   * spinner turning on the customer's client until it times out.
   */
  void answerCallbackQuery(String callbackQueryId) {
    ObjectNode payload = JSON.createObjectNode().put("callback_query_id", callbackQueryId);
    try {
      int status = JsonPost.send(http, method("answerCallbackQuery"), payload.toString(),
          ANSWER_TIMEOUT).statusCode();
      if (status != 200) {
        LOG.debug("telegram answered {} to answerCallbackQuery on inbox {}", status, inbox());
      }
    } catch (IOException e) {
      LOG.debug("answerCallbackQuery failed on inbox {} ({})", inbox(), e.getClass().getSimpleName());
    }
  }

  /** The URI of a Bot API method; carries the token, so never log it. */
  URI method(String name) {
    return URI.create(config.baseUrl() + "/bot" + botToken + "/" + name);
  }

  // ---------------------------------------------------------------- outbound

  /**
   * Sends the text, split into parts of at most 4096 characters at paragraph boundaries. The
   * external id is {@code chatId:messageId} of the first part. A failure after some parts went
   * out is retried as a whole (those parts are sent again): Telegram has no idempotency key.
   */
  @Override
  public DeliveryResult send(OutboundDelivery d) {
    if (!d.isPublic()) {
      return DeliveryResult.rejected("only public messages can be sent, was " + d.kind().wire());
    }
    String firstId = null;
    for (String part : TextSplitter.split(d.body(), MAX_TEXT)) {
      ObjectNode payload = JSON.createObjectNode();
      payload.put("chat_id", d.recipient());
      payload.put("text", part);
      DeliveryResult r = call(d, payload);
      if (!(r instanceof DeliveryResult.Accepted a)) {
        return r;
      }
      if (firstId == null) {
        firstId = a.externalId();
      }
    }
    return DeliveryResult.accepted(firstId);
  }

  private DeliveryResult call(OutboundDelivery d, ObjectNode payload) {
    HttpResponse<String> response;
    try {
      response = JsonPost.send(http, method("sendMessage"), payload.toString(), TIMEOUT);
    } catch (InterruptedIOException e) {
      return DeliveryResult.retryable(null, "interrupted", "interrupted while sending");
    } catch (IOException e) {
      return DeliveryResult.retryable(null, "io", e.getClass().getSimpleName());
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body != null && body.path("ok").asBoolean(false)) {
      JsonNode result = body.path("result");
      return DeliveryResult.accepted(result.path("chat").path("id").asText(d.recipient()) + ":"
          + result.path("message_id").asText("?"));
    }
    int code = body != null && body.path("error_code").isInt() ? body.get("error_code").asInt()
        : response.statusCode();
    String description = body == null ? "" : body.path("description").asText("");
    JsonNode params = body == null ? JSON.createObjectNode() : body.path("parameters");
    LOG.debug("telegram answered {} for outbound {}", code, d.outboxId());
    if (code == 429) {
      Duration wait = params.path("retry_after").canConvertToLong()
          ? Duration.ofSeconds(params.get("retry_after").asLong()) : null;
      return DeliveryResult.retryable(wait, "429", "too many requests");
    }
    if (code >= 500) {
      return DeliveryResult.retryable(null, "http_" + code, "Telegram server error");
    }
    if (code == 403) {
      return DeliveryResult.permanent("blocked", "the user blocked the bot or it cannot write to this chat");
    }
    if (params.has("migrate_to_chat_id")) {
      return DeliveryResult.permanent("chat_migrated", "the group became a supergroup with a new chat id");
    }
    if (code == 401 || code == 404) {
      LOG.warn("telegram refused the bot token on inbox {} (HTTP {}): an operator must act", inbox(), code);
      return DeliveryResult.permanent("unauthorized", "bot token refused");
    }
    return DeliveryResult.permanent(Integer.toString(code),
        description.startsWith("Bad Request: ") ? description.substring(13) : "refused by Telegram");
  }
}
