package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code support channels check}, in-process, without database or network. */
class ChannelsCheckTest {
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
          - inbox: ol-telegram
            type: telegram
            botToken: env:TG_BOT_TOKEN
            secretToken: env:TG_SECRET
          - inbox: ol-web
            type: web
            websiteToken: ol-widget-7Qx2
            sessionKey: env:WEB_SESSION_KEY
            hmacToken: env:WEB_HMAC
            hmacMandatory: true
            allowedOrigins: [https://ozean-licht.example.test]
        """);
    Files.writeString(workspace.resolve("wa-verify"), "vt-7c1f\n");
  }

  private Cli cli() {
    return new Cli(dir).env("WA_APP_SECRET", "wa-app-secret-value").env("WA_ACCESS_TOKEN", "tok")
        .env("TG_BOT_TOKEN", "123:abc").env("TG_SECRET", "tg-secret-value")
        .env("WEB_SESSION_KEY", "web-session-key-value").env("WEB_HMAC", "widget_hmac_secret");
  }

  @Test
  void check_allPresent_verifiesEachAdapterWithItsSecrets() {
    Cli.Result r = cli().run("channels", "check", "--workspace", "ws");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("""
        ol-whatsapp (whatsapp)
          ok   inbox
          ok   appSecret (env:WA_APP_SECRET)
          ok   accessToken (env:WA_ACCESS_TOKEN)
          ok   verifyToken (file:wa-verify)
          ok   webhook: handshake answered, signed request verified, unsigned refused
        ol-telegram (telegram)
          ok   inbox
          ok   botToken (env:TG_BOT_TOKEN)
          ok   secretToken (env:TG_SECRET)
          ok   webhook: secret-token request verified, request without it refused
        ol-web (web)
          ok   inbox
          ok   sessionKey (env:WEB_SESSION_KEY)
          ok   hmacToken (env:WEB_HMAC)
          ok   webhook: session started, identity hash verified, message without session refused
        all 3 channels ok
        """);
  }

  @Test
  void check_missingSecretAndWrongInbox_failsWithoutShowingValues() throws Exception {
    Files.writeString(workspace.resolve("channels.yaml"), Files.readString(workspace.resolve("channels.yaml"))
        .replace("inbox: ol-telegram", "inbox: ol-web-nope").replace("inbox: ol-web\n", "inbox: ol-whatsapp-x\n"));
    Cli.Result r = new Cli(dir).env("WA_ACCESS_TOKEN", "tok").env("TG_BOT_TOKEN", "123:abc")
        .env("TG_SECRET", "tg-secret-value").env("WEB_SESSION_KEY", "k").env("WEB_HMAC", "h")
        .run("channels", "check", "--workspace", "ws");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("  FAIL appSecret: environment variable WA_APP_SECRET is not set"
        + " (referenced as 'env:WA_APP_SECRET')\n");
    assertThat(r.out()).contains("ol-web-nope (telegram)\n  FAIL inbox: not in workspace.yaml\n");
    assertThat(r.out()).contains("  skip webhook: fix the above first\n");
    assertThat(r.out()).endsWith("3 of 3 channels failed\n");
    assertThat(r.out()).doesNotContain("tg-secret-value").doesNotContain("vt-7c1f");
  }

  @Test
  void check_noChannelsFile_saysSo() throws Exception {
    Files.delete(workspace.resolve("channels.yaml"));
    Cli.Result r = cli().run("channels", "check", "--workspace", "ws");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("no channels configured (channels.yaml is missing or empty)\n");
  }

  @Test
  void check_badFile_isAUsageError() throws Exception {
    Files.writeString(workspace.resolve("channels.yaml"), "channels:\n  - inbox: x\n    type: fax\n");
    Cli.Result r = cli().run("channels", "check", "--workspace", "ws");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("channels[0].type: must be one of whatsapp, telegram, email, web, was 'fax'");
  }
}
