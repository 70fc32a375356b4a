package at.ozeanlicht.support.channels.web;

import at.ozeanlicht.support.channels.FuzzInputs;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.Presence;
import at.ozeanlicht.support.core.spi.Verification;
import at.ozeanlicht.support.core.testkit.MutableClock;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Jazzer: the web chat JSON protocol (session, identify, messages, typing, read) only ever answers
 * with events, a refusal, a JSON answer or {@code MalformedPayloadException}. The normal build
 * replays the seeds under {@code WebChatFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class WebChatFuzzTest {
  private static final String[] ACTIONS = {"messages", "typing", "read", "session", "identify", "x"};
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
  private final WebChatChannel channel = new WebChatChannel(new WebChatConfig("web",
      WebChatChannelTest.WEBSITE_TOKEN, "env:K", "env:H", false, List.of(),
      WebChatConfig.DEFAULT_QUICK_ACTIONS, Duration.ofDays(30)), "session-key-0123456789",
      WebChatChannelTest.HMAC, clock, Presence.Source.alwaysOnline(), new Subscribers());
  private final String token = token();

  private String token() {
    Verification.Answer a = (Verification.Answer) channel.verify(
        WebChatChannelTest.request("session", null, ""));
    try {
      return new ObjectMapper().readTree(a.body()).get("token").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void parse_validSession_onlyEventsOrMalformed(FuzzedDataProvider data) {
    String action = data.pickValue(ACTIONS);
    FuzzInputs.verifyThenParse(channel, new InboundRequest("POST", "/widget/web/" + action,
        Map.of("website_token", List.of(WebChatChannelTest.WEBSITE_TOKEN)),
        Map.of("X-Auth-Token", List.of(token)), data.consumeRemainingAsBytes()));
  }

  @FuzzTest(maxDuration = "5s")
  void verify_anyRequest_neverThrows(FuzzedDataProvider data) {
    FuzzInputs.verifyThenParse(channel, FuzzInputs.request(data, "/widget/web/"));
  }
}
