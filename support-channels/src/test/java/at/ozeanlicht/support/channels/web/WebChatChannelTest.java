package at.ozeanlicht.support.channels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Presence;
import at.ozeanlicht.support.core.spi.Verification;
import at.ozeanlicht.support.core.testkit.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebChatChannelTest {
  static final String HMAC = "widget_hmac_secret";
  static final String VECTOR = "a936721f3a12ec646cd09800e9275b691c1d038036c0539557f5b382b8153bf3";
  static final String WEBSITE_TOKEN = "ol-widget-7Qx2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
  private final Subscribers subscribers = new Subscribers();

  private WebChatChannel channel(boolean mandatory, List<String> origins, Presence.Source presence) {
    return new WebChatChannel(new WebChatConfig("web", WEBSITE_TOKEN, "env:K", "env:H", mandatory,
        origins, WebChatConfig.DEFAULT_QUICK_ACTIONS, Duration.ofDays(30)),
        "session-key-0123456789", HMAC, clock, presence, subscribers);
  }

  private final WebChatChannel channel = channel(false, List.of(), Presence.Source.alwaysOnline());

  static InboundRequest request(String action, String token, String body) {
    Map<String, List<String>> headers = new HashMap<>();
    if (token != null) {
      headers.put("X-Auth-Token", List.of(token));
    }
    return new InboundRequest("POST", "/widget/web/" + action,
        Map.of("website_token", List.of(WEBSITE_TOKEN)), headers, body.getBytes());
  }

  private static JsonNode answer(Verification v) throws Exception {
    assertThat(v).isInstanceOf(Verification.Answer.class);
    Verification.Answer a = (Verification.Answer) v;
    assertThat(a.contentType()).isEqualTo("application/json");
    return JSON.readTree(a.body());
  }

  private String session(WebChatChannel c) throws Exception {
    return answer(c.verify(request("session", null, ""))).get("token").asText();
  }

  @Test
  void verify_websiteTokenAndOrigin_checkedFirst() {
    InboundRequest none = new InboundRequest("POST", "/widget/web/session", Map.of(), Map.of(), new byte[0]);
    InboundRequest wrong = new InboundRequest("POST", "/widget/web/session",
        Map.of("website_token", List.of("guess")), Map.of(), new byte[0]);
    assertThat(channel.verify(none)).isEqualTo(Verification.denied(401, "website_token_missing"));
    assertThat(channel.verify(wrong)).isEqualTo(Verification.denied(403, "website_token_mismatch"));

    WebChatChannel strict = channel(false, List.of("https://shop.example.test"), Presence.Source.alwaysOnline());
    assertThat(strict.verify(request("session", null, ""))).isEqualTo(Verification.denied(403, "origin_not_allowed"));
    InboundRequest fromShop = new InboundRequest("POST", "/widget/web/session",
        Map.of("website_token", List.of(WEBSITE_TOKEN)), Map.of("Origin", List.of("https://shop.example.test")),
        new byte[0]);
    assertThat(strict.verify(fromShop)).isInstanceOf(Verification.Answer.class);
  }

  @Test
  void session_withoutToken_newVisitor_withValidToken_continues() throws Exception {
    JsonNode first = answer(channel.verify(request("session", null, "")));
    assertThat(first.get("contact").asText()).isEqualTo("visitor");
    assertThat(first.at("/preChat/quickActions").toString())
        .isEqualTo("[\"Kurszugang\",\"Zahlung\",\"Technisches Problem\",\"Etwas anderes…\"]");
    String token = first.get("token").asText();

    InboundRequest msg = request("messages", token, "{\"echoId\":\"e-1\",\"content\":\"Hallo\"}");
    String key1 = received(channel.parse(msg)).contact().externalId();
    JsonNode again = answer(channel.verify(request("session", token, "")));
    String key2 = received(channel.parse(request("messages", again.get("token").asText(),
        "{\"echoId\":\"e-2\",\"content\":\"Noch da?\"}"))).contact().externalId();
    assertThat(key1).startsWith("visitor:").isEqualTo(key2);

    String other = session(channel);
    assertThat(received(channel.parse(request("messages", other, "{\"echoId\":\"e-1\",\"content\":\"x\"}")))
        .contact().externalId()).isNotEqualTo(key1);
  }

  @Test
  void verify_forgedExpiredOrMissingToken_refusesMessages() throws Exception {
    String token = session(channel);
    String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    String body = "{\"echoId\":\"e-1\",\"content\":\"Hallo\"}";
    assertThat(channel.verify(request("messages", null, body))).isEqualTo(Verification.denied(401, "session_missing"));
    assertThat(channel.verify(request("messages", forged, body))).isEqualTo(Verification.denied(401, "session_invalid"));
    assertThat(channel.verify(request("messages", token, body))).isEqualTo(Verification.verified());
    clock.advance(Duration.ofDays(30));
    assertThat(channel.verify(request("messages", token, body))).isEqualTo(Verification.denied(401, "session_invalid"));
    WebChatChannel otherKey = new WebChatChannel(WebChatConfig.of("web", WEBSITE_TOKEN, "env:K", "env:H"),
        "another-key", HMAC, clock, Presence.Source.alwaysOnline(), subscribers);
    assertThat(otherKey.verify(request("messages", session(channel), body)))
        .isEqualTo(Verification.denied(401, "session_invalid"));
  }

  @Test
  void identify_referenceVector_verifiesAndGivesContinuityAcrossDevices() throws Exception {
    String body = "{\"identifier\":\"cust-1001\",\"identifierHash\":\"" + VECTOR + "\",\"name\":\"Lena Berger\"}";
    JsonNode laptop = answer(channel.verify(request("identify", session(channel), body)));
    JsonNode phone = answer(channel.verify(request("identify", null, body)));
    assertThat(laptop.get("contact").asText()).isEqualTo("verified");
    String a = received(channel.parse(request("messages", laptop.get("token").asText(),
        "{\"echoId\":\"1\",\"content\":\"a\"}"))).contact().externalId();
    String b = received(channel.parse(request("messages", phone.get("token").asText(),
        "{\"echoId\":\"2\",\"content\":\"b\"}"))).contact().externalId();
    assertThat(a).isEqualTo(b).isEqualTo("user:cust-1001");
  }

  @Test
  void identify_wrongHash403_missingHashUnverifiedOrRefusedWhenMandatory() throws Exception {
    String wrong = "{\"identifier\":\"cust-1002\",\"identifierHash\":\"" + VECTOR + "\"}";
    assertThat(channel.verify(request("identify", null, wrong)))
        .isEqualTo(Verification.denied(403, "identity_hash_mismatch"));
    String noHash = "{\"identifier\":\"cust-1001\"}";
    assertThat(answer(channel.verify(request("identify", null, noHash))).get("contact").asText())
        .isEqualTo("visitor");
    WebChatChannel mandatory = channel(true, List.of(), Presence.Source.alwaysOnline());
    assertThat(mandatory.verify(request("identify", null, noHash)))
        .isEqualTo(Verification.denied(401, "identity_hash_missing"));
    assertThat(mandatory.verify(request("identify", null, "not json")))
        .isEqualTo(Verification.denied(401, "identity_missing"));
  }

  @Test
  void parse_messageTypingRead() throws Exception {
    String token = session(channel);
    ReceiveMessage m = received(channel.parse(request("messages", token,
        "{\"echoId\":\"b6f0c7d2-1e4a\",\"content\":\"Ist mein Paket unterwegs?\",\"contact\":{\"name\":\"Lena\",\"email\":\"lena@customer.test\"}}")));
    assertThat(m.channelMessageId()).isEqualTo(m.contact().externalId() + "#b6f0c7d2-1e4a");
    assertThat(m.contact().email()).isEqualTo("lena@customer.test");
    assertThat(m.sentAt()).isEqualTo(clock.instant());
    assertThat(m.contentType()).isEqualTo(ContentType.TEXT);

    assertThat(channel.parse(request("typing", token, "{\"state\":\"on\"}")))
        .containsExactly(new InboundEvent.Typing("web", m.contact().externalId(), true, clock.instant()));
    assertThat(channel.parse(request("read", token, "{\"lastSeenAt\":\"2026-11-23T10:04:00Z\"}")))
        .containsExactly(new InboundEvent.SeenUpTo("web", m.contact().externalId(), Instant.parse("2026-11-23T10:04:00Z")));
    // a browser clock running ahead is clamped to receipt time
    assertThat(channel.parse(request("read", token, "{\"lastSeenAt\":\"2027-01-01T00:00:00Z\"}")))
        .containsExactly(new InboundEvent.SeenUpTo("web", m.contact().externalId(), clock.instant()));

    assertThatThrownBy(() -> channel.parse(request("messages", token, "{\"echoId\":\"\",\"content\":\"x\"}")))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("echoId");
    assertThatThrownBy(() -> channel.parse(request("typing", token, "{\"state\":\"maybe\"}")))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("state");
    assertThatThrownBy(() -> channel.parse(request("dance", token, "{}")))
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void session_status_honestFromPresence() throws Exception {
    Instant opens = Instant.parse("2026-11-23T08:00:00Z");
    WebChatChannel closed = channel(false, List.of(), (inbox, at) -> new Presence(false, true, opens));
    JsonNode s = answer(closed.verify(request("session", null, ""))).get("status");
    assertThat(s.toString()).isEqualTo("{\"online\":false,\"open\":false,\"agentsAvailable\":true,"
        + "\"nextOpening\":\"2026-11-23T08:00:00Z\"}");
    WebChatChannel unstaffed = channel(false, List.of(), (inbox, at) -> new Presence(true, false, null));
    assertThat(answer(unstaffed.verify(request("session", null, ""))).at("/status/online").asBoolean()).isFalse();
  }

  @Test
  void send_publicReply_reachesOnlyThatVisitorsStream_privateNeverSent() throws Exception {
    String token = session(channel);
    String key = received(channel.parse(request("messages", token, "{\"echoId\":\"1\",\"content\":\"a\"}")))
        .contact().externalId();
    List<String> mine = new ArrayList<>();
    List<String> others = new ArrayList<>();
    Runnable unsubscribe = channel.subscribe(token, mine::add).orElseThrow();
    channel.subscribe(session(channel), others::add).orElseThrow();
    assertThat(channel.subscribe("forged", mine::add)).isEmpty();

    DeliveryResult ok = channel.send(delivery(MessageKind.OUTGOING, key, "Ihr Paket ist unterwegs."));
    assertThat(ok).isInstanceOf(DeliveryResult.Accepted.class);
    for (MessageKind k : MessageKind.values()) {
      if (k != MessageKind.OUTGOING) {
        assertThat(channel.send(delivery(k, key, "intern"))).isInstanceOf(DeliveryResult.Rejected.class);
      }
    }
    assertThat(mine).hasSize(1);
    assertThat(JSON.readTree(mine.get(0)).get("type").asText()).isEqualTo("message.created");
    assertThat(mine.get(0)).contains("Ihr Paket ist unterwegs.").doesNotContain("intern");
    assertThat(others).isEmpty();

    channel.agentTyping(key, true);
    assertThat(mine.get(1)).contains("conversation.typing_on");
    unsubscribe.run();
    channel.send(delivery(MessageKind.OUTGOING, key, "danach"));
    assertThat(mine).hasSize(2);
  }

  @Test
  void subscriber_thatThrows_isDropped() throws Exception {
    String token = session(channel);
    String key = received(channel.parse(request("messages", token, "{\"echoId\":\"1\",\"content\":\"a\"}")))
        .contact().externalId();
    int[] calls = {0};
    channel.subscribe(token, e -> {
      calls[0]++;
      throw new IllegalStateException("socket closed");
    });
    channel.send(delivery(MessageKind.OUTGOING, key, "1"));
    channel.send(delivery(MessageKind.OUTGOING, key, "2"));
    assertThat(calls[0]).isEqualTo(1);
  }

  private static OutboundDelivery delivery(MessageKind kind, String recipient, String body) {
    return new OutboundDelivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "web", kind,
        recipient, body, ContentType.TEXT, 1, null, null);
  }

  /** The one message of a request; an identified session's request also asks for the merge first. */
  private static ReceiveMessage received(List<InboundEvent> events) {
    assertThat(events).last().isInstanceOf(InboundEvent.MessageReceived.class);
    if (events.size() == 2) {
      assertThat(events.get(0)).isInstanceOfSatisfying(InboundEvent.ContactIdentified.class, c -> {
        assertThat(c.previousExternalId()).startsWith("visitor:");
        assertThat(c.externalId()).startsWith("user:");
      });
    } else {
      assertThat(events).hasSize(1);
    }
    return ((InboundEvent.MessageReceived) events.get(events.size() - 1)).message();
  }
}
