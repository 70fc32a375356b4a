package at.ozeanlicht.support.channels.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in a child JVM is killed with SIGKILL ({@code Process.destroyForcibly} on Linux) at a
 * random point of receive, tick or outbox dispatch, then restarted where the channel would resume
 * (the first delivery not answered 200 is retried). The kills rotate over the three phases; the
 * point within the phase is a JDBC step drawn at random ({@link KillPoints}: before a statement,
 * before or after a commit), where the child waits until it is killed. After the last kill a node
 * recovers: every acknowledged message is stored once, every outbound message reached the
 * provider at least once, and every duplicate send carries the same idempotency key (the outbox
 * id).
 *
 * <p>Short: 3 kills (one per phase). Long ({@code -Preliability}): 50 (17, 17, 16).
 */
@ExtendWith(PostgresExtension.class)
class CrashIT {
  private static final boolean LONG = "long".equals(System.getProperty("support.reliability"));
  private static final int KILLS = LONG ? 50 : 3;
  private static final int BATCH = 12;
  /**
   * Kill points are drawn from 1..range of the phase: about three instances' worth of JDBC steps
   * (measured from the {@code done} line of a child run without a kill, 12 messages: receive
   * 180-236 steps, i.e. 15-20 per webhook; tick 48-98 for 4 ticks; dispatch 180, 15 each), so
   * the point within the phase is spread evenly and still reached within one batch.
   */
  private static final Map<KillPoints.Phase, Integer> RANGE = Map.of(KillPoints.Phase.RECEIVE, 60,
      KillPoints.Phase.TICK, 45, KillPoints.Phase.DISPATCH, 45);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final RecordingProvider provider = RecordingProvider.start();
  private Process child;

  @AfterEach
  void tearDown() {
    if (child != null) {
      child.destroyForcibly();
    }
    provider.close();
  }

