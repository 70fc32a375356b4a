package at.ozeanlicht.support.channels.telegram;

import static at.ozeanlicht.support.channels.telegram.TelegramBotChannelTest.update;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.channels.FakeHttpServer;
import at.ozeanlicht.support.channels.FakeHttpServer.Answer;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TelegramWebhookIT {
  private static final String FIRST = "{\"update_id\":804512377,\"message\":{\"message_id\":1204,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},"
      + "\"chat\":{\"id\":7001234567,\"type\":\"private\"},\"date\":1763892000,\"text\":\"Wo bleibt mein Paket?\"}}";
  private static final String EDIT = "{\"update_id\":804512380,\"edited_message\":{\"message_id\":1204,\"from\":{\"id\":7001234567,\"is_bot\":false,\"first_name\":\"Jonas\"},"
      + "\"chat\":{\"id\":7001234567,\"type\":\"private\"},\"date\":1763892000,\"edit_date\":1763892090,\"text\":\"Wo bleibt mein Paket 4711?\"}}";

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1763892100));
  private FakeHttpServer api;
  private SupportEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeHttpServer(Answer.of(200, "{\"ok\":true,\"result\":{\"message_id\":1300,\"chat\":{\"id\":7001234567}}}"));
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(new TelegramProvider())
        .channel(new TelegramConfig("tg", "env:TG_TOKEN", "env:TG_SECRET", api.baseUrl()))
        .secrets(SecretResolver.of(Map.of("TG_TOKEN", "123:abc", "TG_SECRET", TelegramBotChannelTest.SECRET)::get, Path.of("")))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    api.close();
  }

  private ConversationView only() {
    return engine.conversation(engine.conversations(FindConversations.all()).items().get(0)
        .conversation().id()).orElseThrow();
  }

  @Test
  void webhook_duplicateAndEdit_storeOneMessageWithTheEditedText() {
    assertThat(engine.webhooks().handle("tg", update(FIRST)).body()).contains("\"messages\":1");
    assertThat(engine.webhooks().handle("tg", update(FIRST)).body()).contains("\"duplicates\":1");
    assertThat(engine.webhooks().handle("tg", update(EDIT)).body()).contains("\"edits\":1");

    List<Message> incoming = only().messages().stream().filter(m -> m.kind() == MessageKind.INCOMING).toList();
    assertThat(incoming).hasSize(1);
    assertThat(incoming.get(0).body()).isEqualTo("Wo bleibt mein Paket 4711?");
  }

  @Test
  void webhook_wrongSecret_storesNothing() {
    InboundRequest forged = InboundRequest.post("/webhooks/tg",
        Map.of("X-Telegram-Bot-Api-Secret-Token", List.of("guess")), FIRST.getBytes());
    assertThat(engine.webhooks().handle("tg", forged).status()).isEqualTo(403);
    assertThat(engine.conversations(FindConversations.all()).items()).isEmpty();
  }

  @Test
  void webhook_oversizedEvenWithTheRightSecret_refused413AndStoresNothing() {
    byte[] big = FIRST.replace("Wo bleibt mein Paket?", "x".repeat(1 << 20)).getBytes();
    InboundRequest oversized = InboundRequest.post("/webhooks/tg",
        Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(TelegramBotChannelTest.SECRET)), big);
    assertThat(engine.webhooks().handle("tg", oversized).status()).isEqualTo(413);
    assertThat(engine.conversations(FindConversations.all()).items()).isEmpty();
  }

  @Test
  void reply_isDispatchedToTheChat() {
    engine.webhooks().handle("tg", update(FIRST));
    engine.reply(new SendReply(only().conversation().id(), "anna", "Ihr Paket geht heute raus."));
    assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isEqualTo(1);
    assertThat(engine.outbound(OutboundStatus.SENT, 10).get(0).externalId()).isEqualTo("7001234567:1300");
    assertThat(api.requests().get(0).body()).contains("\"chat_id\":\"7001234567\"");
  }
}
