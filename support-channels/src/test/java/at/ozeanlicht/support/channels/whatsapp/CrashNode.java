package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SchemaMode;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A node that the crash test kills with SIGKILL at random points: it receives signed webhooks
 * (printing {@code ack N} once the channel would see 200), answers each conversation (an outbound
 * message in the outbox), dispatches the outbox to the fake provider and ticks, printing a line
 * after each step. Arguments: {@code jdbcUrl providerBaseUrl firstMessage lastMessage clockStart}.
 */
public final class CrashNode {
  static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  static final int CONTACTS = 7;
  private static final Map<String, String> ENV = Map.of("WA_APP_SECRET", WhatsAppFixtures.SECRET,
      "WA_TOKEN", "tok-123", "WA_VERIFY", "vt-7c1f");

  private CrashNode() {}

  static String wamid(int n) {
    return "wamid.crash." + n;
  }

  static String from(int n) {
    return "49151" + String.format(Locale.ROOT, "%07d", n % CONTACTS);
  }

  /** An engine as every node of the crash test runs it, on its own pool. */
  static SupportEngine engine(String url, String provider, MutableClock clock) {
    return engine(SupportEngine.builder().jdbcUrl(url, null, null).poolSize(3), provider, clock);
  }

  /** The same engine on the given (e.g. kill-point) DataSource and HTTP client. */
  static SupportEngine engine(DataSource ds, HttpClient http, String provider, MutableClock clock) {
    return engine(SupportEngine.builder().dataSource(ds).httpClient(http), provider, clock);
  }

  private static SupportEngine engine(SupportEngine.Builder builder, String provider, MutableClock clock) {
    ZoneId vienna = ZoneId.of("Europe/Vienna");
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofMinutes(10), SlaMetric.NEXT_RESPONSE,
            Duration.ofMinutes(10), SlaMetric.RESOLUTION, Duration.ofHours(2)),
        false, 0.5, List.of(EscalationAction.NOTIFY), List.of(EscalationAction.NOTIFY), false);
    SlaConfig sla = new SlaConfig(vienna, Map.of("always", BusinessCalendar.alwaysOpen(vienna)),
        "always", List.of(normal));
    return builder
        .schemaMode(SchemaMode.VALIDATE_ONLY)
        .workspace(TestWorkspaces.small().withSla(sla)).clock(clock).discoverAdapters()
        .channel(new WhatsAppConfig("wa", WhatsAppFixtures.PHONE_NUMBER_ID, "env:WA_APP_SECRET",
            "env:WA_TOKEN", "env:WA_VERIFY", provider, "v21.0"))
        .secrets(SecretResolver.of(ENV::get, Path.of(""))).build();
  }

  /** Delivers message {@code n} as the channel would; true once it was answered 200. */
  static boolean deliver(SupportEngine engine, int n, Instant at) {
    WebhookResponse r = engine.webhooks().handle("wa", WhatsAppFixtures.signed(
        WhatsAppFixtures.text(from(n), wamid(n), at.getEpochSecond(), "Nachricht " + n)));
    return r.status() == 200;
  }

  /** The conversation of message {@code n}, looked up through an idempotent redelivery. */
  static UUID conversationOf(SupportEngine engine, int n) {
    return engine.receive(ReceiveMessage.text("wa", InboundContact.of(from(n)), wamid(n),
        "Nachricht " + n)).conversation().id();
  }

  /**
   * Arguments: {@code jdbcUrl providerBaseUrl firstMessage lastMessage clockStart killPhase
   * killAt} ({@code killPhase} {@code none}: run through and print the steps per phase; {@code
   * AFTER_SEND}: stop once the provider accepted the first send, before it is marked sent).
   */
  public static void main(String[] args) {
    String url = args[0];
    String provider = args[1];
    int first = Integer.parseInt(args[2]);
    int last = Integer.parseInt(args[3]);
    MutableClock clock = new MutableClock(Instant.parse(args[4]));
    KillPoints points = switch (args[5]) {
      case "none" -> new KillPoints(null, 0, System.out);
      case "AFTER_SEND" -> KillPoints.afterProviderAccepted(System.out);
      default -> new KillPoints(KillPoints.Phase.valueOf(args[5]), Integer.parseInt(args[6]), System.out);
    };
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(3);
    config.setAutoCommit(false);
    try (HikariDataSource pool = new HikariDataSource(config);
        SupportEngine engine = engine(points.wrap(pool), points.observe(HttpClient.newHttpClient()),
            provider, clock)) {
      System.out.println("started");
      for (int n = first; n <= last; n++) {
        clock.advance(Duration.ofSeconds(5));
        int m = n;
        if (!points.in(KillPoints.Phase.RECEIVE, () -> deliver(engine, m, clock.instant()))) {
          System.out.println("refused " + n);
          System.exit(3);
        }
        System.out.println("ack " + n);
        engine.reply(new SendReply(conversationOf(engine, n), "anna", "Antwort auf " + n));
        System.out.println("replied " + n);
        points.in(KillPoints.Phase.DISPATCH, () -> engine.dispatch(clock.instant()));
        System.out.println("dispatched " + n);
        if (n % 3 == 0) {
          points.in(KillPoints.Phase.TICK, () -> engine.tick(clock.instant()));
          System.out.println("ticked " + n);
        }
      }
    }
    System.out.println("done " + points.counts());
    System.exit(0);
  }
}
