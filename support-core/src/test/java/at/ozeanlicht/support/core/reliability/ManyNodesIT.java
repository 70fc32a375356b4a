package at.ozeanlicht.support.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.TickReport;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six nodes against one PostgreSQL: four engines in this JVM (each with its own pool) and two in
 * child JVMs receive the same stream of messages (with redeliveries racing across nodes) while
 * ticking; then all nodes tick past every deadline at once. Asserted from the tables: nothing lost
 * or duplicated, no conversation split or assigned twice, no agent above capacity, every SLA
 * warning, breach and escalation fired exactly once.
 *
 * <p>Short: 1,000 messages for 100 conversations. Long ({@code -Preliability}): 20,000 for 2,000.
 */
@ExtendWith(PostgresExtension.class)
class ManyNodesIT {
  private static final int IN_JVM = 4;
  private static final int CHILDREN = 2;
  private static final int NODES = IN_JVM + CHILDREN;
  private static final int MESSAGES = Nodes.longRun() ? 20_000 : 1_000;
  private static final int CONVERSATIONS = MESSAGES / 10;
  private static final Duration DEADLINE = Duration.ofMinutes(Nodes.longRun() ? 60 : 10);

  @TempDir Path tmp;
  private final List<SupportEngine> engines = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void tearDown() {
    children.forEach(Process::destroyForcibly);
    engines.forEach(SupportEngine::close);
  }

  @Test
  void sixNodesReceiveWhileTicking_nothingLostOrDuplicatedAndSlaFiresExactlyOnce() throws Exception {
    long started = System.nanoTime();
    String url = SharedPostgres.jdbcUrl();
    for (int c = 0; c < CHILDREN; c++) {
      children.add(Nodes.child(tmp.resolve("node" + (IN_JVM + c) + ".log"), Nodes.class, url,
          Integer.toString(IN_JVM + c), Integer.toString(NODES), Integer.toString(MESSAGES),
          Integer.toString(CONVERSATIONS)));
    }
    for (int i = 0; i < IN_JVM; i++) {
      engines.add(Nodes.engine(url, 3));
    }
    // Each node ticks every 25 (children: 50) messages while the others receive.
    List<Integer> received = Race.run(IN_JVM, DEADLINE,
        i -> Nodes.receiveShare(engines.get(i), i, NODES, MESSAGES, CONVERSATIONS, 25));
    int expectedDeliveries = 0;
    int deliveries = 0;
    for (int c = 0; c < CHILDREN; c++) {
      Process p = children.get(c);
      assertThat(p.waitFor(DEADLINE.toMinutes(), TimeUnit.MINUTES)).isTrue();
      String log = Files.readString(tmp.resolve("node" + (IN_JVM + c) + ".log"));
      assertThat(p.exitValue()).as(log).isZero();
      assertThat(log).contains("done " + Nodes.share(IN_JVM + c, NODES, MESSAGES).size());
      deliveries += Nodes.share(IN_JVM + c, NODES, MESSAGES).size();
    }
    for (int i = 0; i < IN_JVM; i++) {
      expectedDeliveries += Nodes.share(i, NODES, MESSAGES).size();
      assertThat(received.get(i)).isEqualTo(Nodes.share(i, NODES, MESSAGES).size());
    }
    assertThat(expectedDeliveries).isGreaterThan(MESSAGES * IN_JVM / NODES);
    deliveries += expectedDeliveries;

    // Nothing lost, nothing duplicated, no conversation split.
    assertThat(Sql.count("select count(*) from messages where kind = 'incoming'")).isEqualTo(MESSAGES);
    assertThat(Sql.count("select count(distinct channel_message_id) from messages where kind = 'incoming'"
        + " and channel_message_id like 'wamid.node.%'")).isEqualTo(MESSAGES);
    assertThat(Sql.count("select count(*) from contacts")).isEqualTo(CONVERSATIONS);
    assertThat(Sql.count("select count(*) from conversations")).isEqualTo(CONVERSATIONS);
    assertThat(Sql.count("select count(*) from outbox_events where type = 'message.created'"
        + " and data->>'kind' = 'incoming'")).isEqualTo(MESSAGES);
    long assigned = assertAssignmentsSound();
    assertThat(Sql.count("select count(*) from sla_clocks where warned_at is not null"))
        .as("warnings fired while receiving").isPositive();

    // All nodes tick past every deadline at once, in rounds (raised priorities start new clocks).
    for (int round = 1; round <= 3; round++) {
      var at = Nodes.T0.plus(Duration.ofDays(30L * round));
      Race.run(IN_JVM, DEADLINE, i -> engines.get(i).tick(at));
    }
    TickReport again = engines.get(0).tick(Nodes.T0.plus(Duration.ofDays(90)));
    assertThat(again.count("slaWarnings") + again.count("slaBreaches")).isZero();
    assertSlaFiredExactlyOnce();
    assertEscalatedExactlyOnce();
    System.out.printf("ManyNodesIT: %d nodes (%d in this JVM, %d child JVMs), %d messages for %d"
        + " conversations, %d deliveries; stored %d messages (lost 0, duplicated 0), %d conversations,"
        + " %d assigned, 0 assigned twice, 0 above capacity; %d SLA warnings, %d breaches,"
        + " %d SLA notifications, %d escalations, each once; %.1f s%n", NODES, IN_JVM, CHILDREN,
        MESSAGES, CONVERSATIONS, deliveries, Sql.count("select count(*) from messages where kind = 'incoming'"),
        Sql.count("select count(*) from conversations"), assigned,
        Sql.count("select count(*) from outbox_events where type = 'sla.warning'"),
        Sql.count("select count(*) from outbox_events where type = 'sla.breached'"),
        Sql.count("select count(*) from sla_notifications"),
        Sql.count("select count(*) from escalations"), (System.nanoTime() - started) / 1e9);
  }

