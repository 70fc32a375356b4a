package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code support webhook replay}, {@code support outbox list|retry} in-process on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class ChannelCommandsIT {
  private static final String BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":"
      + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"106540352242922\"},"
      + "\"contacts\":[{\"profile\":{\"name\":\"Lena\"},\"wa_id\":\"4915112345678\"}],"
      + "\"messages\":[{\"from\":\"4915112345678\",\"id\":\"wamid.CLI1\",\"timestamp\":\"1763892000\",\"type\":\"text\",\"text\":{\"body\":\"Hallo\"}}]}}]}]}";

  @TempDir Path dir;
  Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    Files.copy(Cli.REFERENCE_WORKSPACE.resolve("workspace.yaml"), workspace.resolve("workspace.yaml"));
    Files.copy(Cli.REFERENCE_WORKSPACE.resolve("sla.yaml"), workspace.resolve("sla.yaml"));
    Files.writeString(workspace.resolve("channels.yaml"), """
        channels:
          - inbox: ol-whatsapp
            type: whatsapp
            phoneNumberId: "106540352242922"
            appSecret: env:WA_APP_SECRET
            accessToken: env:WA_ACCESS_TOKEN
            verifyToken: file:wa-verify
          - inbox: ol-web
            type: web
            websiteToken: ol-widget-7Qx2
            sessionKey: env:WEB_SESSION_KEY
            hmacToken: env:WEB_HMAC
        """);
    Files.writeString(workspace.resolve("wa-verify"), "vt-7c1f\n");
    Files.writeString(dir.resolve("payload.json"), BODY);
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(SharedPostgres.jdbcUrl());
    return new Cli(dir).env("WA_APP_SECRET", "test_app_secret").env("WA_ACCESS_TOKEN", "tok")
        .env("WEB_SESSION_KEY", "session-key-0123456789").env("WEB_HMAC", "widget_hmac_secret")
        .run(all.toArray(String[]::new));
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("test_app_secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void webhookReplay_signed_storesOnce_unsignedIsRefused() throws Exception {
    String header = "X-Hub-Signature-256:" + sign(BODY);
    Cli.Result first = run("webhook", "replay", "--channel", "whatsapp", "--file", "payload.json",
        "--header", header, "--workspace", workspace.toString());
    Cli.Result again = run("webhook", "replay", "--channel", "whatsapp", "--file", "payload.json",
        "--header", header, "--workspace", workspace.toString());
    Cli.Result unsigned = run("webhook", "replay", "--channel", "whatsapp", "--file", "payload.json",
        "--workspace", workspace.toString());

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).isEqualTo("200 {\"status\":\"ok\",\"messages\":1,\"duplicates\":0,\"statuses\":0,\"edits\":0,\"ignored\":0}\n");
    assertThat(again.out()).contains("\"messages\":0,\"duplicates\":1");
    assertThat(unsigned.code()).isEqualTo(1);
    assertThat(unsigned.out()).isEqualTo("401 {\"error\":\"signature_missing\",\"reason\":\"request not verified\"}\n");
  }

  @Test
  void webhookReplay_web_usesThePathAndQueryOfTheSavedRequest() throws Exception {
    // Before --path, a web replay was posted to /webhooks/ol-web without website_token: the widget
    // read "ol-web" as its action and refused the request with 401 website_token_missing.
    Cli.Result noPath = run("webhook", "replay", "--channel", "web", "--file", "payload.json",
        "--workspace", workspace.toString());
    assertThat(noPath.code()).isEqualTo(2);
    assertThat(noPath.err()).startsWith("error: --path: required for --channel web");

    Files.writeString(dir.resolve("empty.json"), "");
    String query = "?website_token=ol-widget-7Qx2";
    Cli.Result session = run("webhook", "replay", "--channel", "web", "--file", "empty.json",
        "--path", "/widget/ol-web/session" + query, "--workspace", workspace.toString());
    assertThat(session.code()).as(session.toString()).isZero();
    String token = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(session.out().substring(4)).get("token").asText();

    Files.writeString(dir.resolve("message.json"), "{\"echoId\":\"e-1\",\"content\":\"Hallo vom Widget\"}");
    Cli.Result message = run("webhook", "replay", "--channel", "web", "--file", "message.json",
        "--path", "/widget/ol-web/messages" + query, "--header", "X-Auth-Token:" + token,
        "--workspace", workspace.toString());
    assertThat(message.code()).as(message.toString()).isZero();
    assertThat(message.out()).startsWith("200 {\"status\":\"ok\",\"messages\":1,");

    Cli.Result forged = run("webhook", "replay", "--channel", "web", "--file", "message.json",
        "--path", "/widget/ol-web/messages?website_token=guess", "--workspace", workspace.toString());
    assertThat(forged.out()).startsWith("403 ");
    Cli.Result relative = run("webhook", "replay", "--channel", "web", "--file", "message.json",
        "--path", "widget/ol-web/messages", "--workspace", workspace.toString());
    assertThat(relative.code()).isEqualTo(2);
    assertThat(relative.err()).startsWith("error: --path: must start with '/', was 'widget/ol-web/messages'");
  }

  @Test
  void webhookReplay_badOptions_areUsageErrors() {
    Cli.Result r = run("webhook", "replay", "--channel", "fax", "--file", "payload.json",
        "--workspace", workspace.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --channel: must be one of whatsapp, telegram, web, was 'fax'\n");
    Cli.Result tg = run("webhook", "replay", "--channel", "telegram", "--file", "payload.json",
        "--workspace", workspace.toString());
    assertThat(tg.code()).isEqualTo(2);
    assertThat(tg.err()).startsWith("error: --channel: no telegram inbox has an adapter; configure one in channels.yaml beside workspace.yaml\n");
  }

  @Test
  void outbox_listAndRetry() {
    Cli.Result empty = run("outbox", "list", "--state", "dead");
    assertThat(empty.code()).isZero();
    assertThat(empty.out()).isEqualTo("ID  STATE  INBOX  ATTEMPTS  NEXT  ERROR  DELIVERY\n");
    Cli.Result bad = run("outbox", "list", "--state", "lost");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--state: must be one of pending, sending, sent, failed, dead, was 'lost'");
    Cli.Result missing = run("outbox", "retry", "00000000-0000-0000-0000-000000000001");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("id: no outbound message 00000000-0000-0000-0000-000000000001");
    assertThat(run("outbox", "list", "--json").out()).isEqualTo("[ ]\n");
  }
}
