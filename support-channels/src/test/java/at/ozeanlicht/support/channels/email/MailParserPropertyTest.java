package at.ozeanlicht.support.channels.email;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The parser's contract on any input: events, or {@link MalformedPayloadException}; nothing else.
 * The seed is pinned; on a failure QuickTheories prints the falsifying bytes.
 */
class MailParserPropertyTest {
  private static final long SEED = 20261125L;
  private static final EmailChannel CHANNEL = (EmailChannel) EmailFixtures.adapter(
      EmailFixtures.config("mail", 25), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  /** Header-ish lines and MIME fragments from the fixtures, glued together in random order. */
  private static final List<String> PIECES = List.of("From: a@b.test\n", "To: reply+x@inbound.example.test\n",
      "Content-Type: multipart/mixed; boundary=\"m\"\n", "Content-Type: multipart/report; report-type=delivery-status; boundary=m\n",
      "--m\n", "--m--\n", "\n", "Content-Type: text/plain; charset=x-none\n", "Content-Transfer-Encoding: base64\n",
      "Content-Transfer-Encoding: quoted-printable\n", "=C3=\n", "Subject: =?UTF-8?B?////?=\n",
      "Content-Disposition: attachment; filename*=UTF-8''%FF%FE\n", "Content-Type: message/delivery-status\n",
      "Message-ID: <x@y>\n", "References: <<<>>>\n", "> quoted\n", "-- \n", "Return-Path: <>\n",
      "Content-Type: message/rfc822\n", "Date: yesterday\n", "<div id=\"divRplyFwdMsg\"><p>x\n");

  private static void check(byte[] raw) {
    try {
      CHANNEL.events(MailParser.parse(raw));
    } catch (MalformedPayloadException expected) {
      // the documented outcome for bytes that are not a mail
    }
  }

  @Test
  void parse_arbitraryBytes_returnsEventsOrThrowsMalformedPayload() {
    Gen<byte[]> bytes = lists().of(integers().between(0, 255)).ofSizeBetween(0, 400)
        .map(l -> {
          byte[] b = new byte[l.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) l.get(i);
          }
          return b;
        });
    qt().withFixedSeed(SEED).withExamples(300).forAll(bytes).checkAssert(MailParserPropertyTest::check);
  }

  @Test
  void parse_shuffledMimeFragments_returnsEventsOrThrowsMalformedPayload() {
    Gen<byte[]> mails = lists().of(arbitrary().pick(PIECES)).ofSizeBetween(0, 40)
        .zip(strings().allPossible().ofLengthBetween(0, 60), (pieces, noise) -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          pieces.forEach(p -> out.writeBytes(p.getBytes(StandardCharsets.UTF_8)));
          out.writeBytes(noise.getBytes(StandardCharsets.UTF_8));
          return out.toByteArray();
        });
    qt().withFixedSeed(SEED).withExamples(500).forAll(mails).checkAssert(MailParserPropertyTest::check);
  }
}
