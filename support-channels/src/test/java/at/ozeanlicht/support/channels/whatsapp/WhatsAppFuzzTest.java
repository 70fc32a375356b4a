package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.channels.FuzzInputs;
import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.testkit.MutableClock;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Jazzer: the WhatsApp parser and verifier only ever answer with events, a refusal or {@code
 * MalformedPayloadException}. The normal build replays the seeds under {@code
 * WhatsAppFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the module README).
 */
class WhatsAppFuzzTest {
  private final WhatsAppCloudChannel channel = new WhatsAppCloudChannel(new WhatsAppConfig("wa",
      WhatsAppFixtures.PHONE_NUMBER_ID, "env:A", "env:B", "env:C", "https://graph.facebook.com",
      "v21.0"), WhatsAppFixtures.SECRET, "tok", "vt-7c1f",
      new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), HttpClient.newHttpClient());

  @FuzzTest(maxDuration = "5s")
  void parse_signedBody_onlyEventsOrMalformed(byte[] body) {
    FuzzInputs.verifyThenParse(channel, InboundRequest.post("/webhooks/wa", Map.of(
        "X-Hub-Signature-256", List.of("sha256=" + Signatures.hmacSha256Hex(WhatsAppFixtures.SECRET, body))),
        body));
  }

  @FuzzTest(maxDuration = "5s")
  void verify_anyRequest_neverThrows(FuzzedDataProvider data) {
    FuzzInputs.verifyThenParse(channel, FuzzInputs.request(data, "/webhooks/wa"));
  }
}
