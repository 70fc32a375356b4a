package at.ozeanlicht.support.channels;

import at.ozeanlicht.support.channels.email.EmailConfig;
import at.ozeanlicht.support.channels.telegram.TelegramConfig;
import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.whatsapp.WhatsAppConfig;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads {@code channels.yaml} beside a workspace's {@code workspace.yaml}: one entry per channel
 * inbox, secrets only as references. Every problem is reported at once as {@code channels.yaml:
 * channels[i].field: reason}.
 *
 * <pre>{@code
 * channels:
 *   - inbox: ol-whatsapp
 *     type: whatsapp
 *     phoneNumberId: "106540352242922"
 *     appSecret: env:WA_APP_SECRET        # or file:secrets/wa-app-secret (relative to the workspace)
 *     accessToken: env:WA_ACCESS_TOKEN
 *     verifyToken: env:WA_VERIFY_TOKEN
 *     # baseUrl: https://graph.facebook.com   apiVersion: v21.0   (optional)
 *   - inbox: ol-telegram
 *     type: telegram
 *     botToken: env:TG_BOT_TOKEN
 *     secretToken: env:TG_SECRET_TOKEN
 *   - inbox: ol-email
 *     type: email
 *     host: smtp.example.test              # SMTP for replies
 *     port: 587                            # optional, default 587
 *     username: support@example.test       # optional; no SMTP AUTH when absent
 *     password: env:SMTP_PASSWORD
 *     fromAddress: support@example.test
 *     replyDomain: inbound.example.test    # reply+<token>@ addresses route here
 *     tokenSecret: env:MAIL_TOKEN_SECRET   # signs reply tokens
 *     webhookSecret: env:MAIL_WEBHOOK_SECRET
 *     # imapHost: imap.example.test  imapPort: 993   (optional: poll instead of the webhook)
 *   - inbox: ol-web
 *     type: web
 *     websiteToken: ol-widget-7Qx2     # public, embedded in the page
 *     sessionKey: env:WEB_SESSION_KEY  # signs session tokens
 *     hmacToken: env:WEB_HMAC_TOKEN    # the host signs user ids with it
 *     # hmacMandatory: false   allowedOrigins: [https://shop.example.test]   sessionTtl: P30D
 *     # quickActions: [Kurszugang, Zahlung, Technisches Problem, Etwas anderes…]
 *     # continuityViaEmail: ol-email   (replies to offline visitors who left an address go by mail)
 * }</pre>
 */