  /** Escalation steps (no first response within 30/60 business minutes) fire once per conversation. */
  private static void assertEscalatedExactlyOnce() {
    assertThat(Sql.rows("select conversation_id, data->>'step' from outbox_events where type ="
        + " 'conversation.escalated' group by 1, 2 having count(*) > 1")).as("escalated twice").isEmpty();
    assertThat(Sql.count("select count(*) from outbox_events where type = 'conversation.escalated'"))
        .as("escalation events vs escalations").isEqualTo(Sql.count("select count(*) from escalations"))
        .isPositive();
  }

  private static long assertAssignmentsSound() {
    for (String row : Sql.rows("select assignee, count(*) from conversations where assignee is not null"
        + " and status in ('open', 'pending') group by assignee")) {
      String[] r = row.split("\\|");
      int capacity = Nodes.WS.agent(r[0]).map(Agent::capacity).orElseThrow();
      assertThat(Integer.parseInt(r[1])).as("open conversations of %s", r[0]).isLessThanOrEqualTo(capacity);
    }
    assertThat(Sql.count("select count(*) from conversations where assignee is not null"))
        .as("some conversations were assigned").isPositive();
    assertThat(Sql.rows("select conversation_id from assignments where agent is not null"
        + " group by conversation_id having count(*) > 1")).as("assigned twice").isEmpty();
    assertThat(Sql.rows("select c.id from conversations c where c.assignee is not null and c.assignee"
        + " is distinct from (select a.agent from assignments a where a.conversation_id = c.id"
        + " and a.agent is not null)")).as("assignee differs from the assignment record").isEmpty();
    return Sql.count("select count(*) from conversations where assignee is not null");
  }

  private static void assertSlaFiredExactlyOnce() {
    for (String[] kind : new String[][] {{"sla.warning", "warned_at"}, {"sla.breached", "breached_at"}}) {
      assertThat(Sql.rows("select data->>'clockId' from outbox_events where type = '" + kind[0]
          + "' group by 1 having count(*) > 1")).as(kind[0] + " fired twice").isEmpty();
      assertThat(Sql.count("select count(*) from outbox_events where type = '" + kind[0] + "'"))
          .as(kind[0] + " events vs clocks").isEqualTo(
              Sql.count("select count(*) from sla_clocks where " + kind[1] + " is not null"))
          .isPositive();
    }
    assertThat(Sql.count("select count(*) from sla_clocks where stopped_at is null and paused_at is null"
        + " and (warned_at is null or breached_at is null) and due_at <= '2027-02-22T09:00:00Z'"))
        .as("clocks left unfired").isZero();
    assertThat(Sql.rows("select clock_id, kind from sla_notifications group by 1, 2 having count(*) > 1"))
        .as("escalation notifications fired twice").isEmpty();
    assertThat(Sql.count("select count(*) from sla_notifications where kind = 'breach'")).isEqualTo(
        Sql.count("select count(*) from outbox_events where type = 'sla.breached'"));
    // Warnings notify only where the policy says so (normal and low have no onWarning).
    String notifying = Nodes.WS.sla().policies().stream()
        .filter(p -> p.onWarning().contains(EscalationAction.NOTIFY)).map(p -> "'" + p.id() + "'")
        .collect(Collectors.joining(", "));
    assertThat(Sql.count("select count(*) from sla_notifications where kind = 'warning'")).isEqualTo(
        Sql.count("select count(*) from outbox_events where type = 'sla.warning' and data->>'policy' in ("
            + notifying + ")")).isPositive();
    assertThat(Sql.rows("select conversation_id from outbox_events where type = 'conversation.assigned'"
        + " and data->>'reason' = 'sla' group by 1 having count(*) > 1")).as("reassigned to lead twice").isEmpty();
  }
}
