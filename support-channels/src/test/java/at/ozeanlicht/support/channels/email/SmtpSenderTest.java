package at.ozeanlicht.support.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpSenderTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:02:41Z"), ZoneOffset.UTC);
  private static final UUID CONVERSATION = UUID.fromString("9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21");
  private static final UUID OUTBOX = UUID.fromString("00000000-0000-0000-0000-000000001832");

  static OutboundDelivery delivery(MessageKind kind, int attempt) {
    return new OutboundDelivery(OUTBOX, UUID.randomUUID(), CONVERSATION, "mail", kind,
        "lena.berger@customer.test", "Wir schicken es heute.\n\nGrüße & <Dank>", ContentType.TEXT,
        attempt, null, "<CAF8x2Yk3@mail.customer.test>", 4711, "Re: [#4711] Lieferung überfällig");
  }

  @Test
  void send_reply_hasOurHeadersAndUtf8Alternative() throws Exception {
    ChannelAdapter adapter = EmailFixtures.adapter(EmailFixtures.config("mail", SMTP.getSmtp().getPort()), CLOCK);

    DeliveryResult first = adapter.send(delivery(MessageKind.OUTGOING, 1));
    DeliveryResult retry = adapter.send(delivery(MessageKind.OUTGOING, 2));

    String id = "<conv-" + CONVERSATION + ".msg-" + OUTBOX + "@example.test>";
    assertThat(first).isEqualTo(DeliveryResult.accepted(id));
    assertThat(retry).isEqualTo(first);
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    MimeMessage mail = received[0];
    assertThat(mail.getMessageID()).isEqualTo(id);
    assertThat(received[1].getMessageID()).isEqualTo(id);
    assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<CAF8x2Yk3@mail.customer.test>");
    assertThat(mail.getHeader("References", null)).isEqualTo("<CAF8x2Yk3@mail.customer.test>");
    assertThat(mail.getSubject()).isEqualTo("Re: [#4711] Lieferung überfällig");
    assertThat(mail.getHeader("Subject", null)).startsWith("=?UTF-8?");
    String replyTo = mail.getReplyTo()[0].toString();
    assertThat(EmailFixtures.tokens().conversation(replyTo)).contains(CONVERSATION);
    assertThat(mail.getFrom()[0].toString()).isEqualTo("support@example.test");
    MimeMultipart alternative = (MimeMultipart) mail.getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    assertThat(alternative.getBodyPart(0).getContentType()).containsIgnoringCase("text/plain; charset=UTF-8");
    assertThat(alternative.getBodyPart(0).getContent().toString().replace("\r\n", "\n")).isEqualTo("Wir schicken es heute.\n\nGrüße & <Dank>");
    assertThat((String) alternative.getBodyPart(1).getContent())
        .contains("<p>Grüße &amp; &lt;Dank&gt;</p>");
  }

  @Test
  void send_privateMessage_isRejectedWithoutSending() {
    ChannelAdapter adapter = EmailFixtures.adapter(EmailFixtures.config("mail", SMTP.getSmtp().getPort()), CLOCK);
    assertThat(adapter.send(delivery(MessageKind.NOTE, 1))).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void send_noServer_isRetryableConnectionFailure() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ChannelAdapter adapter = EmailFixtures.adapter(EmailFixtures.config("mail", closed), CLOCK);
    DeliveryResult r = adapter.send(delivery(MessageKind.OUTGOING, 1));
    assertThat(r).isInstanceOf(DeliveryResult.Retryable.class);
    assertThat(((DeliveryResult.Retryable) r).code()).isEqualTo("smtp_connection");
  }

  @Test
  void classify_smtpReplyCodes_4xxRetryable5xxPermanent() {
    assertThat(SmtpSender.classify(new MessagingException("550 5.1.1 <x@y>: user unknown")))
        .isEqualTo(DeliveryResult.permanent("smtp_550", "SMTP server refused the message with 550"));
    assertThat(SmtpSender.classify(new MessagingException("send failed",
        new MessagingException("451 4.7.1 greylisted"))))
        .isInstanceOf(DeliveryResult.Retryable.class);
  }

  @Test
  void neverAnswered_matchesNoReplyDaemonAndBounceAddressesOnly() {
    assertThat(List.of("noreply@shop.test", "No-Reply@shop.test", "do_not_reply@x.test",
        "donotreply@x.test", "MAILER-DAEMON@mx.test", "postmaster@mx.test", "bounces+1234@list.test",
        "bounce@x.test")).allMatch(a -> EmailChannel.NEVER_ANSWERED.matcher(a).find());
    assertThat(List.of("lena.berger@customer.test", "noreplyfan@x.test", "info@noreply.test",
        "replies@x.test")).noneMatch(a -> EmailChannel.NEVER_ANSWERED.matcher(a).find());
  }
}
