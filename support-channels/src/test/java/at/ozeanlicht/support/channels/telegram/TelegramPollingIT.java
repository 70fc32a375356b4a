package at.ozeanlicht.support.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Long polling against {@link FakeBotApi}, through the engine on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class TelegramPollingIT {
  private static final SecretResolver SECRETS = SecretResolver.of(
      Map.of("TG_TOKEN", "123:abc", "TG_SECRET", TelegramBotChannelTest.SECRET)::get, Path.of(""));

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1763892100));
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private FakeBotApi api;
  private TelegramConfig config;
  private SupportEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeBotApi();
    config = new TelegramConfig("tg", "env:TG_TOKEN", "env:TG_SECRET", api.baseUrl());
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(new TelegramProvider()).channel(config).secrets(SECRETS).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    api.close();
  }

  private int poll() throws Exception {
    return TelegramProvider.pollUpdates(engine, config, SECRETS, http, dir.resolve("tg.offset"), Duration.ZERO);
  }

  private static String text(long updateId, long messageId, String text) {
    return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + messageId
        + ",\"from\":{\"id\":7001234567,\"first_name\":\"Jonas\"},\"chat\":{\"id\":7001234567,"
        + "\"type\":\"private\"},\"date\":1763892000,\"text\":\"" + text + "\"}}";
  }

  private long incoming() {
    return engine.conversations(FindConversations.all()).items().stream()
        .flatMap(c -> engine.conversation(c.conversation().id()).orElseThrow().messages().stream())
        .filter(m -> m.kind() == MessageKind.INCOMING).count();
  }

  @Test
  void poll_storesBatchAnswersCallbackAndPersistsNextOffset() throws Exception {
    api.push(text(804512377, 1204, "Wo bleibt mein Paket?"));
    api.push(text(804512378, 1205, "Nummer 4711"));
    api.push("{\"update_id\":804512381,\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\",\"from\":{\"id\":7001234567,"
        + "\"first_name\":\"Jonas\"},\"message\":{\"message_id\":1210,\"chat\":{\"id\":7001234567,\"type\":\"private\"},"
        + "\"date\":1763892120,\"text\":\"War das hilfreich?\"},\"chat_instance\":\"-8\",\"data\":\"csat:good\"}}");

    assertThat(poll()).isEqualTo(3);
    assertThat(incoming()).isEqualTo(3);
    assertThat(api.answeredCallbacks()).containsExactly("4382bfdwdsb323b2d9");
    assertThat(Files.readString(dir.resolve("tg.offset")).strip()).isEqualTo("804512382");

    api.push(text(804512382, 1211, "Danke"));
    assertThat(poll()).isEqualTo(1);
    assertThat(api.offsets()).containsExactly(-1L, 804512382L);
    assertThat(poll()).isZero();
    assertThat(api.offsets()).last().isEqualTo(804512383L);
    assertThat(incoming()).isEqualTo(4);
  }

  @Test
  void poll_crashBeforeOffsetWritten_refetchesWithoutStoringTwice() throws Exception {
    api.push(text(10, 1, "eins"));
    api.push(text(11, 2, "zwei"));
    assertThat(poll()).isEqualTo(2);
    // The process died after storing but before the offset file was replaced: it is gone.
    Files.delete(dir.resolve("tg.offset"));
    api.push(text(12, 3, "drei"));

    assertThat(poll()).isEqualTo(1); // 10 and 11 come again, deduplicated; 12 is new
    assertThat(incoming()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("tg.offset")).strip()).isEqualTo("13");
  }

  @Test
  void poll_tooManyRequests_waitsRetryAfterByTheClock() throws Exception {
    api.push(text(20, 1, "eins"));
    api.failNext("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 30\","
        + "\"parameters\":{\"retry_after\":30}}");
    assertThat(poll()).isZero();
    assertThat(poll()).isZero();
    assertThat(api.offsets()).hasSize(1); // the second poll did not call Telegram
    clock.advance(Duration.ofSeconds(30));
    assertThat(poll()).isEqualTo(1);
    assertThat(api.offsets()).hasSize(2);
    assertThat(Files.readString(dir.resolve("tg.offset")).strip()).isEqualTo("21");
  }

  @Test
  void poll_webhookSet_conflictNamesTheFix() {
    api.failNext("{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: can't use getUpdates method"
        + " while webhook is active; use deleteWebhook to delete the webhook first\"}");
    assertThatThrownBy(this::poll).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("deleteWebhook");
    assertThat(engine.conversations(FindConversations.all()).items()).isEmpty();
  }

  @Test
  void pollUpdates_longPollOutOfRange_isRefused() {
    assertThatThrownBy(() -> TelegramProvider.pollUpdates(engine, config, SECRETS, http,
        dir.resolve("x"), Duration.ofSeconds(51))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longPoll");
    assertThat(List.of(api.offsets())).containsExactly(List.of());
  }
}