  @Test
  void killedAtRandomPoints_acceptedMessagesStoredAndOutboundSentAtLeastOnceWithOneKey() throws Exception {
    String url = SharedPostgres.jdbcUrl();
    Random random = new Random(Long.getLong("crash.seed", 12));
    Set<Integer> acked = new TreeSet<>();
    List<String> killedAt = new ArrayList<>();
    int next = 0;
    int kills = 0;
    int run = 0;
    Map<KillPoints.Phase, Integer> perPhase = new EnumMap<>(KillPoints.Phase.class);
    while (kills < KILLS) {
      // Kills rotate over the three phases; where in the phase is drawn at random (KillPoints).
      KillPoints.Phase phase = KillPoints.Phase.values()[kills % 3];
      int killAt = 1 + random.nextInt(RANGE.get(phase));
      Instant start = CrashNode.T0.plus(Duration.ofMinutes(5L * run));
      child = start(url, next, next + BATCH - 1, start, phase.name(), killAt, tmp.resolve("node" + run + ".log"));
      String killPoint = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("ack ")) {
            acked.add(Integer.parseInt(line.substring(4)));
          }
          if (line.startsWith("done ")) {
            System.out.println("CrashIT: run " + run + " (" + phase + " " + killAt + ") not killed, steps: "
                + line.substring(5));
          }
          if (line.startsWith("kill-point ")) {
            child.destroyForcibly(); // SIGKILL while the child waits at that point
            killPoint = line.substring(11);
            break;
          }
        }
      }
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
      if (killPoint != null) {
        kills++;
        perPhase.merge(phase, 1, Integer::sum);
        killedAt.add(killPoint);
      } else {
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("node" + run + ".log"))).isZero();
      }
      next = acked.isEmpty() ? 0 : ((TreeSet<Integer>) acked).last() + 1;
      run++;
    }
    assertThat(perPhase).as("kills in every phase").containsOnlyKeys(KillPoints.Phase.values())
        .allSatisfy((phase, n) -> assertThat(n).isGreaterThanOrEqualTo(KILLS / 3));

    // Recovery: the channel redelivers everything up to the first unanswered delivery; the outbox
    // is dispatched until nothing is pending (leases of killed nodes expire).
    MutableClock clock = new MutableClock(CrashNode.T0.plus(Duration.ofMinutes(5L * run)));
    try (SupportEngine engine = CrashNode.engine(url, provider.baseUrl(), clock)) {
      for (int n = 0; n <= next; n++) {
        assertThat(CrashNode.deliver(engine, n, clock.instant())).isTrue();
      }
      for (int round = 0; round < 10 && count("select count(*) from outbound_messages where status <> 'sent'") > 0; round++) {
        clock.advance(Duration.ofMinutes(3));
        engine.dispatch(clock.instant());
      }
      engine.tick(clock.instant());
    }

    Set<String> stored = new HashSet<>(strings("select channel_message_id from messages where kind = 'incoming'"));
    assertThat(stored).containsAll(acked.stream().map(CrashNode::wamid).toList());
    assertThat(count("select count(*) from messages where kind = 'incoming'")).isEqualTo(stored.size());
    assertThat(count("select count(*) from messages m where m.kind = 'incoming' and not exists (select 1"
        + " from outbox_events e where e.type = 'message.created' and e.data->>'messageId' = m.id::text)"))
        .as("messages without their event (partial write)").isZero();
    assertThat(count("select count(*) from messages m where m.kind = 'outgoing' and not exists"
        + " (select 1 from outbound_messages o where o.message_id = m.id)")).as("replies not queued").isZero();
    assertThat(strings("select clock_id || kind from sla_notifications group by clock_id, kind having count(*) > 1"))
        .as("SLA notification twice").isEmpty();
    assertThat(count("select count(*) from outbound_messages where status <> 'sent'")).isZero();

    List<String> outbox = strings("select id::text from outbound_messages");
    List<String> keys = provider.keys();
    Map<String, Long> perKey = keys.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(perKey.keySet()).as("every outbound message sent at least once, nothing unknown sent")
        .containsExactlyInAnyOrderElementsOf(outbox);
    long duplicates = keys.size() - perKey.size();
    assertThat(duplicates).as("a kill can leave at most the one send in flight").isLessThanOrEqualTo(kills);
    long duplicatedKeys = perKey.values().stream().filter(n -> n > 1).count();
    System.out.printf("CrashIT: %d kills %s at %s; %d runs; %d messages acknowledged, %d stored;"
        + " %d outbound, all sent; %d provider requests, %d duplicate sends of %d messages, each with"
        + " its message's idempotency key%n", kills, perPhase, killedAt, run, acked.size(), stored.size(),
        outbox.size(), keys.size(), duplicates, duplicatedKeys);
  }

  private Process start(String url, int first, int last, Instant clock, String phase, int killAt,
      Path log) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashNode.class.getName(), url, provider.baseUrl(), Integer.toString(first),
        Integer.toString(last), clock.toString(), phase, Integer.toString(killAt));
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  /**
   * The one point the random kills rarely hit, forced: the provider answered 200 for the first
   * reply and the node dies (SIGKILL) at the next JDBC step, before the statement that marks the
   * message sent runs. After a restart nothing is sent while the dead node's lease holds; then
   * the message goes out again with the same idempotency key and is marked sent once.
   */
  @Test
  void killedAfterProviderAcceptedBeforeMarkedSent_resentAfterLeaseWithTheSameKey() throws Exception {
    String url = SharedPostgres.jdbcUrl();
    child = start(url, 0, 2, CrashNode.T0, "AFTER_SEND", 0, tmp.resolve("after-send.log"));
    String killPoint = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("kill-point ")) {
          child.destroyForcibly(); // SIGKILL while the child waits there
          killPoint = line.substring(11);
          break;
        }
      }
    }
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(killPoint).as(Files.readString(tmp.resolve("after-send.log")))
        .matches("DISPATCH \\d+ after-send \\w+");
    List<String> outbox = strings("select id::text from outbound_messages");
    assertThat(outbox).hasSize(1);
    assertThat(provider.keys()).as("the provider got it").containsExactly(outbox.get(0));
    assertThat(strings("select status || ' ' || attempts || ' ' || coalesce(external_id, '-')"
        + " from outbound_messages")).containsExactly("sending 1 -");

    Instant killedAt = CrashNode.T0.plusSeconds(5); // the child's clock when it dispatched
    MutableClock clock = new MutableClock(killedAt.plus(Duration.ofMinutes(2)).minusSeconds(1));
    try (SupportEngine engine = CrashNode.engine(url, provider.baseUrl(), clock)) {
      assertThat(engine.dispatch(clock.instant()).counts()).as("lease of the dead node holds").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isEqualTo(1);
      assertThat(engine.dispatch(clock.instant().plus(Duration.ofHours(1))).counts()).isEmpty();
    }
    assertThat(provider.keys()).as("sent again, with the same key").containsExactly(outbox.get(0), outbox.get(0));
    assertThat(strings("select status || ' ' || attempts from outbound_messages")).containsExactly("sent 2");
    assertThat(count("select count(*) from messages where kind = 'outgoing'")).isEqualTo(1);
  }

  private static long count(String sql) throws Exception {
    return Long.parseLong(strings(sql).get(0));
  }

  private static List<String> strings(String sql) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      c.rollback();
      return out;
    }
  }

  /** The WhatsApp Graph API as a JDK HttpServer: records each send's idempotency key, answers a new wamid. */
  static final class RecordingProvider implements AutoCloseable {
    private final HttpServer server;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();

    private RecordingProvider(HttpServer server) {
      this.server = server;
    }

    static RecordingProvider start() {
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordingProvider p = new RecordingProvider(server);
        server.createContext("/", p::handle);
        server.start();
        return p;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> keys() {
      return List.copyOf(keys);
    }

    private void handle(HttpExchange ex) throws IOException {
      String key = JSON.readTree(ex.getRequestBody().readAllBytes()).path("biz_opaque_callback_data").asText("?");
      keys.add(key);
      byte[] out = ("{\"messages\":[{\"id\":\"wamid.out." + sent.incrementAndGet() + "\"}]}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
