package at.ozeanlicht.support.channels;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.Verification;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared pieces of the Jazzer fuzz tests of the channel parsers: arbitrary requests built from
 * the fuzzer's bytes, and the contract every adapter must keep, namely that {@code verify} never
 * throws and {@code parse} only ever throws {@link MalformedPayloadException}.
 */
public final class FuzzInputs {
  private static final String[] METHODS = {"POST", "GET", "PUT", "post", ""};
  private static final String[] HEADERS = {"X-Hub-Signature-256", "X-Telegram-Bot-Api-Secret-Token",
      "X-Support-Signature", "X-Auth-Token", "Origin", "Content-Type"};
  private static final String[] PARAMETERS = {"hub.mode", "hub.verify_token", "hub.challenge",
      "website_token"};

  private FuzzInputs() {}

  /** A request with a fuzzed method, path suffix, headers, query and body. */
  public static InboundRequest request(FuzzedDataProvider data, String pathPrefix) {
    String method = data.pickValue(METHODS);
    String path = pathPrefix + data.consumeString(20);
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = data.consumeInt(0, 3); i > 0; i--) {
      headers.put(data.pickValue(HEADERS), List.of(data.consumeString(100)));
    }
    Map<String, List<String>> query = new HashMap<>();
    for (int i = data.consumeInt(0, 3); i > 0; i--) {
      query.put(data.pickValue(PARAMETERS), List.of(data.consumeString(60)));
    }
    return new InboundRequest(method, path, query, headers, data.consumeRemainingAsBytes());
  }

  /** Verifies, and parses what verified; fails on anything but the documented outcomes. */
  public static void verifyThenParse(ChannelAdapter adapter, InboundRequest request) {
    Verification v = Objects.requireNonNull(adapter.verify(request), "verify returned null");
    if (v == Verification.verified()) {
      parseOrReject(adapter, request);
    }
  }

  /** Parses a verified request; a {@link MalformedPayloadException} is the documented refusal. */
  public static List<InboundEvent> parseOrReject(ChannelAdapter adapter, InboundRequest request) {
    try {
      List<InboundEvent> events = Objects.requireNonNull(adapter.parse(request), "parse returned null");
      events.forEach(e -> Objects.requireNonNull(e, "parse returned a null event"));
      return events;
    } catch (MalformedPayloadException e) {
      Objects.requireNonNull(e.reason(), "reason");
      return List.of();
    }
  }
}
