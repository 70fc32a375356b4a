package at.ozeanlicht.support.channels.email;

import static at.ozeanlicht.support.channels.email.EmailFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.ChangeStatus;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.ReceiveHints;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class EmailWebhookIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  private static final String FIRST = """
      From: Lena Berger <lena.berger@customer.test>
      To: support@example.test
      Subject: =?UTF-8?Q?Lieferung_=C3=BCberf=C3=A4llig?=
      Message-ID: <CAF8x2Yk1@mail.customer.test>
      Date: Mon, 23 Nov 2026 09:00:00 +0100
      Content-Type: text/plain; charset=UTF-8

      Mein Paket ist noch nicht da.
      """;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:30:00Z"));
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(new EmailProvider())
        .channel(EmailFixtures.config("mail", SMTP.getSmtp().getPort()))
        .secrets(EmailFixtures.SECRETS)
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private String post(String raw) {
    return engine.webhooks().handle("mail", signed(raw)).body();
  }

  private List<ConversationView> all() {
    return engine.conversations(FindConversations.all()).items().stream()
        .map(s -> engine.conversation(s.conversation().id()).orElseThrow()).toList();
  }

  private static List<Message> incoming(ConversationView v) {
    return v.messages().stream().filter(m -> m.kind() == MessageKind.INCOMING).toList();
  }

  private static String reply(String to, String messageId, String inReplyTo, String body) {
    return "From: Lena Berger <lena.berger@customer.test>\nTo: " + to + "\nSubject: Re: Lieferung\n"
        + "Message-ID: " + messageId + "\n" + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\n")
        + "Content-Type: text/plain; charset=UTF-8\n\n" + body
        + "\n\nAm 23.11.2026 schrieb Support <support@example.test>:\n> alt\n";
  }

  /** The customer's first mail, the agent's reply dispatched over SMTP; returns the sent mail. */
  private MimeMessage openAndAnswer() throws Exception {
    assertThat(post(FIRST)).contains("\"messages\":1");
    ConversationView c = all().get(0);
    engine.reply(new SendReply(c.conversation().id(), "anna", "Wir schicken es heute neu."));
    assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isEqualTo(1);
    MimeMessage[] sent = SMTP.getReceivedMessages();
    assertThat(sent).hasSize(1);
    return sent[0];
  }

  @Test
  void reply_isDispatchedWithThreadingHeaders() throws Exception {
    MimeMessage sent = openAndAnswer();
    ConversationView c = all().get(0);
    UUID id = c.conversation().id();

    assertThat(c.conversation().attributes()).containsEntry(ReceiveHints.SUBJECT, "Lieferung überfällig");
    assertThat(sent.getMessageID()).startsWith("<conv-" + id + ".msg-").endsWith("@example.test>");
    assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<CAF8x2Yk1@mail.customer.test>");
    assertThat(sent.getSubject()).isEqualTo("Re: [#" + c.conversation().number() + "] Lieferung überfällig");
    assertThat(EmailFixtures.tokens().conversation(sent.getReplyTo()[0].toString())).contains(id);
    assertThat(engine.outbound(OutboundStatus.SENT, 10).get(0).externalId()).isEqualTo(sent.getMessageID());
  }

  @Test
  void customerReply_viaTokenOrInReplyTo_threadsIntoTheSameConversation() throws Exception {
    MimeMessage sent = openAndAnswer();
    String token = sent.getReplyTo()[0].toString();

    assertThat(post(reply(token, "<r1@customer.test>", null, "Danke, per Token."))).contains("\"messages\":1");
    assertThat(post(reply("support@example.test", "<r2@customer.test>", sent.getMessageID(),
        "Danke, per In-Reply-To."))).contains("\"messages\":1");

    assertThat(all()).hasSize(1);
    assertThat(incoming(all().get(0))).extracting(Message::body)
        .containsExactly("Mein Paket ist noch nicht da.", "Danke, per Token.", "Danke, per In-Reply-To.");
  }

  @Test
  void strangerWithToken_opensANewConversation() throws Exception {
    MimeMessage sent = openAndAnswer();
    String token = sent.getReplyTo()[0].toString();
    post("From: mallory@evil.test\nTo: " + token + "\nSubject: hi\nMessage-ID: <m1@evil.test>\n\nhallo\n");
    assertThat(all()).hasSize(2);
  }

  @Test
  void subjectTag_threadsWhenTokenAndHeadersAreGone() throws Exception {
    openAndAnswer();
    long number = all().get(0).conversation().number();
    post("From: lena.berger@customer.test\nTo: support@example.test\nSubject: AW: [#" + number
        + "] Lieferung\nMessage-ID: <r3@customer.test>\n\nNoch eine Frage.\n");
    assertThat(all()).hasSize(1);
    assertThat(incoming(all().get(0))).hasSize(2);
  }

  @Test
  void newSubjectWithoutReferences_opensANewConversation() throws Exception {
    openAndAnswer();
    post("From: lena.berger@customer.test\nTo: support@example.test\nSubject: Andere Sache\n"
        + "Message-ID: <new@customer.test>\n\nNeue Frage.\n");
    assertThat(all()).hasSize(2);
  }

  @Test
  void autoReplyAndBounce_areStoredButNeitherReopenNorAnswered() throws Exception {
    MimeMessage sent = openAndAnswer();
    UUID id = all().get(0).conversation().id();
    engine.changeStatus(new ChangeStatus(id, Status.RESOLVED, "anna"));
    String token = sent.getReplyTo()[0].toString();

    post("From: lena.berger@customer.test\nTo: " + token + "\nSubject: Abwesend\n"
        + "Message-ID: <ooo@customer.test>\nAuto-Submitted: auto-replied\n\nBin im Urlaub.\n");
    String bounce = new String(MailParserTest.fixture("bounce.eml"), StandardCharsets.UTF_8)
        .replace("<conv-9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21.msg-00000000-0000-0000-0000-000000001832@example.test>",
            sent.getMessageID());
    assertThat(post(bounce)).contains("\"messages\":1").contains("\"statuses\":1");

    ConversationView c = engine.conversation(id).orElseThrow();
    assertThat(c.conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(incoming(c)).extracting(Message::body).contains("Bin im Urlaub.");
    assertThat(c.contact().attributes()).containsEntry(ReceiveHints.UNDELIVERABLE, "true");
    assertThat(engine.outbound(null, 10).get(0).deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    clock.advance(java.time.Duration.ofMinutes(5));
    assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isZero();
    assertThat(engine.outbound(null, 10)).hasSize(1);
  }

  @Test
  void bounceLoop_nothingIsEverSentToABouncedContactOrTheMailerDaemon() throws Exception {
    MimeMessage sent = openAndAnswer();
    UUID lena = all().get(0).conversation().id();
    post(new String(MailParserTest.fixture("bounce.eml"), StandardCharsets.UTF_8)
        .replace("<conv-9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21.msg-00000000-0000-0000-0000-000000001832@example.test>",
            sent.getMessageID()));
    UUID daemon = all().stream().map(v -> v.conversation().id()).filter(i -> !i.equals(lena))
        .findFirst().orElseThrow();

    engine.reply(new SendReply(lena, "anna", "Noch ein Versuch."));
    engine.reply(new SendReply(daemon, "anna", "Re: Undelivered"));
    assertThat(engine.dispatch(clock.instant()).count("outboundFailed")).isEqualTo(2);

    assertThat(SMTP.getReceivedMessages()).hasSize(1); // only the first answer, before the bounce
    // The bounced first answer is listed too (bounce_5.1.1); the two new replies never left.
    assertThat(engine.outbound(OutboundStatus.FAILED, 10)).extracting(o -> o.lastErrorCode())
        .containsExactlyInAnyOrder("bounce_5.1.1", "undeliverable", "undeliverable_address");
    assertThat(engine.outbound(OutboundStatus.FAILED, 10)).allSatisfy(o ->
        assertThat(o.lastError()).isNotBlank().doesNotContain("customer.test"));
  }

  @Test
  void content_bodyIsTheNewText_fullTextAndSanitizedHtmlAreKeptBeside() {
    post("From: max@customer.test\nTo: support@example.test\nSubject: Zugang\nMessage-ID: <h1@customer.test>\n"
        + "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html><body><div onclick=\"x()\">Geht"
        + " jetzt, danke!</div><script>alert(1)</script><div class=\"gmail_quote\">Am Montag schrieb"
        + " Support:<blockquote type=\"cite\">Alter Text</blockquote></div></body></html>\n");
    post(reply("support@example.test", "<p1@customer.test>", null, "Klappt."));

    List<Message> in = all().stream().flatMap(v -> incoming(v).stream()).toList();
    Message html = in.stream().filter(m -> m.channelMessageId().equals("<h1@customer.test>")).findFirst().orElseThrow();
    assertThat(html.body()).isEqualTo("Geht jetzt, danke!");
    assertThat(engine.messageContent(html.id())).hasValueSatisfying(c -> {
      assertThat(c.fullText()).contains("Geht jetzt, danke!").contains("Alter Text");
      assertThat(c.html()).contains("Geht jetzt, danke!").contains("Alter Text")
          .doesNotContain("script").doesNotContain("onclick");
    });
    Message plain = in.stream().filter(m -> m.channelMessageId().equals("<p1@customer.test>")).findFirst().orElseThrow();
    assertThat(plain.body()).isEqualTo("Klappt.");
    assertThat(engine.messageContent(plain.id())).hasValueSatisfying(c -> {
      assertThat(c.fullText()).contains("Klappt.").contains("> alt");
      assertThat(c.html()).isNull();
    });
  }

  @Test
  void duplicateDelivery_isStoredOnce() {
    assertThat(post(FIRST)).contains("\"messages\":1");
    assertThat(post(FIRST)).contains("\"duplicates\":1");
    assertThat(incoming(all().get(0))).hasSize(1);
  }

  @Test
  void unsignedOrForged_isRefusedAndStoresNothing() {
    byte[] raw = FIRST.getBytes(StandardCharsets.UTF_8);
    assertThat(engine.webhooks().handle("mail", InboundRequest.post("/webhooks/mail", Map.of(), raw))
        .status()).isEqualTo(401);
    assertThat(engine.webhooks().handle("mail", InboundRequest.post("/webhooks/mail",
        Map.of("X-Support-Signature", List.of("sha256=00")), raw)).status()).isEqualTo(403);
    assertThat(all()).isEmpty();
  }

  @Test
  void oversized_above40MiB_refused413BeforeVerifyingAndStoresNothing() {
    byte[] big = new byte[(40 << 20) + 1];
    assertThat(engine.webhooks().handle("mail", InboundRequest.post("/webhooks/mail",
        Map.of("X-Support-Signature", List.of("sha256=00")), big)).status()).isEqualTo(413);
    assertThat(all()).isEmpty();
  }
}
