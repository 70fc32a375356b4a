package at.ozeanlicht.support.core.reliability;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SchemaMode;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load of the many-node tests: which node delivers which message, the engines, and child JVMs
 * running {@link #main} as further nodes against the same database.
 */
final class Nodes {
  static final Path DIR = Path.of("..", "examples", "ozean-licht").toAbsolutePath().normalize();
  static final Workspace WS = WorkspaceLoader.load(DIR);
  static final Router ROUTER = Router.load(DIR, WS);
  static final String INBOX = "ol-whatsapp";
  /** Tuesday 10:00 in Vienna: the office is open. */
  static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  /**
   * Ticks while receiving stay before the first breach (critical: 15 min) and the first
   * escalation step (30 min), which hand conversations to a lead regardless of capacity; critical
   * first-response warnings (12 min) fire.
   */
  static final int TICK_MINUTES = 14;
  /** Texts that route to several teams and priorities, one critical. */
  private static final List<String> TEXTS = List.of(
      "Ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?",
      "Wann beginnt der nächste Kurs für Kinder?",
      "Meine Zahlung per Kreditkarte wurde abgelehnt, bitte um Hilfe",
      "Das Video zur Morgenmeditation lädt nicht",
      "I would like a refund for the course, it was not what I expected",
      "Ein Vorschlag: es wäre schön, wenn es die Meditationen zum Herunterladen gäbe.");

  private Nodes() {}

  /** Long variants run with {@code -Preliability} (system property support.reliability=long). */
  static boolean longRun() {
    return "long".equals(System.getProperty("support.reliability"));
  }

  static String contact(int message, int conversations) {
    return "4917" + String.format(Locale.ROOT, "%08d", message % conversations);
  }

  static String messageId(int message) {
    return "wamid.node." + message;
  }

  static ReceiveMessage message(int i, int conversations) {
    return ReceiveMessage.text(INBOX, InboundContact.of(contact(i, conversations)), messageId(i),
        TEXTS.get(i % TEXTS.size()) + " (" + i + ")");
  }

  /**
   * The messages node {@code node} of {@code nodes} delivers: every {@code nodes}-th one, plus every
   * tenth message of its left neighbour again (a redelivery racing the first one on another node).
   */
  static List<Integer> share(int node, int nodes, int messages) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      if (i % nodes == node || (i % 10 == 0 && (i + 1) % nodes == node)) {
        out.add(i);
      }
    }
    return out;
  }

  /** An engine with its own pool, as a separate node would have. */
  static SupportEngine engine(String jdbcUrl, int poolSize) {
    return SupportEngine.builder().jdbcUrl(jdbcUrl, null, null).poolSize(poolSize)
        .schemaMode(SchemaMode.VALIDATE_ONLY).workspace(WS).routing(ROUTER)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  /** Receives the node's share, ticking every {@code tickEvery} messages; returns how many. */
  static int receiveShare(SupportEngine engine, int node, int nodes, int messages, int conversations,
      int tickEvery) {
    List<Integer> share = share(node, nodes, messages);
    int n = 0;
    for (int i : share) {
      engine.receive(message(i, conversations));
      if (++n % tickEvery == 0) {
        engine.tick(T0.plus(Duration.ofMinutes((long) TICK_MINUTES * n / share.size())));
      }
    }
    return n;
  }

  /** Starts {@link #main} in a child JVM with the test class path; its output goes to {@code log}. */
  static Process child(Path log, Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Child node: {@code jdbcUrl node nodes messages conversations}; prints {@code done N}. */
  public static void main(String[] args) {
    String url = args[0];
    int node = Integer.parseInt(args[1]);
    int nodes = Integer.parseInt(args[2]);
    int messages = Integer.parseInt(args[3]);
    int conversations = Integer.parseInt(args[4]);
    try (SupportEngine engine = engine(url, 3)) {
      int n = receiveShare(engine, node, nodes, messages, conversations, 50);
      System.out.println("done " + n);
    }
    System.exit(0);
  }
}
