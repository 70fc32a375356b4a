package at.ozeanlicht.support.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.channels.FakeHttpServer;
import at.ozeanlicht.support.channels.FakeHttpServer.Answer;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelegramBotChannelTest {
  static final String SECRET = "tg_3f9Kq_example-secret";
  private static final long SEED = 20261123L;
  private FakeHttpServer api;

  private static final List<String> ANSWERED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A channel whose callback answers are recorded in {@link #ANSWERED}, not sent. */
  static TelegramBotChannel channel(String baseUrl) {
    return new TelegramBotChannel(new TelegramConfig("tg", "env:T", "env:S", baseUrl), "123:abc",
        SECRET, HttpClient.newHttpClient(), ANSWERED::add);
  }

  static InboundRequest update(String json) {
    return update(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static InboundRequest update(byte[] body) {
    return InboundRequest.post("/webhooks/tg",
        Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(SECRET)), body);
  }

  private final TelegramBotChannel channel = channel("https://api.telegram.org");

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void verify_secretHeader_missing401_wrong403_right() {
    byte[] b = "{}".getBytes();
    assertThat(channel.verify(InboundRequest.post("/", Map.of(), b)))
        .isEqualTo(Verification.denied(401, "secret_token_missing"));
    assertThat(channel.verify(InboundRequest.post("/", Map.of("X-Telegram-Bot-Api-Secret-Token",
        List.of("guess")), b))).isEqualTo(Verification.denied(403, "secret_token_mismatch"));
    assertThat(channel.verify(update("{}"))).isEqualTo(Verification.verified());
  }

  @Test
  void parse_referenceUpdates() {
    ReceiveMessage text = received("{\"update_id\":804512377,\"message\":{\"message_id\":1204,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\",\"language_code\":\"de\"},"
        + "\"chat\":{\"id\":7001234567,\"first_name\":\"Jonas\",\"type\":\"private\"},\"date\":1763892000,\"text\":\"Wo bleibt mein Paket?\"}}");
    assertThat(text.channelMessageId()).isEqualTo("7001234567:1204");
    assertThat(text.contact().externalId()).isEqualTo("7001234567");
    assertThat(text.contact().language()).isEqualTo("de");
    assertThat(text.body()).isEqualTo("Wo bleibt mein Paket?");
    assertThat(text.sentAt()).isEqualTo(Instant.ofEpochSecond(1763892000));

    ReceiveMessage photo = received("{\"update_id\":804512378,\"message\":{\"message_id\":1205,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},\"chat\":{\"id\":7001234567,\"type\":\"private\"},"
        + "\"date\":1763892030,\"photo\":[{\"file_id\":\"AgACAgIAAxk-small\",\"file_unique_id\":\"AQADsm\",\"width\":90,\"height\":67,\"file_size\":1480},"
        + "{\"file_id\":\"AgACAgIAAxk-large\",\"file_unique_id\":\"AQADlg\",\"width\":1280,\"height\":960,\"file_size\":98231}],\"caption\":\"Karton beschädigt\"}}");
    assertThat(photo.contentType()).isEqualTo(ContentType.ATTACHMENT);
    assertThat(photo.attachments().get(0).reference()).isEqualTo("AgACAgIAAxk-large");
    assertThat(photo.attachments().get(0).size()).isEqualTo(98231);
    assertThat(photo.body()).isEqualTo("Karton beschädigt");

    ReceiveMessage doc = received("{\"update_id\":804512379,\"message\":{\"message_id\":1206,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},\"chat\":{\"id\":7001234567,\"type\":\"private\"},"
        + "\"date\":1763892060,\"document\":{\"file_name\":\"lieferschein.pdf\",\"mime_type\":\"application/pdf\",\"file_id\":\"BQACAgIAAxk-doc\",\"file_unique_id\":\"AgADdoc\",\"file_size\":48211}}}");
    assertThat(doc.attachments().get(0).name()).isEqualTo("lieferschein.pdf");

    List<InboundEvent> edit = channel.parse(update("{\"update_id\":804512380,\"edited_message\":{\"message_id\":1204,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},\"chat\":{\"id\":7001234567,\"type\":\"private\"},"
        + "\"date\":1763892000,\"edit_date\":1763892090,\"text\":\"Wo bleibt mein Paket 4711?\"}}"));
    assertThat(edit).containsExactly(new InboundEvent.MessageEdited("tg", "7001234567:1204",
        "Wo bleibt mein Paket 4711?", Instant.ofEpochSecond(1763892090)));

    ReceiveMessage tap = received("{\"update_id\":804512381,\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\",\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},"
        + "\"message\":{\"message_id\":1210,\"chat\":{\"id\":7001234567,\"type\":\"private\"},\"date\":1763892120,\"text\":\"War das hilfreich?\"},"
        + "\"chat_instance\":\"-8123456789012345678\",\"data\":\"csat:good\"}}");
    assertThat(tap.channelMessageId()).isEqualTo("callback:4382bfdwdsb323b2d9");
    assertThat(tap.body()).isEqualTo("[button] csat:good");
    assertThat(ANSWERED).contains("4382bfdwdsb323b2d9");

    assertThat(channel.parse(update("{\"update_id\":1,\"my_chat_member\":{}}"))).isEmpty();
  }

  @Test
  void parse_callbackQuery_answersItOverTheBotApi() throws Exception {
    api = new FakeHttpServer(Answer.of(200, "{\"ok\":true,\"result\":true}"));
    TelegramBotChannel real = new TelegramBotChannel(new TelegramConfig("tg", "env:T", "env:S",
        api.baseUrl()), "123:abc", SECRET, HttpClient.newHttpClient());
    real.parse(update("{\"update_id\":9,\"callback_query\":{\"id\":\"cb-77\",\"from\":{\"id\":42},"
        + "\"message\":{\"message_id\":5,\"chat\":{\"id\":42},\"date\":1763892120},\"data\":\"zahlung\"}}"));
    assertThat(api.requests()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/bot123:abc/answerCallbackQuery");
      assertThat(r.body()).isEqualTo("{\"callback_query_id\":\"cb-77\"}");
    });
  }

  private ReceiveMessage received(String json) {
    List<InboundEvent> events = channel.parse(update(json));
    assertThat(events).hasSize(1);
    return ((InboundEvent.MessageReceived) events.get(0)).message();
  }

  @Test
  void parse_malformed_namesTheField() {
    assertThatThrownBy(() -> channel.parse(update("[")))
        .isInstanceOf(MalformedPayloadException.class).hasMessage("body: not JSON");
    assertThatThrownBy(() -> channel.parse(update("{\"message\":{}}"))).hasMessage("update_id: must be an integer");
    assertThatThrownBy(() -> channel.parse(update("{\"update_id\":1,\"message\":{\"chat\":{\"id\":1}}}")))
        .hasMessage("message.message_id: must be an integer");
  }

  @Test
  void parse_anyBody_givesEventsOrMalformed() {
    qt().withFixedSeed(SEED).withExamples(300)
        .forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 80))
        .checkAssert(s -> {
          try {
            assertThat(channel.parse(update(s))).isNotNull();
          } catch (MalformedPayloadException expected) {
            assertThat(expected.reason()).isNotBlank();
          }
        });
  }

  @Test
  void split_partsFitAndJoinBack() {
    qt().withFixedSeed(SEED).withExamples(300)
        .forAll(strings().betweenCodePoints(9, 0x1F600).ofLengthBetween(0, 300), integers().between(2, 40))
        .checkAssert((text, max) -> {
          List<String> parts = TextSplitter.split(text, max);
          assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(max));
          String joined = String.join("", parts).replaceAll("\\s", "");
          assertThat(joined).isEqualTo(text.replaceAll("\\s", ""));
        });
  }

  @Test
  void split_prefersParagraphs() {
    String a = "a".repeat(3000);
    String b = "b".repeat(3000);
    assertThat(TextSplitter.split(a + "\n\n" + b, 4096)).containsExactly(a, b);
    assertThat(TextSplitter.split("kurz", 4096)).containsExactly("kurz");
  }

  private static OutboundDelivery delivery(String body) {
    return new OutboundDelivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "tg",
        MessageKind.OUTGOING, "7001234567", body, ContentType.TEXT, 1, null, null);
  }

  @Test
  void send_longText_isSplitIntoSeveralMessages() throws Exception {
    api = new FakeHttpServer(Answer.of(200, "{\"ok\":true,\"result\":{\"message_id\":77,\"chat\":{\"id\":7001234567}}}"));
    String body = "x".repeat(4000) + "\n\n" + "y".repeat(4000) + "\n\n" + "z".repeat(200);
    assertThat(channel(api.baseUrl()).send(delivery(body))).isEqualTo(DeliveryResult.accepted("7001234567:77"));
    assertThat(api.requests()).hasSize(3);
    assertThat(api.requests().get(0).path()).isEqualTo("/bot123:abc/sendMessage");
    assertThat(api.requests().get(0).body()).contains("\"chat_id\":\"7001234567\"");
  }

  @Test
  void send_errors_429RetryAfter_403Blocked_5xxRetry() throws Exception {
    api = new FakeHttpServer(Answer.of(502, "bad gateway"));
    api.then(Answer.of(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35\",\"parameters\":{\"retry_after\":35}}"))
        .then(Answer.of(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}"))
        .then(Answer.of(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
    TelegramBotChannel c = channel(api.baseUrl());
    assertThat(c.send(delivery("hi"))).isEqualTo(DeliveryResult.retryable(Duration.ofSeconds(35), "429", "too many requests"));
    assertThat(((DeliveryResult.Permanent) c.send(delivery("hi"))).code()).isEqualTo("blocked");
    assertThat(c.send(delivery("hi"))).isEqualTo(DeliveryResult.permanent("400", "chat not found"));
    assertThat(c.send(delivery("hi"))).isEqualTo(DeliveryResult.retryable(null, "http_502", "Telegram server error"));
  }
}
