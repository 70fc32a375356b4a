package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** Webhook deliveries race each other; nothing may be stored twice and no conversation split. */
@ExtendWith(PostgresExtension.class)
class ConcurrentReceiveIT {
  private static final int THREADS = 8;
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @RepeatedTest(3)
  void receive_sameWebhookEightTimesConcurrently_storesOneMessage() throws Exception {
    ReceiveMessage msg = ReceiveMessage.text("wa", InboundContact.of("4915112345678"),
        "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBQQA=", "Hallo, meine Lieferung ist überfällig.");
    List<ReceiveResult> results = race(i -> msg);

    assertThat(results).extracting(ReceiveResult::outcome)
        .containsOnlyOnce(ReceiveResult.Outcome.OPENED)
        .filteredOn(o -> o != ReceiveResult.Outcome.OPENED)
        .containsOnly(ReceiveResult.Outcome.DUPLICATE);
    assertThat(results).extracting(r -> r.message().id()).containsOnly(results.get(0).message().id());
    assertThat(count("select count(*) from messages")).isEqualTo(1);
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
    assertThat(count("select count(*) from contacts")).isEqualTo(1);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(1);
  }

  @RepeatedTest(3)
  void receive_eightDifferentMessagesFromOneContactConcurrently_landInOneConversation() throws Exception {
    List<ReceiveResult> results = race(i -> ReceiveMessage.text("wa", InboundContact.of("4915112345678"),
        "wamid." + i, "Nachricht " + i));

    assertThat(results).extracting(r -> r.conversation().id()).containsOnly(results.get(0).conversation().id());
    assertThat(results).extracting(ReceiveResult::outcome).containsOnlyOnce(ReceiveResult.Outcome.OPENED);
    assertThat(count("select count(*) from messages")).isEqualTo(THREADS);
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
  }

  private List<ReceiveResult> race(java.util.function.IntFunction<ReceiveMessage> message) throws Exception {
    return Race.run(THREADS, i -> engine.receive(message.apply(i)));
  }

  private static long count(String sql) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    }
  }
}
