package at.ozeanlicht.support.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.channels.email.ParsedMail.Automation;
import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailParserTest {

  static byte[] fixture(String name) {
    try (InputStream in = MailParserTest.class.getResourceAsStream("/email/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void parse_multipartMixedAlternative_takesTextHtmlAndAttachments() {
    ParsedMail mail = MailParser.parse(fixture("reply-de.eml"));

    assertThat(mail.dedupeKey()).isEqualTo("<CAF8x2Yk3@mail.customer.test>");
    assertThat(mail.from()).isEqualTo("lena.berger@customer.test");
    assertThat(mail.fromName()).isEqualTo("Lena Berger");
    assertThat(mail.subject()).isEqualTo("Re: [#4711] Lieferung überfällig");
    assertThat(mail.date()).isEqualTo(Instant.parse("2026-11-23T09:41:07Z"));
    assertThat(mail.inReplyTo()).hasSize(1);
    assertThat(mail.references()).containsExactly("<CAF8x2Yk1@mail.customer.test>",
        "<conv-9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21.msg-00000000-0000-0000-0000-000000001790@example.test>");
    assertThat(mail.replyText()).isEqualTo("Leider immer noch nichts angekommen. Foto vom Karton anbei.");
    assertThat(mail.fullText()).contains("> Wir schicken das Paket heute neu.");
    assertThat(mail.html()).doesNotContain("<script").contains("Wir schicken");
    assertThat(mail.replyHtml()).doesNotContain("Wir schicken").contains("Leider");
    assertThat(mail.attachments()).extracting(Attachment::name)
        .containsExactly("karton.jpg", "Rechnung März.pdf", "Notiz über Lieferung.txt");
    assertThat(mail.attachments().get(1).mimeType()).isEqualTo("application/pdf");
    assertThat(mail.attachments().get(1).size()).isEqualTo(9);
    assertThat(mail.attachments().get(1).sha256()).hasSize(64);
    assertThat(mail.automation()).isEqualTo(Automation.NONE);
  }

  @Test
  void parse_windows1252OutlookReply_decodesAndCutsSignatureAndHeaderBlock() {
    ParsedMail mail = MailParser.parse(fixture("outlook-en.eml"));

    assertThat(mail.fromName()).isEqualTo("Jürgen Müller");
    assertThat(mail.subject()).isEqualTo("Re: Bestellung überfällig");
    assertThat(mail.replyText()).isEqualTo(
        "Hi, the order still has not arrived – please check.\n\nThanks,\nJürgen");
    assertThat(mail.fullText()).contains("Sent: Monday").contains("We are on it.");
  }

  @Test
  void parse_englishMobileReply_cutsFooterAndAttribution() {
    ParsedMail mail = MailParser.parse(fixture("reply-en-iphone.eml"));
    assertThat(mail.replyText()).isEqualTo("Yes, please refund it.");
  }

  @Test
  void parse_germanOriginalMessageSeparator_cutsIt() {
    ParsedMail mail = MailParser.parse(fixture("original-de.eml"));
    assertThat(mail.replyText()).isEqualTo("Danke für die schnelle Antwort!");
  }

  @Test
  void parse_htmlOnlyOutlook_removesReplyBlockAndKeepsNewText() {
    ParsedMail mail = MailParser.parse(fixture("html-outlook.eml"));
    assertThat(mail.replyText()).isEqualTo("Geht jetzt, danke!");
    assertThat(mail.fullText()).contains("Alter Text");
  }

  @Test
  void parse_bounceWithNullReturnPath_isBounceWithFailedRecipientAndOurMessageId() {
    ParsedMail mail = MailParser.parse(fixture("bounce.eml"));
    assertThat(mail.automation()).isEqualTo(Automation.BOUNCE);
    assertThat(mail.failedRecipients()).containsExactly("lena.berger@customer.test");
    assertThat(mail.bouncedMessageIds()).containsExactly(
        "<conv-9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21.msg-00000000-0000-0000-0000-000000001832@example.test>");
    assertThat(mail.bounceStatus()).isEqualTo("5.1.1");
  }

  @Test
  void parse_autoReplyHeaders_isAutoReply() {
    assertThat(MailParser.parse(fixture("autoreply.eml")).automation()).isEqualTo(Automation.AUTO_REPLY);
  }

  @Test
  void parse_listMail_isList() {
    assertThat(MailParser.parse(fixture("list.eml")).automation()).isEqualTo(Automation.LIST);
  }

  @Test
  void parse_unknownCharsetAndNoMessageId_decodesLenientlyAndKeysBySha256() {
    byte[] raw = fixture("unknown-charset.eml");
    ParsedMail mail = MailParser.parse(raw);
    assertThat(mail.dedupeKey()).isEqualTo("sha256:" + MailParser.sha256(raw));
    assertThat(mail.fullText()).startsWith("Café").endsWith("ok");
  }

  @Test
  void parse_noSender_isMalformed() {
    assertThatThrownBy(() -> MailParser.parse("Subject: hi\n\nbody".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("From");
  }
}
