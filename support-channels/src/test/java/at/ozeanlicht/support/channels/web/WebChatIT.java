package at.ozeanlicht.support.channels.web;

import static at.ozeanlicht.support.channels.web.WebChatChannelTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class WebChatIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of("WEB_SESSION_KEY", "s3ssion-key-for-tests",
      "WEB_HMAC", WebChatChannelTest.HMAC);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:05:00Z"));
  private final WebChatProvider webChat = new WebChatProvider();
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(webChat)
        .discoverAdapters()
        .channel(WebChatConfig.of("web", WebChatChannelTest.WEBSITE_TOKEN, "env:WEB_SESSION_KEY", "env:WEB_HMAC"))
        .secrets(SecretResolver.of(ENV::get, Path.of("")))
        .listener(events::add)
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

  private JsonNode call(String action, String token, String body) throws Exception {
    WebhookResponse r = engine.webhooks().handle("web", request(action, token, body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void visitor_sessionMessagesRetriedTypingRead_endToEnd() throws Exception {
    JsonNode session = call("session", null, "");
    assertThat(session.at("/status/online").asBoolean()).isTrue(); // 24/7 and thomas is online
    String token = session.get("token").asText();

    String message = "{\"echoId\":\"b6f0c7d2\",\"content\":\"Ist mein Paket unterwegs?\"}";
    assertThat(call("messages", token, message).get("messages").asInt()).isEqualTo(1);
    assertThat(call("messages", token, message).get("duplicates").asInt()).isEqualTo(1); // browser retry
    assertThat(call("typing", token, "{\"state\":\"on\"}").get("ignored").asInt()).isEqualTo(1);
    // continuing the session later appends to the same conversation
    String later = call("session", token, "").get("token").asText();
    call("messages", later, "{\"echoId\":\"c0ffee\",\"content\":\"Hallo?\"}");
    assertThat(count("select count(*) from messages where kind = 'incoming'")).isEqualTo(2);
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
    // raw payloads: the three message requests, not the typing or the session handshakes, and
    // never the session token
    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(3);
    assertThat(count("select count(*) from inbound_payloads where headers::text ilike '%auth%'")).isZero();

    UUID conversation = engine.conversations(FindConversations.all()).items().get(0).conversation().id();
    List<String> stream = new CopyOnWriteArrayList<>();
    webChat.subscribe("web", later, stream::add).orElseThrow();
    engine.addNote(new AddNote(conversation, "anna", "Kundin ist VIP, intern"));
    engine.reply(new SendReply(conversation, "anna", "Ja, es kommt morgen."));
    assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isEqualTo(1);

    assertThat(stream).hasSize(1);
    assertThat(JSON.readTree(stream.get(0)).get("content").asText()).isEqualTo("Ja, es kommt morgen.");
    assertThat(String.join("", stream)).doesNotContain("intern").doesNotContain("activity");

    clock.advance(Duration.ofSeconds(30));
    JsonNode read = call("read", later, "{\"lastSeenAt\":\"" + clock.instant() + "\"}");
    assertThat(read.get("statuses").asInt()).isEqualTo(1);
    assertThat(engine.outbound(null, 10).get(0).deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    assertThat(count("select count(*) from messages where read_at is not null")).isEqualTo(1);
    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(4); // and the read
    assertThat(call("read", later, "{\"lastSeenAt\":\"" + clock.instant() + "\"}").get("statuses").asInt())
        .isZero();
  }

  @Test
  void verifiedIdentity_continuesAcrossDevices_forgedIsRefused() throws Exception {
    String identify = "{\"identifier\":\"cust-1001\",\"identifierHash\":\"" + WebChatChannelTest.VECTOR + "\"}";
    String laptop = call("identify", null, identify).get("token").asText();
    String phone = call("identify", null, identify).get("token").asText();
    call("messages", laptop, "{\"echoId\":\"1\",\"content\":\"Vom Laptop\"}");
    call("messages", phone, "{\"echoId\":\"1\",\"content\":\"Vom Handy\"}");
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
    assertThat(count("select count(*) from messages where kind = 'incoming'")).isEqualTo(1); // same echo id, same identity

    WebhookResponse forged = engine.webhooks().handle("web", request("identify", null,
        "{\"identifier\":\"cust-1002\",\"identifierHash\":\"" + WebChatChannelTest.VECTOR + "\"}"));
    WebhookResponse noSession = engine.webhooks().handle("web", request("messages", null,
        "{\"echoId\":\"2\",\"content\":\"x\"}"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(noSession.status()).isEqualTo(401);
    assertThat(engine.webhooks().refusedCount()).isEqualTo(2);
    assertThat(count("select count(*) from messages")).isEqualTo(1);
  }

  @Test
  void typing_reachesListenersAsEphemeralEvents_neverStored() throws Exception {
    String token = call("session", null, "").get("token").asText();
    call("typing", token, "{\"state\":\"on\"}"); // no conversation yet: nothing to tell
    assertThat(events).noneMatch(e -> e.type().startsWith("conversation.typing"));
    call("messages", token, "{\"echoId\":\"1\",\"content\":\"Hallo\"}");
    UUID conversation = engine.conversations(FindConversations.all()).items().get(0).conversation().id();

    call("typing", token, "{\"state\":\"on\"}");
    call("typing", token, "{\"state\":\"off\"}");

    assertThat(events.stream().filter(e -> e.type().startsWith("conversation.typing")))
        .extracting(DomainEvent::type, DomainEvent::conversationId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("conversation.typing_on", conversation),
            org.assertj.core.groups.Tuple.tuple("conversation.typing_off", conversation));
    assertThat(events.stream().filter(e -> e.type().startsWith("conversation.typing")).findFirst()
        .orElseThrow().data()).containsEntry("actor", "contact").containsEntry("inbox", "web");
    assertThat(count("select count(*) from outbox_events where type like 'conversation.typing%'")).isZero();
    assertThat(count("select count(*) from inbound_payloads")).isEqualTo(1); // the message only
  }

  @Test
  void identify_afterAnonymousChat_mergesTheVisitorIntoTheIdentifiedContact() throws Exception {
    String identify = "{\"identifier\":\"cust-1001\",\"identifierHash\":\"" + WebChatChannelTest.VECTOR + "\"}";
    String anonymous = call("session", null, "").get("token").asText();
    call("messages", anonymous, "{\"echoId\":\"1\",\"content\":\"Anonym gefragt\"}");
    assertThat(count("select count(*) from contact_identities where external_id like 'visitor:%'")).isEqualTo(1);

    String identified = call("identify", anonymous, identify).get("token").asText();
    call("messages", identified, "{\"echoId\":\"2\",\"content\":\"Jetzt angemeldet\"}");
    call("messages", identified, "{\"echoId\":\"3\",\"content\":\"Noch was\"}"); // merge is idempotent

    assertThat(count("select count(*) from contacts")).isEqualTo(1);
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
    assertThat(count("select count(*) from messages where kind = 'incoming'")).isEqualTo(3);
    assertThat(count("select count(*) from contact_identities where external_id = 'user:cust-1001'")).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type().equals("contact.merged")).hasSize(1);
  }

  @Test
  void identify_whenTheUserIsKnownFromAnotherDevice_movesTheVisitorsConversationToThem() throws Exception {
    String identify = "{\"identifier\":\"cust-1001\",\"identifierHash\":\"" + WebChatChannelTest.VECTOR + "\"}";
    String phone = call("identify", null, identify).get("token").asText();
    call("messages", phone, "{\"echoId\":\"p1\",\"content\":\"Vom Handy\"}");
    clock.advance(Duration.ofMinutes(1));
    String laptop = call("session", null, "").get("token").asText();
    call("messages", laptop, "{\"echoId\":\"l1\",\"content\":\"Vom Laptop, anonym\"}");
    assertThat(count("select count(*) from contacts")).isEqualTo(2);

    clock.advance(Duration.ofMinutes(1));
    String laptopIdentified = call("identify", laptop, identify).get("token").asText();
    call("messages", laptopIdentified, "{\"echoId\":\"l2\",\"content\":\"Angemeldet\"}");

    assertThat(count("select count(*) from contacts")).isEqualTo(1);
    assertThat(count("select count(distinct contact_id) from conversations")).isEqualTo(1);
    assertThat(count("select count(*) from conversations")).isEqualTo(2); // both kept, now one contact's
    assertThat(count("select count(*) from contact_identities")).isEqualTo(1);
  }
}
