package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.channels.email.EmailConfig;
import at.ozeanlicht.support.channels.telegram.TelegramConfig;
import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.whatsapp.WhatsAppConfig;
import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's channels: real adapter configurations for WhatsApp, Telegram, the web chat and
 * e-mail with secrets made up for this run only (random, in memory, never printed), and the
 * customer side: requests built and signed exactly as WhatsApp, Telegram, the widget and a mail
 * relay send them, fed through {@link SupportEngine#webhooks()}. Nothing goes over the network;
 * replies stay queued in the outbox.
 */
final class DemoChannels {
  static final String WHATSAPP = "ol-whatsapp";
  static final String TELEGRAM = "ol-telegram";
  static final String WEB = "ol-web";
  static final String EMAIL = "ol-email";
  static final String MAILBOX = "hallo@ozean-licht.example";
  private static final String PHONE_NUMBER_ID = "100200300400500";
  private static final String WEBSITE_TOKEN = "ozeanlicht-demo-website";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> secrets = new HashMap<>();
  private final Clock clock;
  private final Map<String, String> webSessions = new HashMap<>();
  private long telegramUpdate;
  private int sequence;

  DemoChannels(Clock clock) {
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    for (String name : List.of("WA_APP_SECRET", "WA_ACCESS_TOKEN", "WA_VERIFY_TOKEN", "TG_BOT_TOKEN",
        "TG_SECRET_TOKEN", "WEB_SESSION_KEY", "WEB_HMAC_TOKEN", "MAIL_PASSWORD", "MAIL_TOKEN_SECRET",
        "MAIL_WEBHOOK_SECRET")) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      secrets.put("DEMO_" + name, HexFormat.of().formatHex(bytes));
    }
    telegramUpdate = clock.millis() / 1000;
  }

  /** Registers the four channel configurations and this run's secrets on {@code b}. */
  void configure(SupportEngine.Builder b) {
    b.channel(WhatsAppConfig.of(WHATSAPP, PHONE_NUMBER_ID, "env:DEMO_WA_APP_SECRET",
        "env:DEMO_WA_ACCESS_TOKEN", "env:DEMO_WA_VERIFY_TOKEN"));
    b.channel(TelegramConfig.of(TELEGRAM, "env:DEMO_TG_BOT_TOKEN", "env:DEMO_TG_SECRET_TOKEN"));
    b.channel(WebChatConfig.of(WEB, WEBSITE_TOKEN, "env:DEMO_WEB_SESSION_KEY", "env:DEMO_WEB_HMAC_TOKEN"));
    b.channel(new EmailConfig(EMAIL, "smtp.ozean-licht.example", 587, "demo", "env:DEMO_MAIL_PASSWORD",
        MAILBOX, "reply.ozean-licht.example", "env:DEMO_MAIL_TOKEN_SECRET", "env:DEMO_MAIL_WEBHOOK_SECRET"));
    b.secrets(resolver());
  }

  private SecretResolver resolver() {
    return (field, reference) -> {
      String value = reference.startsWith("env:") ? secrets.get(reference.substring(4)) : null;
      if (value == null) {
        throw new ConfigurationException(field + ": the demo has no secret '" + reference + "'");
      }
      return value;
    };
  }

  /** A WhatsApp Cloud API webhook with one text message, signed with the app secret. */
  WebhookResponse whatsApp(SupportEngine engine, String waId, String name, String text) {
    ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
    ObjectNode value = root.putArray("entry").addObject().put("id", "demo-waba")
        .putArray("changes").addObject().put("field", "messages").putObject("value");
    value.put("messaging_product", "whatsapp").putObject("metadata")
        .put("display_phone_number", "43 1 2345678").put("phone_number_id", PHONE_NUMBER_ID);
    value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", name);
    ObjectNode m = value.putArray("messages").addObject().put("from", waId)
        .put("id", "wamid.demo." + clock.millis() + "." + (++sequence))
        .put("timestamp", String.valueOf(clock.millis() / 1000)).put("type", "text");
    m.putObject("text").put("body", text);
    byte[] body = bytes(root);
    return engine.webhooks().handle(WHATSAPP, InboundRequest.post("/webhooks/" + WHATSAPP,
        Map.of("Content-Type", List.of("application/json"),
            "X-Hub-Signature-256", List.of("sha256=" + hmac("DEMO_WA_APP_SECRET", body))), body));
  }

  /** A Telegram Bot API update with one private-chat message and the webhook secret token. */
  WebhookResponse telegram(SupportEngine engine, long userId, String firstName, String lastName,
      String text) {
    ObjectNode root = JSON.createObjectNode().put("update_id", ++telegramUpdate);
    ObjectNode m = root.putObject("message").put("message_id", clock.millis() / 1000 + (++sequence))
        .put("date", clock.millis() / 1000).put("text", text);
    m.putObject("from").put("id", userId).put("is_bot", false).put("first_name", firstName)
        .put("last_name", lastName).put("language_code", "de");
    m.putObject("chat").put("id", userId).put("type", "private").put("first_name", firstName);
    byte[] body = bytes(root);
    return engine.webhooks().handle(TELEGRAM, InboundRequest.post("/webhooks/" + TELEGRAM,
        Map.of("Content-Type", List.of("application/json"),
            "X-Telegram-Bot-Api-Secret-Token", List.of(secrets.get("DEMO_TG_SECRET_TOKEN"))), body));
  }

  /**
   * The chat widget: a session for the visitor (started once, then continued with its token) and
   * one message with the visitor's name and address from the pre-chat form.
   */
  WebhookResponse webChat(SupportEngine engine, String visitor, String name, String email, String text) {
    String token = webSessions.get(visitor);
    WebhookResponse session = web(engine, "session", token, new byte[0]);
    if (session.status() != 200) {
      return session;
    }
    token = read(session.body()).path("token").asText();
    webSessions.put(visitor, token);
    ObjectNode message = JSON.createObjectNode().put("echoId", "echo-" + clock.millis() + "-" + (++sequence))
        .put("content", text);
    message.putObject("contact").put("name", name).put("email", email);
    return web(engine, "messages", token, bytes(message));
  }

  private WebhookResponse web(SupportEngine engine, String action, String token, byte[] body) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (token != null) {
      headers.put("X-Auth-Token", List.of(token));
    }
    String path = "/webhooks/" + WEB + "/" + action;
    return engine.webhooks().handle(WEB, new InboundRequest("POST", path,
        Map.of("website_token", List.of(WEBSITE_TOKEN)), headers, body));
  }

  /** A raw RFC 5322 mail as a relay posts it, signed with the webhook secret. */
  WebhookResponse email(SupportEngine engine, String from, String name, String subject, String text) {
    String mime = "From: " + name + " <" + from + ">\r\n"
        + "To: Ozean Licht <" + MAILBOX + ">\r\n"
        + "Subject: " + subject + "\r\n"
        + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneId.of("Europe/Vienna"))) + "\r\n"
        + "Message-ID: <demo." + clock.millis() + "." + (++sequence) + "@mail.example.com>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + text.replace("\n", "\r\n") + "\r\n";
    byte[] body = mime.getBytes(StandardCharsets.UTF_8);
    return engine.webhooks().handle(EMAIL, InboundRequest.post("/webhooks/" + EMAIL,
        Map.of("Content-Type", List.of("message/rfc822"),
            "X-Support-Signature", List.of("sha256=" + hmac("DEMO_MAIL_WEBHOOK_SECRET", body))), body));
  }

  private String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secrets.get(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
