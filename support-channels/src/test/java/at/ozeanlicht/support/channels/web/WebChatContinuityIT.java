package at.ozeanlicht.support.channels.web;

import static at.ozeanlicht.support.channels.web.WebChatChannelTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.channels.email.EmailProvider;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.OutboundView;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import at.ozeanlicht.support.channels.email.EmailConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Continuity via e-mail: replies to an offline visitor who left an address go out by mail. */
@ExtendWith(PostgresExtension.class)
class WebChatContinuityIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of("WEB_SESSION_KEY", "s3ssion-key-for-tests",
      "WEB_HMAC", WebChatChannelTest.HMAC, "MAIL_PASSWORD", "pw", "MAIL_TOKEN", "token-test",
      "MAIL_WEBHOOK", "whsec-test");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
  private final WebChatProvider webChat = new WebChatProvider();
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(webChat).channelProvider(new EmailProvider())
        .channel(new WebChatConfig("web", WebChatChannelTest.WEBSITE_TOKEN, "env:WEB_SESSION_KEY",
            "env:WEB_HMAC", false, List.of(), WebChatConfig.DEFAULT_QUICK_ACTIONS,
            WebChatConfig.DEFAULT_SESSION_TTL, "mail"))
        .channel(new EmailConfig("mail", "127.0.0.1", SMTP.getSmtp().getPort(), "", "env:MAIL_PASSWORD",
            "support@example.test", "inbound.example.test", "env:MAIL_TOKEN", "env:MAIL_WEBHOOK"))
        .secrets(SecretResolver.of(ENV::get, Path.of("")))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private String visitor(String contact) throws Exception {
    WebhookResponse s = engine.webhooks().handle("web", request("session", null, ""));
    String token = JSON.readTree(s.body()).get("token").asText();
    WebhookResponse m = engine.webhooks().handle("web", request("messages", token,
        "{\"echoId\":\"1\",\"content\":\"Hallo\"" + contact + "}"));
    assertThat(m.status()).as(m.body()).isEqualTo(200);
    return token;
  }

  private UUID only() {
    return engine.conversations(FindConversations.all()).items().get(0).conversation().id();
  }

  @Test
  void offlineVisitorWithAddress_getsTheReplyByMail_onlineVisitorInTheWidget() throws Exception {
    String token = visitor(",\"contact\":{\"name\":\"Lena\",\"email\":\"lena@customer.test\"}");
    List<String> stream = new CopyOnWriteArrayList<>();
    Runnable unsubscribe = webChat.subscribe("web", token, stream::add).orElseThrow();

    engine.reply(new SendReply(only(), "anna", "Bin gleich da."));
    engine.dispatch(clock.instant());
    assertThat(stream).hasSize(1);
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    unsubscribe.run(); // the visitor closed the tab
    engine.reply(new SendReply(only(), "anna", "Ihr Zugang ist freigeschaltet."));
    engine.dispatch(clock.instant());
    clock.advance(Duration.ofSeconds(1));
    engine.dispatch(clock.instant());

    MimeMessage[] mails = SMTP.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("lena@customer.test");
    assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mails[0])).contains("Ihr Zugang ist freigeschaltet.");
    assertThat(engine.outbound(OutboundStatus.SENT, 10)).extracting(OutboundView::inbox)
        .containsExactlyInAnyOrder("web", "mail");
    assertThat(stream).hasSize(1);
  }

  @Test
  void offlineVisitorWithoutAddress_keepsTheReplyInTheChatHistory() throws Exception {
    visitor("");
    engine.reply(new SendReply(only(), "anna", "Bin gleich da."));
    engine.dispatch(clock.instant());
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    assertThat(engine.outbound(OutboundStatus.SENT, 10)).singleElement().satisfies(o -> {
      assertThat(o.inbox()).isEqualTo("web");
      assertThat(o.externalId()).isEqualTo("offline");
    });
  }
}