public final class ChannelsFile {
  /** The file name, next to {@code workspace.yaml}. */
  public static final String FILE = "channels.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> WHATSAPP = Set.of("inbox", "type", "phoneNumberId", "appSecret",
      "accessToken", "verifyToken", "baseUrl", "apiVersion");
  private static final Set<String> WEB = Set.of("inbox", "type", "websiteToken", "sessionKey",
      "hmacToken", "hmacMandatory", "allowedOrigins", "quickActions", "sessionTtl", "continuityViaEmail");
  private static final Set<String> TELEGRAM = Set.of("inbox", "type", "botToken", "secretToken", "baseUrl");
  private static final Set<String> EMAIL = Set.of("inbox", "type", "host", "port", "username",
      "password", "fromAddress", "replyDomain", "tokenSecret", "webhookSecret", "imapHost", "imapPort");

  private ChannelsFile() {}

  /**
   * The channel configuration records of the workspace in {@code dir} ({@link WhatsAppConfig},
   * {@link TelegramConfig}, {@link EmailConfig}, {@link WebChatConfig}); empty if there is no {@code channels.yaml}.
   *
   * @throws ValidationException listing every problem
   */
  public static List<Object> load(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "", "not readable YAML ("
          + e.getClass().getSimpleName() + ")")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    List<Object> configs = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("channels");
    if (list == null || !list.isArray()) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "channels", "must be a list")));
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String at = "channels[" + i + "]";
      String type = c.path("type").asText("");
      switch (type) {
        case "whatsapp" -> {
          unknown(c, WHATSAPP, at, problems);
          add(configs, problems, at, () -> new WhatsAppConfig(text(c, "inbox"), text(c, "phoneNumberId"),
              text(c, "appSecret"), text(c, "accessToken"), text(c, "verifyToken"),
              c.path("baseUrl").asText(WhatsAppConfig.DEFAULT_BASE_URL),
              c.path("apiVersion").asText(WhatsAppConfig.DEFAULT_API_VERSION)));
        }
        case "telegram" -> {
          unknown(c, TELEGRAM, at, problems);
          add(configs, problems, at, () -> new TelegramConfig(text(c, "inbox"), text(c, "botToken"),
              text(c, "secretToken"), c.path("baseUrl").asText(TelegramConfig.DEFAULT_BASE_URL)));
        }
        case "email" -> {
          unknown(c, EMAIL, at, problems);
          add(configs, problems, at, () -> new EmailConfig(text(c, "inbox"), text(c, "host"),
              port(c), c.path("username").asText(""), text(c, "password"), text(c, "fromAddress"),
              text(c, "replyDomain"), text(c, "tokenSecret"), text(c, "webhookSecret"),
              c.hasNonNull("imapHost") ? text(c, "imapHost") : null,
              c.hasNonNull("imapHost") ? c.path("imapPort").asInt(993) : 0));
        }
        case "web" -> {
          unknown(c, WEB, at, problems);
          add(configs, problems, at, () -> new WebChatConfig(text(c, "inbox"), text(c, "websiteToken"),
              text(c, "sessionKey"), text(c, "hmacToken"), bool(c, "hmacMandatory"),
              texts(c, "allowedOrigins", List.of()),
              texts(c, "quickActions", WebChatConfig.DEFAULT_QUICK_ACTIONS),
              duration(c, "sessionTtl", WebChatConfig.DEFAULT_SESSION_TTL),
              c.hasNonNull("continuityViaEmail") ? text(c, "continuityViaEmail") : null));
        }
        default -> problems.add(new FieldProblem(FILE, at + ".type",
            "must be one of whatsapp, telegram, email, web, was " + (type.isEmpty() ? "missing" : "'" + type + "'")));
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return List.copyOf(configs);
  }

  private static String text(JsonNode c, String field) {
    JsonNode v = c.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(field + ": is required");
    }
    if (!v.isValueNode()) {
      throw new IllegalArgumentException(field + ": must be text");
    }
    return v.asText();
  }

  private static int port(JsonNode c) {
    JsonNode v = c.get("port");
    if (v == null || v.isNull()) {
      return 587;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("port: must be a number between 1 and 65535, was '" + v.asText() + "'");
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode c, String field) {
    JsonNode v = c.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(field + ": must be true or false, was '" + v.asText() + "'");
    }
    return v.asBoolean();
  }

  private static List<String> texts(JsonNode c, String field, List<String> absent) {
    JsonNode v = c.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(field + ": must be a list of text");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isValueNode()) {
        throw new IllegalArgumentException(field + ": must be a list of text");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Duration duration(JsonNode c, String field, Duration absent) {
    JsonNode v = c.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    try {
      return Duration.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": must be an ISO-8601 duration such as P30D,"
          + " was '" + v.asText() + "'");
    }
  }

  private static void unknown(JsonNode c, Set<String> known, String at, List<FieldProblem> problems) {
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        problems.add(new FieldProblem(FILE, at + "." + f, "unknown field; expected one of "
            + known.stream().sorted().toList()));
      }
    }
  }

  private static void add(List<Object> configs, List<FieldProblem> problems, String at, Supplier<Object> make) {
    try {
      configs.add(make.get());
    } catch (IllegalArgumentException | NullPointerException e) {
      String m = String.valueOf(e.getMessage());
      int colon = m.indexOf(": ");
      problems.add(colon > 0
          ? new FieldProblem(FILE, at + "." + m.substring(0, colon), m.substring(colon + 2))
          : new FieldProblem(FILE, at, m));
    }
  }
}
