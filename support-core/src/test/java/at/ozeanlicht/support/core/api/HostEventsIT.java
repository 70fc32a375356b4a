package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class HostEventsIT {
  private static final String SECRET = "whsec_test_4f1a";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DispatchPolicy POLICY =
      new DispatchPolicy(3, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(5), 50);

  /** A received POST. */
  record Hit(String signature, String delivery, String type, String body) {}

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final Deque<Integer> script = new ArrayDeque<>();
  private HttpServer server;
  private SupportEngine engine;

  @BeforeEach
  void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).dispatchPolicy(POLICY)
        .secrets(SecretResolver.of(Map.of("HOOK_SECRET", SECRET)::get, Path.of("")))
        .eventWebhook(new EventWebhook("crm", "http://127.0.0.1:" + server.getAddress().getPort()
            + "/hooks", "env:HOOK_SECRET"))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    hits.add(new Hit(ex.getRequestHeaders().getFirst("X-Support-Signature"),
        ex.getRequestHeaders().getFirst("X-Support-Delivery"),
        ex.getRequestHeaders().getFirst("X-Support-Event"), body));
    Integer status;
    synchronized (script) {
      status = script.poll();
    }
    ex.sendResponseHeaders(status == null ? 204 : status, -1);
    ex.close();
  }

  private static boolean verifies(Hit h) throws Exception {
    Map<String, String> parts = java.util.Arrays.stream(h.signature().split(","))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(
        mac.doFinal((parts.get("t") + "." + h.body()).getBytes(StandardCharsets.UTF_8)));
    return expected.equals(parts.get("v1"));
  }

  private void customerWrites(String id) {
    engine.receive(ReceiveMessage.text("wa", InboundContact.of(id), "wamid." + id, "Hallo"));
  }

  @Test
  void deliverEvents_signedVersionedJson_onceEach() throws Exception {
    customerWrites("4915100000001"); // conversation.opened + message.created (+ routing/SLA events)

    TickReport report = engine.deliverEvents(clock.instant());

    assertThat(hits).isNotEmpty();
    assertThat(report.count("eventsDelivered")).isEqualTo(hits.size());
    assertThat(report.count("eventsQueued")).isEqualTo(hits.size());
    for (Hit h : hits) {
      assertThat(verifies(h)).as(h.signature()).isTrue();
      assertThat(h.signature()).startsWith("t=" + clock.instant().getEpochSecond() + ",v1=");
      JsonNode b = JSON.readTree(h.body());
      assertThat(b.get("version").asInt()).isEqualTo(1);
      assertThat(b.get("type").asText()).isEqualTo(h.type());
      assertThat(List.of(b.fieldNames().next(), b.size())).containsExactly("version", 6);
      assertThat(h.body()).doesNotContain("Hallo"); // ids, never bodies
    }
    assertThat(hits).extracting(Hit::type).contains("conversation.opened", "message.created");
    assertThat(engine.deliverEvents(clock.instant()).counts()).isEmpty();
    assertThat(hits.stream().map(Hit::delivery).distinct().count()).isEqualTo(hits.size());
  }

  @Test
  void deliverEvents_500ThenRetryAfterBackoff_sameDeliveryId() throws Exception {
    customerWrites("4915100000002");
    synchronized (script) {
      for (int i = 0; i < 100; i++) {
        script.add(500);
      }
    }
    TickReport first = engine.deliverEvents(clock.instant());
    int n = first.count("eventsRetried");
    assertThat(n).isPositive();
    assertThat(first.count("eventsDelivered")).isZero();
    List<Hit> failed = List.copyOf(hits);
    synchronized (script) {
      script.clear();
    }
    assertThat(engine.deliverEvents(clock.instant()).counts()).isEmpty(); // not due yet: backoff

    clock.advance(Duration.ofSeconds(10)); // the first backoff is 5 to 10 s (equal jitter)
    TickReport second = engine.deliverEvents(clock.instant());

    assertThat(second.count("eventsDelivered")).isEqualTo(n);
    List<Hit> retried = hits.subList(failed.size(), hits.size());
    assertThat(retried).extracting(Hit::delivery)
        .containsExactlyInAnyOrderElementsOf(failed.stream().map(Hit::delivery).toList());
    for (Hit h : retried) {
      assertThat(verifies(h)).isTrue();
    }
  }

  @Test
  void deliverEvents_alwaysFailing_isDeadAfterMaxAttempts() {
    customerWrites("4915100000003");
    synchronized (script) {
      for (int i = 0; i < 1000; i++) {
        script.add(503);
      }
    }
    int dead = 0;
    for (int attempt = 0; attempt < POLICY.maxAttempts(); attempt++) {
      dead += engine.deliverEvents(clock.instant()).count("eventsDead");
      clock.advance(POLICY.maxDelay());
    }
    assertThat(dead).isPositive();
    long events = hits.stream().map(Hit::delivery).distinct().count();
    assertThat(dead).isEqualTo((int) events);
    assertThat(hits).hasSize((int) events * POLICY.maxAttempts());
    assertThat(engine.deliverEvents(clock.instant()).counts()).isEmpty();
  }

  @Test
  void deliverEvents_fourNodesAtOnce_neverDoubleSend() throws Exception {
    for (int i = 0; i < 40; i++) {
      customerWrites("49151000001" + String.format("%02d", i));
    }
    ExecutorService nodes = Executors.newFixedThreadPool(4);
    try {
      List<Future<TickReport>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(nodes.submit(() -> engine.deliverEvents(clock.instant())));
      }
      int delivered = 0;
      for (Future<TickReport> f : runs) {
        delivered += f.get(60, TimeUnit.SECONDS).count("eventsDelivered");
      }
      assertThat(delivered).isEqualTo(hits.size());
      assertThat(hits.stream().map(Hit::delivery).distinct().count()).isEqualTo(hits.size());
      assertThat(hits.stream().map(h -> {
        try {
          return JSON.readTree(h.body()).get("id").asText();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).distinct().count()).isEqualTo(hits.size());
    } finally {
      nodes.shutdownNow();
    }
  }
}
