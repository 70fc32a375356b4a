package at.ozeanlicht.support.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Server} over real HTTP on PostgreSQL: auth, widget protocol, JSON API, SSE, drain. */
@ExtendWith(PostgresExtension.class)
class ServeIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String WIDGET = "/webhooks/ol-web/%s?website_token=" + ServeFixture.WEBSITE_TOKEN;

  @Test
  void api_withoutOrWithWrongToken_is401_staticAndRedirectsServed() throws Exception {
    try (ServeFixture f = ServeFixture.fast()) {
      assertThat(f.get("/api/conversations").statusCode()).isEqualTo(401);
      HttpResponse<String> wrong = f.get("/api/me", "Authorization", "Bearer not-the-token-at-all-123");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("not-the-token");
      assertThat(ServeFixture.json(f.get("/api/me", ServeFixture.agent())).get("id").asText()).isEqualTo("thomas");
      assertThat(f.get("/").statusCode()).isEqualTo(302);
      HttpResponse<String> page = f.get("/inbox.html");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(f.get("/widget.js").body()).contains("website_token");
      assertThat(f.get("/..%2fpom.xml").statusCode()).isEqualTo(404);
      HttpResponse<String> preflight = f.http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(f.base() + WIDGET.formatted("messages")))
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://shop.example.test").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type, X-Auth-Token");
      assertThat(f.get("/api/me", "Origin", "https://shop.example.test").headers()
          .firstValue("Access-Control-Allow-Origin")).isEmpty();
      JsonNode config = ServeFixture.json(f.get("/widget-api/config"));
      assertThat(config.get("widgets").get(0).get("websiteToken").asText()).isEqualTo(ServeFixture.WEBSITE_TOKEN);
    }
  }

  @Test
  void visitorMessage_isLiveForAgents_replyReachesTheVisitorsStream() throws Exception {
    try (ServeFixture f = ServeFixture.fast();
        SseClient agentEvents = new SseClient(f.http, f.base() + "/api/events", ServeFixture.agent())) {
      assertThat(agentEvents.status).isEqualTo(200);
      String token = ServeFixture.json(f.post(WIDGET.formatted("session"), "{}")).get("token").asText();
      try (SseClient visitor = new SseClient(f.http, f.base() + "/widget-api/ol-web/events", "X-Auth-Token", token)) {
        HttpResponse<String> sent = f.post(WIDGET.formatted("messages"),
            "{\"echoId\":\"e1\",\"content\":\"Modul 3 lädt nicht\"}", "X-Auth-Token", token);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

        String created = agentEvents.await(e -> e.contains("\"message.created\""), WAIT);
        String id = MAPPER.readTree(created).get("conversationId").asText();
        JsonNode list = ServeFixture.json(f.get("/api/conversations?kind=support&status=open", ServeFixture.agent()));
        assertThat(list.get("items")).extracting(n -> n.get("id").asText()).contains(id);
        // The unified inbox: last-message preview, the agent's unread count, tab counts.
        JsonNode row = item(list, id);
        assertThat(row.get("excerpt").asText()).isEqualTo("Modul 3 lädt nicht");
        assertThat(row.get("unread").asLong()).isPositive();
        assertThat(list.get("counts").get("open").asLong()).isPositive();
        assertThat(list.get("counts").has("mine")).isTrue();
        JsonNode unreadOnly = ServeFixture.json(f.get("/api/conversations?unread=true&channel=web", ServeFixture.agent()));
        assertThat(unreadOnly.get("items")).extracting(n -> n.get("id").asText()).contains(id);
        JsonNode thread = ServeFixture.json(f.get("/api/conversations/" + id, ServeFixture.agent()));
        assertThat(thread.get("messages").get(0).get("body").asText()).isEqualTo("Modul 3 lädt nicht");
        assertThat(thread.get("channel").asText()).isEqualTo("web");
        // Opening the thread marked it read for this agent.
        agentEvents.await(e -> e.contains("\"conversation.read\""), WAIT);
        assertThat(item(ServeFixture.json(f.get("/api/conversations?kind=support", ServeFixture.agent())), id)
            .get("unread").asLong()).isZero();
        assertThat(f.get("/api/conversations?unread=maybe", ServeFixture.agent()).statusCode()).isEqualTo(400);

        JsonNode canned = ServeFixture.json(f.get("/api/canned", ServeFixture.agent()));
        assertThat(canned).extracting(n -> n.get("shortcut").asText()).contains("/greeting");
        String greeting = ServeFixture.json(f.post("/api/conversations/" + id + "/render",
            "{\"name\":\"/greeting\"}", ServeFixture.agent())).get(0).get("text").asText();
        assertThat(greeting).contains("Thomas");

        HttpResponse<String> note = f.post("/api/conversations/" + id + "/notes",
            "{\"body\":\"@sabine bitte schauen\"}", ServeFixture.agent());
        assertThat(note.statusCode()).isEqualTo(201);
        HttpResponse<String> reply = f.post("/api/conversations/" + id + "/replies",
            "{\"body\":" + MAPPER.writeValueAsString(greeting) + "}",
            ServeFixture.agent());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);

        String pushed = visitor.await(e -> e.contains("\"message.created\""), WAIT);
        assertThat(pushed).contains("Thomas").doesNotContain("bitte schauen");
      }
    }
  }

  @Test
  void badInput_namesTheField() throws Exception {
    try (ServeFixture f = ServeFixture.fast()) {
      HttpResponse<String> badId = f.get("/api/conversations/nope", ServeFixture.agent());
      assertThat(badId.statusCode()).isEqualTo(400);
      assertThat(ServeFixture.json(badId).get("problems").get(0).get("field").asText()).isEqualTo("id");
      HttpResponse<String> badStatus = f.get("/api/conversations?status=opn", ServeFixture.agent());
      assertThat(badStatus.statusCode()).isEqualTo(400);
      assertThat(badStatus.body()).contains("status");
      HttpResponse<String> missing = f.post("/api/conversations/" + UUID.randomUUID() + "/replies", "{}",
          ServeFixture.agent());
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(ServeFixture.json(missing).get("problems").get(0).get("field").asText()).isEqualTo("body");
      assertThat(f.post("/api/conversations/" + UUID.randomUUID() + "/replies", "{\"body\":\"x\"}",
          ServeFixture.agent()).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void close_drainsTheOutboxBeforeStopping() throws Exception {
    // The scheduler would dispatch only after an hour: whatever is sent was sent by the drain.
    Server.Options slow = new Server.Options("127.0.0.1", 0, Duration.ofHours(1), Duration.ofHours(1),
        Duration.ofSeconds(10), Duration.ofSeconds(5));
    try (ServeFixture f = new ServeFixture(slow)) {
      UUID conversation = f.engine.receive(ReceiveMessage.text("ol-web", InboundContact.of("visitor-1"),
          "visitor-1#e1", "Hallo")).conversation().id();
      f.engine.reply(new SendReply(conversation, "thomas", "Hallo, ich bin da."));
      f.engine.reply(new SendReply(conversation, "thomas", "Was kann ich für dich tun?"));
      assertThat(f.engine.outbound(OutboundStatus.PENDING, 10)).hasSize(2);

      f.server.close();

      assertThat(f.server.drained()).isEqualTo(new Server.Drain(2, 0));
      assertThat(f.engine.outbound(OutboundStatus.SENT, 10)).hasSize(2);
      assertThat(f.engine.outbound(OutboundStatus.PENDING, 10)).isEmpty();
    }
  }

  private static JsonNode item(JsonNode list, String id) {
    for (JsonNode n : list.get("items")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no item " + id + " in " + list);
  }
}
