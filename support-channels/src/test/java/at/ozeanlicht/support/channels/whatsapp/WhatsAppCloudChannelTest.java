package at.ozeanlicht.support.channels.whatsapp;

import static at.ozeanlicht.support.channels.whatsapp.WhatsAppFixtures.envelope;
import static at.ozeanlicht.support.channels.whatsapp.WhatsAppFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.channels.FakeHttpServer;
import at.ozeanlicht.support.channels.FakeHttpServer.Answer;
import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import at.ozeanlicht.support.core.testkit.MutableClock;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhatsAppCloudChannelTest {
  private static final long SEED = 20261123L;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private FakeHttpServer graph;

  private WhatsAppCloudChannel channel(String baseUrl) {
    return new WhatsAppCloudChannel(new WhatsAppConfig("wa", WhatsAppFixtures.PHONE_NUMBER_ID,
        "env:A", "env:B", "env:C", baseUrl, "v21.0"), WhatsAppFixtures.SECRET, "tok-123",
        "vt-7c1f", clock, HttpClient.newHttpClient());
  }

  private final WhatsAppCloudChannel channel = channel("https://graph.facebook.com");

  @AfterEach
  void stop() {
    if (graph != null) {
      graph.close();
    }
  }

  // ---------------------------------------------------------------- verification

  @Test
  void signature_referenceTestVector() {
    byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThat(body).hasSize(49);
    assertThat(Signatures.hmacSha256Hex("test_app_secret", body))
        .isEqualTo("dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756");
    InboundRequest r = InboundRequest.post("/w", Map.of("X-Hub-Signature-256",
        List.of("sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")), body);
    assertThat(channel.verify(r)).isEqualTo(Verification.verified());
    assertThat(channel.parse(r)).isEmpty();
  }

  @Test
  void verify_missingSignature_is401_wrongIs403() {
    byte[] body = WhatsAppFixtures.text("4915112345678", "wamid.1", 1763892000, "Hallo").getBytes();
    assertThat(channel.verify(InboundRequest.post("/w", Map.of(), body)))
        .isEqualTo(Verification.denied(401, "signature_missing"));
    assertThat(channel.verify(InboundRequest.post("/w", Map.of("X-Hub-Signature-256",
        List.of("sha256=" + "0".repeat(64))), body)))
        .isEqualTo(Verification.denied(403, "signature_mismatch"));
    // Signed with another secret
    assertThat(channel.verify(InboundRequest.post("/w", Map.of("X-Hub-Signature-256",
        List.of("sha256=" + Signatures.hmacSha256Hex("other", body))), body)))
        .isEqualTo(Verification.denied(403, "signature_mismatch"));
    // A body changed after signing (re-serialized JSON) no longer matches
    InboundRequest good = signed("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
    InboundRequest tampered = InboundRequest.post("/w", Map.of("X-Hub-Signature-256",
        List.of(good.header("x-hub-signature-256").orElseThrow())),
        "{\"object\": \"whatsapp_business_account\",\"entry\":[]}".getBytes());
    assertThat(channel.verify(tampered)).isInstanceOf(Verification.Denied.class);
  }

  @Test
  void verify_getHandshake_echoesChallengeOnlyForTheRightToken() {
    assertThat(channel.verify(InboundRequest.get("/w", Map.of("hub.mode", List.of("subscribe"),
        "hub.challenge", List.of("1158201444"), "hub.verify_token", List.of("vt-7c1f")))))
        .isEqualTo(Verification.answer(200, "1158201444"));
    assertThat(channel.verify(InboundRequest.get("/w", Map.of("hub.mode", List.of("subscribe"),
        "hub.challenge", List.of("1158201444"), "hub.verify_token", List.of("wrong")))))
        .isEqualTo(Verification.denied(403, "verify_token_mismatch"));
  }

  // ---------------------------------------------------------------- parsing

  @Test
  void parse_everyMessageTypeOfTheReference_inTimestampOrder() {
    String messages = String.join(",",
        "{\"from\":\"4915112345678\",\"id\":\"wamid.G\",\"timestamp\":\"1763892360\",\"type\":\"unsupported\",\"unsupported\":{\"type\":\"poll_creation\"},"
            + "\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\"}]}",
        "{\"from\":\"4915112345678\",\"id\":\"wamid.B\",\"timestamp\":\"1763892060\",\"type\":\"image\","
            + "\"image\":{\"id\":\"1479537139650973\",\"mime_type\":\"image/jpeg\",\"sha256\":\"b298\",\"caption\":\"Paket\"}}",
        WhatsAppFixtures.textMessage("4915112345678", "wamid.A", 1763892000, "Hallo, meine Lieferung 4711 ist \\u00fcberf\\u00e4llig."),
        "{\"from\":\"4915112345678\",\"id\":\"wamid.C\",\"timestamp\":\"1763892120\",\"type\":\"document\","
            + "\"document\":{\"id\":\"902233445566778\",\"filename\":\"Rechnung-4711.pdf\",\"mime_type\":\"application/pdf\",\"caption\":\"Rechnung\"}}",
        "{\"from\":\"4915112345678\",\"id\":\"wamid.D\",\"timestamp\":\"1763892180\",\"type\":\"audio\","
            + "\"audio\":{\"id\":\"733112233445566\",\"mime_type\":\"audio/ogg; codecs=opus\",\"voice\":true}}",
        "{\"context\":{\"from\":\"4930555010\",\"id\":\"wamid.X\"},\"from\":\"4915112345678\",\"id\":\"wamid.E\",\"timestamp\":\"1763892240\","
            + "\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"resend-parcel\",\"title\":\"Neu senden\"}}}",
        "{\"from\":\"4915112345678\",\"id\":\"wamid.F\",\"timestamp\":\"1763892300\",\"type\":\"button\",\"button\":{\"payload\":\"csat_good\",\"text\":\"Gut\"}}",
        "{\"from\":\"4915112345678\",\"id\":\"wamid.H\",\"timestamp\":\"1763892420\",\"type\":\"hologram\",\"hologram\":{}}");
    String body = envelope("\"contacts\":[{\"profile\":{\"name\":\"Lena Berger\"},\"wa_id\":\"4915112345678\"}],"
        + "\"messages\":[" + messages + "]");

    List<ReceiveMessage> got = channel.parse(signed(body)).stream()
        .map(e -> ((InboundEvent.MessageReceived) e).message()).toList();

    assertThat(got).extracting(ReceiveMessage::channelMessageId)
        .containsExactly("wamid.A", "wamid.B", "wamid.C", "wamid.D", "wamid.E", "wamid.F", "wamid.G", "wamid.H");
    assertThat(got.get(0).body()).isEqualTo("Hallo, meine Lieferung 4711 ist überfällig.");
    assertThat(got.get(0).contact().externalId()).isEqualTo("4915112345678");
    assertThat(got.get(0).contact().name()).isEqualTo("Lena Berger");
    assertThat(got.get(0).sentAt()).isEqualTo(Instant.ofEpochSecond(1763892000));
    assertThat(got.get(0).inbox()).isEqualTo("wa");
    assertThat(got.get(1).contentType()).isEqualTo(ContentType.ATTACHMENT);
    assertThat(got.get(1).body()).isEqualTo("Paket");
    assertThat(got.get(1).attachments().get(0).reference()).isEqualTo("1479537139650973");
    assertThat(got.get(2).attachments().get(0).name()).isEqualTo("Rechnung-4711.pdf");
    assertThat(got.get(3).attachments().get(0).mimeType()).isEqualTo("audio/ogg; codecs=opus");
    assertThat(got.get(4).body()).isEqualTo("Neu senden");
    assertThat(got.get(5).body()).isEqualTo("Gut");
    assertThat(got.get(6).body()).isEqualTo("[unsupported message type: poll_creation]");
    assertThat(got.get(7).body()).isEqualTo("[unsupported message type: hologram]");
  }

  @Test
  void parse_statuses_andOtherNumbersAreIgnored() {
    List<InboundEvent> events = channel.parse(signed(envelope("\"statuses\":["
        + "{\"id\":\"wamid.S\",\"status\":\"read\",\"timestamp\":\"1763892400\",\"recipient_id\":\"4915112345678\"},"
        + "{\"id\":\"wamid.T\",\"status\":\"failed\",\"timestamp\":\"1763892300\",\"errors\":[{\"code\":131047}]}]")));
    assertThat(events).containsExactly(
        new InboundEvent.StatusChanged("wa", "wamid.T", DeliveryStatus.FAILED,
            Instant.ofEpochSecond(1763892300), "template_required"),
        new InboundEvent.StatusChanged("wa", "wamid.S", DeliveryStatus.READ,
            Instant.ofEpochSecond(1763892400), null));
    String other = WhatsAppFixtures.text("4915112345678", "wamid.O", 1, "x")
        .replace(WhatsAppFixtures.PHONE_NUMBER_ID, "999");
    assertThat(channel.parse(signed(other))).isEmpty();
  }

  @Test
  void parse_malformed_namesTheField() {
    assertThatThrownBy(() -> channel.parse(signed("not json")))
        .isInstanceOf(MalformedPayloadException.class).hasMessage("body: not JSON");
    assertThatThrownBy(() -> channel.parse(signed("{\"object\":\"page\",\"entry\":[]}")))
        .hasMessage("object: must be whatsapp_business_account");
    assertThatThrownBy(() -> channel.parse(signed("{\"object\":\"whatsapp_business_account\"}")))
        .hasMessage("entry: must be an array");
    assertThatThrownBy(() -> channel.parse(signed(envelope("\"messages\":[{\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"text\"}]"))))
        .hasMessage("entry[0].changes[0].value.messages[0].id: must be a non-empty string");
    assertThatThrownBy(() -> channel.parse(signed(envelope("\"messages\":[{\"from\":\"1\",\"id\":\"w\",\"timestamp\":\"soon\",\"type\":\"text\"}]"))))
        .hasMessage("entry[0].changes[0].value.messages[0].timestamp: must be Unix seconds");
  }

  @Test
  void parse_anyBody_givesEventsOrMalformed() {
    String good = WhatsAppFixtures.text("4915112345678", "wamid.A", 1763892000, "Hallo");
    qt().withFixedSeed(SEED).withExamples(400)
        .forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 6),
            org.quicktheories.generators.SourceDSL.integers().between(0, good.length()))
        .checkAssert((insert, at) -> {
          String body = good.substring(0, at) + insert + good.substring(Math.min(good.length(), at + insert.length()));
          try {
            assertThat(channel.parse(signed(body))).isNotNull();
          } catch (MalformedPayloadException expected) {
            assertThat(expected.reason()).isNotBlank();
          }
        });
  }

  // ---------------------------------------------------------------- sending

  private OutboundDelivery delivery(Instant lastInbound, String body, ContentType type) {
    return new OutboundDelivery(UUID.fromString("00000000-0000-0000-0000-0000000000a1"),
        UUID.randomUUID(), UUID.randomUUID(), "wa", MessageKind.OUTGOING, "4915112345678", body,
        type, 1, lastInbound, "wamid.A");
  }

  @Test
  void send_text_postsToTheGraphApiAndReturnsTheWamid() throws Exception {
    graph = new FakeHttpServer(Answer.of(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":"
        + "[{\"input\":\"4915112345678\",\"wa_id\":\"4915112345678\"}],\"messages\":[{\"id\":\"wamid.OUT1\"}]}"));
    DeliveryResult r = channel(graph.baseUrl()).send(
        delivery(clock.instant().minus(Duration.ofHours(1)), "Danke, Lena!", ContentType.TEXT));

    assertThat(r).isEqualTo(DeliveryResult.accepted("wamid.OUT1"));
    FakeHttpServer.Request req = graph.requests().get(0);
    assertThat(req.path()).isEqualTo("/v21.0/" + WhatsAppFixtures.PHONE_NUMBER_ID + "/messages");
    assertThat(req.header("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(req.body()).contains("\"to\":\"4915112345678\"", "\"type\":\"text\"",
        "\"body\":\"Danke, Lena!\"", "\"biz_opaque_callback_data\":\"00000000-0000-0000-0000-0000000000a1\"");
  }

  @Test
  void send_outsideThe24HourWindow_failsFastWithTemplateRequired() throws Exception {
    graph = new FakeHttpServer(Answer.of(200, "{}"));
    WhatsAppCloudChannel c = channel(graph.baseUrl());
    DeliveryResult r = c.send(delivery(clock.instant().minus(Duration.ofHours(24)), "Hallo?", ContentType.TEXT));
    assertThat(r).isInstanceOf(DeliveryResult.Permanent.class);
    assertThat(((DeliveryResult.Permanent) r).code()).isEqualTo("template_required");
    assertThat(graph.requests()).isEmpty();
    // one second inside the window still goes out
    graph.then(Answer.of(200, "{\"messages\":[{\"id\":\"wamid.IN\"}]}"));
    assertThat(c.send(delivery(clock.instant().minus(Duration.ofHours(24)).plusSeconds(1), "Hallo?",
        ContentType.TEXT))).isEqualTo(DeliveryResult.accepted("wamid.IN"));
  }

  @Test
  void send_template_goesOutEvenWhenTheWindowIsClosed() throws Exception {
    graph = new FakeHttpServer(Answer.of(200, "{\"messages\":[{\"id\":\"wamid.T1\"}]}"));
    DeliveryResult r = channel(graph.baseUrl()).send(delivery(null,
        "{\"name\":\"ticket_update\",\"language\":\"de\",\"parameters\":[\"Lena\",\"#4711\"]}",
        ContentType.TEMPLATE));
    assertThat(r).isEqualTo(DeliveryResult.accepted("wamid.T1"));
    assertThat(graph.requests().get(0).body()).contains("\"type\":\"template\"",
        "\"template\":{\"name\":\"ticket_update\",\"language\":{\"code\":\"de\"},\"components\":"
            + "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Lena\"},{\"type\":\"text\",\"text\":\"#4711\"}]}]}");
  }

  @Test
  void send_errors_areClassifiedByCode() throws Exception {
    graph = new FakeHttpServer(Answer.of(500, ""));
    graph.then(new Answer(429, error(130429), Map.of("Retry-After", "17")))
        .then(Answer.of(400, error(131047)))
        .then(Answer.of(400, error(131026)))
        .then(Answer.of(400, error(131056)))
        .then(Answer.of(401, error(190)))
        .then(Answer.of(503, "<html>down</html>"));
    WhatsAppCloudChannel c = channel(graph.baseUrl());
    OutboundDelivery d = delivery(clock.instant(), "x", ContentType.TEXT);

    assertThat(c.send(d)).isEqualTo(DeliveryResult.retryable(Duration.ofSeconds(17), "130429",
        "temporary or rate limit error"));
    assertThat(((DeliveryResult.Permanent) c.send(d)).code()).isEqualTo("template_required");
    assertThat(((DeliveryResult.Permanent) c.send(d)).code()).isEqualTo("131026");
    assertThat(c.send(d)).isEqualTo(DeliveryResult.retryable(Duration.ofSeconds(6), "131056",
        "pair rate limit for this recipient"));
    assertThat(((DeliveryResult.Permanent) c.send(d)).code()).isEqualTo("190");
    assertThat(c.send(d)).isEqualTo(DeliveryResult.retryable(null, "http_503", "HTTP 503"));
    assertThat(c.send(d)).isEqualTo(DeliveryResult.retryable(null, "http_500", "HTTP 500"));
  }

  @Test
  void send_privateMessage_isRejectedWithoutCallingOut() throws Exception {
    graph = new FakeHttpServer(Answer.of(200, "{}"));
    OutboundDelivery note = new OutboundDelivery(UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), "wa", MessageKind.NOTE, "4915112345678", "intern", ContentType.TEXT, 1,
        clock.instant(), null);
    assertThat(channel(graph.baseUrl()).send(note)).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(graph.requests()).isEmpty();
  }

  private static String error(int code) {
    return "{\"error\":{\"message\":\"(#" + code + ") x\",\"type\":\"OAuthException\",\"code\":" + code
        + ",\"fbtrace_id\":\"AbC123xyz\"}}";
  }
}
