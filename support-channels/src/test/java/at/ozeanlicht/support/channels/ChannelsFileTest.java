package at.ozeanlicht.support.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.channels.email.EmailConfig;
import at.ozeanlicht.support.channels.telegram.TelegramConfig;
import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.whatsapp.WhatsAppConfig;
import at.ozeanlicht.support.core.api.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsFileTest {
  @Test
  void load_goodFile_givesConfigRecords(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("channels.yaml"), """
        channels:
          - inbox: ol-whatsapp
            type: whatsapp
            phoneNumberId: "106540352242922"
            appSecret: env:WA_APP_SECRET
            accessToken: env:WA_ACCESS_TOKEN
            verifyToken: file:secrets/wa-verify
          - inbox: ol-telegram
            type: telegram
            botToken: env:TG_BOT_TOKEN
            secretToken: env:TG_SECRET_TOKEN
          - inbox: ol-web
            type: web
            websiteToken: ol-widget-7Qx2
            sessionKey: env:WEB_SESSION_KEY
            hmacToken: file:secrets/web-hmac
            hmacMandatory: true
            allowedOrigins: [https://shop.example.test]
            sessionTtl: P7D
            continuityViaEmail: ol-email
        """);
    assertThat(ChannelsFile.load(dir)).containsExactly(
        WhatsAppConfig.of("ol-whatsapp", "106540352242922", "env:WA_APP_SECRET", "env:WA_ACCESS_TOKEN",
            "file:secrets/wa-verify"),
        TelegramConfig.of("ol-telegram", "env:TG_BOT_TOKEN", "env:TG_SECRET_TOKEN"),
        new WebChatConfig("ol-web", "ol-widget-7Qx2", "env:WEB_SESSION_KEY", "file:secrets/web-hmac",
            true, List.of("https://shop.example.test"), WebChatConfig.DEFAULT_QUICK_ACTIONS,
            Duration.ofDays(7), "ol-email"));
    assertThat(ChannelsFile.load(dir.resolve("nowhere"))).isEmpty();
  }

  @Test
  void load_emailEntry_givesEmailConfigWithDefaultPort(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("channels.yaml"), """
        channels:
          - inbox: ol-email
            type: email
            host: smtp.example.test
            password: env:SMTP_PASSWORD
            fromAddress: Support@Example.test
            replyDomain: inbound.example.test
            tokenSecret: env:MAIL_TOKEN
            webhookSecret: file:secrets/mail-webhook
          - inbox: bad-email
            type: email
            host: smtp.example.test
            port: 99999
            password: inline
            fromAddress: nobody
            replyDomain: inbound.example.test
            tokenSecret: env:MAIL_TOKEN
            webhookSecret: env:W
        """);
    assertThatThrownBy(() -> ChannelsFile.load(dir))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(Object::toString).containsExactly(
                "channels.yaml: channels[1].port: must be between 1 and 65535, was 99999"));
    Files.writeString(dir.resolve("channels.yaml"), Files.readString(dir.resolve("channels.yaml"))
        .substring(0, Files.readString(dir.resolve("channels.yaml")).indexOf("  - inbox: bad-email")));
    assertThat(ChannelsFile.load(dir)).containsExactly(new EmailConfig("ol-email",
        "smtp.example.test", 587, "", "env:SMTP_PASSWORD", "support@example.test",
        "inbound.example.test", "env:MAIL_TOKEN", "file:secrets/mail-webhook"));
  }

  @Test
  void load_badFile_reportsEveryProblemWithoutShowingSecrets(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("channels.yaml"), """
        channels:
          - inbox: ol-whatsapp
            type: whatsapp
            phoneNumberId: "1"
            appSecret: my-inline-secret
            accessToken: env:T
            verifyToken: env:V
            colour: blue
          - inbox: ol-telegram
            type: telegram
            secretToken: env:S
          - inbox: x
            type: fax
        """);
    assertThatThrownBy(() -> ChannelsFile.load(dir))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(Object::toString).containsExactly(
                "channels.yaml: channels[0].colour: unknown field; expected one of [accessToken, apiVersion, appSecret, baseUrl, inbox, phoneNumberId, type, verifyToken]",
                "channels.yaml: channels[0].appSecret: must be a secret reference env:NAME or file:PATH, was a value of 16 characters (not shown)",
                "channels.yaml: channels[1].botToken: is required",
                "channels.yaml: channels[2].type: must be one of whatsapp, telegram, email, web, was 'fax'"));
  }
}
