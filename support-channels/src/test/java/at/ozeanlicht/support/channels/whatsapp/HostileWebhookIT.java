package at.ozeanlicht.support.channels.whatsapp;

import static at.ozeanlicht.support.channels.whatsapp.WhatsAppFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile webhooks through the {@link at.ozeanlicht.support.core.api.WebhookHandler}: forged,
 * replayed and oversized requests are refused or change nothing, and nothing of them is stored.
 */
@ExtendWith(PostgresExtension.class)
class HostileWebhookIT {
  private static final long TS = 1763892000;
  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(TS).plusSeconds(60));
  private final SupportEngine engine = SupportEngine.builder()
      .store(SharedPostgres.database().conversationStore())
      .workspace(TestWorkspaces.small()).clock(clock).discoverAdapters()
      .channel(new WhatsAppConfig("wa", WhatsAppFixtures.PHONE_NUMBER_ID, "env:WA_APP_SECRET",
          "env:WA_TOKEN", "env:WA_VERIFY", "http://127.0.0.1:9", "v21.0"))
      .secrets(SecretResolver.of(Map.of("WA_APP_SECRET", WhatsAppFixtures.SECRET, "WA_TOKEN", "t",
          "WA_VERIFY", "v")::get, Path.of("")))
      .build();

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private WebhookResponse post(byte[] body, String signature) {
    return engine.webhooks().handle("wa", InboundRequest.post("/webhooks/wa",
        Map.of("X-Hub-Signature-256", List.of(signature)), body));
  }

  @Test
  void forged_wrongSecretOrSignatureOfAnotherBodyOrTamperedBody_refusedAndNothingStored() throws Exception {
    byte[] body = WhatsAppFixtures.text("4915112345678", "wamid.F1", TS, "Hallo").getBytes(StandardCharsets.UTF_8);
    byte[] other = WhatsAppFixtures.text("4915112345678", "wamid.F2", TS, "Hallo").getBytes(StandardCharsets.UTF_8);
    byte[] tampered = WhatsAppFixtures.text("4915112345678", "wamid.F1", TS, "Hallo!").getBytes(StandardCharsets.UTF_8);
    String good = "sha256=" + Signatures.hmacSha256Hex(WhatsAppFixtures.SECRET, body);

    assertThat(post(body, "sha256=" + Signatures.hmacSha256Hex("guessed_secret", body)).status()).isEqualTo(403);
    assertThat(post(other, good).status()).as("signature reused for another body").isEqualTo(403);
    assertThat(post(tampered, good).status()).as("body changed after signing").isEqualTo(403);
    assertThat(post(body, good.toUpperCase(java.util.Locale.ROOT).replace("SHA256=", "sha1=")).status()).isEqualTo(403);
    assertThat(post(body, "").status()).isIn(401, 403);

    assertThat(engine.webhooks().refusedCount()).isEqualTo(5);
    assertThat(count("select count(*) from messages")).isZero();
    assertThat(count("select count(*) from inbound_payloads")).isZero();
  }

  @Test
  void replayed_sameSignedDeliveryLaterAndWithOldTimestamp_storesTheMessageOnce() throws Exception {
    InboundRequest original = signed(WhatsAppFixtures.text("4915112345678", "wamid.R1", TS, "Hallo"));
    assertThat(engine.webhooks().handle("wa", original).body()).contains("\"messages\":1");
    // WhatsApp signs no timestamp and retries for days, so a replay cannot be told from a retry
    // by age; it is caught by the message id: answered 200, changes nothing.
    clock.advance(Duration.ofDays(6));
    for (int i = 0; i < 3; i++) {
      WebhookResponse again = engine.webhooks().handle("wa", original);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).contains("\"messages\":0", "\"duplicates\":1");
    }
    assertThat(count("select count(*) from messages")).isEqualTo(1);
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(1);
  }

  @Test
  void oversized_bodyAboveTheLimitEvenIfSigned_refused413BeforeVerifyingAndNothingStored() throws Exception {
    String text = "x".repeat(1 << 20);
    byte[] body = WhatsAppFixtures.text("4915112345678", "wamid.O1", TS, text).getBytes(StandardCharsets.UTF_8);
    WebhookResponse big = post(body, "sha256=" + Signatures.hmacSha256Hex(WhatsAppFixtures.SECRET, body));
    byte[] garbage = new byte[(1 << 20) + 1];
    Arrays.fill(garbage, (byte) '{');
    WebhookResponse junk = post(garbage, "sha256=00");

    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("{\"error\":\"too_large\",\"reason\":\"body exceeds 1048576 bytes\"}");
    assertThat(junk.status()).isEqualTo(413);
    assertThat(engine.webhooks().refusedCount()).isEqualTo(2);
    assertThat(count("select count(*) from messages")).isZero();
    assertThat(count("select count(*) from inbound_payloads")).isZero();
    // just under the limit is accepted
    String fits = "y".repeat(4000);
    assertThat(engine.webhooks().handle("wa", signed(WhatsAppFixtures.text("4915112345678", "wamid.O2", TS, fits)))
        .status()).isEqualTo(200);
  }

  private static long count(String sql) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    }
  }
}
