package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.FuzzInputs;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Jazzer: the MIME parser (through the signed webhook) and the signature check only ever answer
 * with events, a refusal or {@code MalformedPayloadException}. The normal build replays the seeds
 * under {@code EmailFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the module README).
 */
class EmailFuzzTest {
  private final ChannelAdapter channel = EmailFixtures.adapter(EmailFixtures.config("mail", 25),
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

  @FuzzTest(maxDuration = "5s")
  void parse_signedMime_onlyEventsOrMalformed(byte[] raw) {
    FuzzInputs.verifyThenParse(channel, EmailFixtures.signed(raw));
  }

  @FuzzTest(maxDuration = "5s")
  void verify_anyRequest_neverThrows(FuzzedDataProvider data) {
    FuzzInputs.verifyThenParse(channel, FuzzInputs.request(data, "/webhooks/mail"));
  }
}
