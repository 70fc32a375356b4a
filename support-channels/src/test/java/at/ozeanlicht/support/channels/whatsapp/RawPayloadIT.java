package at.ozeanlicht.support.channels.whatsapp;

import static at.ozeanlicht.support.channels.whatsapp.WhatsAppFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RawPayloadIT {
  private static final Map<String, String> ENV = Map.of("WA_APP_SECRET", WhatsAppFixtures.SECRET,
      "WA_TOKEN", "tok-123", "WA_VERIFY", "vt-7c1f");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channel(new WhatsAppConfig("wa", WhatsAppFixtures.PHONE_NUMBER_ID, "env:WA_APP_SECRET",
            "env:WA_TOKEN", "env:WA_VERIFY", "http://127.0.0.1:9", "v21.0"))
        .channelProvider(new WhatsAppProvider())
        .secrets(SecretResolver.of(ENV::get, Path.of("")))
        .rawPayloadRetention(Duration.ofDays(7))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private static long count(String sql) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.commit();
      return n;
    }
  }

  @Test
  void webhook_accepted_keepsExactBytesAndSignatureHeader_refusedKeepsNothing() throws Exception {
    String body = WhatsAppFixtures.text("4915112345678", "wamid.R1", 1763892000, "Grüße aus Wien");
    InboundRequest request = signed(body);
    engine.webhooks().handle("wa", request);
    engine.webhooks().handle("wa", request); // a redelivery is a receipt of its own
    engine.webhooks().handle("wa", InboundRequest.post("/webhooks/wa",
        Map.of("X-Hub-Signature-256", List.of("sha256=" + "00".repeat(32))), body.getBytes()));

    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(2);
    assertThat(count("select count(*) from messages")).isEqualTo(1);
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select body, headers->>'x-hub-signature-256', received_at,"
            + " inbox, method from inbound_payloads limit 1")) {
      rs.next();
      assertThat(new String(rs.getBytes(1), StandardCharsets.UTF_8)).isEqualTo(body);
      assertThat(rs.getString(2)).isEqualTo(request.header("X-Hub-Signature-256").orElseThrow());
      assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(clock.instant());
      assertThat(rs.getString(4)).isEqualTo("wa");
      assertThat(rs.getString(5)).isEqualTo("POST");
      c.commit();
    }
  }

  @Test
  void webhook_malformedButAuthentic_isKeptForReparsing() throws Exception {
    engine.webhooks().handle("wa", signed("{\"object\":\"whatsapp_business_account\",\"entry\":{}}"));
    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(1);
  }

  @Test
  void tick_afterRetention_purges() throws Exception {
    engine.webhooks().handle("wa", signed(WhatsAppFixtures.text("4915112345678", "wamid.R2", 1763892000, "a")));
    clock.advance(Duration.ofDays(3));
    engine.webhooks().handle("wa", signed(WhatsAppFixtures.text("4915112345678", "wamid.R3", 1763892000, "b")));
    assertThat(engine.tick(clock.instant()).count("rawPayloadsPurged")).isZero();

    clock.advance(Duration.ofDays(4).plusSeconds(1));
    assertThat(engine.tick(clock.instant()).count("rawPayloadsPurged")).isEqualTo(1);
    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(1);
    assertThat(count("select count(*) from messages")).isEqualTo(2); // messages follow their own rules
  }
}
