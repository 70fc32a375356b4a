package at.ozeanlicht.support.channels.web;

import static at.ozeanlicht.support.channels.web.WebChatChannelTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.channels.web.SessionTokens.Session;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile web chat requests through the {@link at.ozeanlicht.support.core.api.WebhookHandler}, as
 * {@code HostileWebhookIT} does for WhatsApp: forged website tokens, session tokens and identity
 * hashes are refused and leave nothing behind; a replayed message is stored once and cannot
 * outlive its session or shadow another visitor's; oversized bodies get 413 before verification.
 */
@ExtendWith(PostgresExtension.class)
class WebChatHostileWebhookIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION_KEY = "s3ssion-key-for-tests";
  private static final String MESSAGE = "{\"echoId\":\"e-1\",\"content\":\"Hallo\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
  private final SupportEngine engine = SupportEngine.builder()
      .store(SharedPostgres.database().conversationStore())
      .workspace(TestWorkspaces.small()).clock(clock)
      .channelProvider(new WebChatProvider())
      .channel(new WebChatConfig("web", WebChatChannelTest.WEBSITE_TOKEN, "env:WEB_SESSION_KEY",
          "env:WEB_HMAC", false, List.of(), WebChatConfig.DEFAULT_QUICK_ACTIONS, Duration.ofHours(1)))
      .secrets(SecretResolver.of(Map.of("WEB_SESSION_KEY", SESSION_KEY,
          "WEB_HMAC", WebChatChannelTest.HMAC)::get, Path.of("")))
      .build();

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private WebhookResponse handle(InboundRequest request) {
    return engine.webhooks().handle("web", request);
  }

  private WebhookResponse post(String action, String token, String body) {
    return handle(request(action, token, body));
  }

  private String session() throws Exception {
    WebhookResponse r = post("session", null, "");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("token").asText();
  }

  private static InboundRequest withWebsiteToken(String action, List<String> websiteToken, String token) {
    return new InboundRequest("POST", "/widget/web/" + action,
        websiteToken.isEmpty() ? Map.of() : Map.of("website_token", websiteToken),
        Map.of("X-Auth-Token", List.of(token)), MESSAGE.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code token} with its payload replaced (the signature kept): e.g. another identity. */
  private static String tampered(String token, String payload) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  @Test
  void forged_websiteSessionOrIdentity_refusedAndNothingStored() throws Exception {
    String valid = session();
    Instant exp = clock.instant().plus(Duration.ofHours(1));
    String otherKey = new SessionTokens("guessed-session-key", "web").issue(new Session("sid-1", "cust-1001"), exp);
    String otherInbox = new SessionTokens(SESSION_KEY, "web-elsewhere").issue(new Session("sid-1", null), exp);
    String impostor = tampered(valid, "{\"sid\":\"sid-1\",\"inbox\":\"web\",\"idn\":\"cust-1001\",\"exp\":"
        + exp.getEpochSecond() + "}");
    String identifyForged = "{\"identifier\":\"cust-1002\",\"identifierHash\":\"" + WebChatChannelTest.VECTOR + "\"}";

    assertThat(handle(withWebsiteToken("messages", List.of(), valid)).status()).isEqualTo(401);
    assertThat(handle(withWebsiteToken("messages", List.of("guessed-token"), valid)).status()).isEqualTo(403);
    assertThat(post("messages", otherKey, MESSAGE).status()).as("signed with another key").isEqualTo(401);
    assertThat(post("messages", otherInbox, MESSAGE).status()).as("token of another inbox").isEqualTo(401);
    assertThat(post("messages", impostor, MESSAGE).status()).as("payload changed after signing").isEqualTo(401);
    assertThat(post("messages", valid + "x", MESSAGE).status()).isEqualTo(401);
    assertThat(post("messages", "", MESSAGE).status()).isEqualTo(401);
    WebhookResponse forgedIdentity = post("identify", valid, identifyForged);
    assertThat(forgedIdentity.status()).isEqualTo(403);
    assertThat(forgedIdentity.body()).contains("identity_hash_mismatch").doesNotContain("token");

    assertThat(engine.webhooks().refusedCount()).isEqualTo(8);
    assertThat(count("select count(*) from messages")).isZero();
    assertThat(count("select count(*) from contacts")).isZero();
    assertThat(count("select count(*) from inbound_payloads")).isZero();
  }

  @Test
  void replayed_sameMessageAgainAfterExpiryOrUnderAnotherSession_storedOnceAndNeverShadowed() throws Exception {
    String visitor = session();
    assertThat(post("messages", visitor, MESSAGE).body()).contains("\"messages\":1");
    for (int i = 0; i < 3; i++) { // the browser retries, or someone replays the captured request
      clock.advance(Duration.ofMinutes(10));
      WebhookResponse again = post("messages", visitor, MESSAGE);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).contains("\"messages\":0", "\"duplicates\":1");
    }
    assertThat(count("select count(*) from messages")).isEqualTo(1);
    assertThat(count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(1);

    // A captured request outlives its session only until the token expires (one hour here).
    clock.advance(Duration.ofMinutes(31));
    WebhookResponse expired = post("messages", visitor, MESSAGE);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body()).contains("session_invalid");

    // The same echo id from another visitor is their own message: it neither is swallowed as a
    // duplicate nor touches the first visitor's conversation.
    WebhookResponse other = post("messages", session(), MESSAGE);
    assertThat(other.body()).contains("\"messages\":1", "\"duplicates\":0");
    assertThat(count("select count(*) from messages")).isEqualTo(2);
    assertThat(count("select count(*) from conversations")).isEqualTo(2);
    assertThat(count("select count(distinct contact_id) from conversations")).isEqualTo(2);
  }

  @Test
  void oversized_bodyAboveTheWidgetLimitEvenWithAValidSession_refused413AndNothingStored() throws Exception {
    String visitor = session();
    String huge = "{\"echoId\":\"big\",\"content\":\"" + "x".repeat(WebChatChannel.MAX_BODY_BYTES) + "\"}";
    WebhookResponse big = post("messages", visitor, huge);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("{\"error\":\"too_large\",\"reason\":\"body exceeds 131072 bytes\"}");
    WebhookResponse anonymous = post("session", null, "{".repeat(WebChatChannel.MAX_BODY_BYTES + 1));
    assertThat(anonymous.status()).as("refused before the session handshake is answered").isEqualTo(413);

    assertThat(engine.webhooks().refusedCount()).isEqualTo(2);
    assertThat(count("select count(*) from messages")).isZero();
    assertThat(count("select count(*) from inbound_payloads")).isZero();

    // The longest message the widget allows, every character escaped, still fits.
    String longest = "{\"echoId\":\"max\",\"content\":\"" + "\\u00e4".repeat(WebChatChannel.MAX_TEXT)
        + "\",\"contact\":{\"name\":\"" + "N".repeat(1000) + "\",\"email\":\"a@example.test\"}}";
    assertThat(longest.getBytes(StandardCharsets.UTF_8).length).isLessThan(WebChatChannel.MAX_BODY_BYTES);
    WebhookResponse fits = post("messages", visitor, longest);
    assertThat(fits.status()).as(fits.body()).isEqualTo(200);
    assertThat(count("select count(*) from messages")).isEqualTo(1);
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
