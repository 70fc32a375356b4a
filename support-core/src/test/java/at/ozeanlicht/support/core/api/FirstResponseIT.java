package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The automatic first response and deflection through receive, on PostgreSQL with routing. */
@ExtendWith(PostgresExtension.class)
class FirstResponseIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router ROUTER = Router.load(DIR, WS);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final SupportEngine engine = SupportEngine.builder()
      .store(SharedPostgres.database().conversationStore()).workspace(WS).routing(ROUTER).clock(clock)
      .listener(events::add).knowledgeBase(FirstResponderTest.ALWAYS)
      .firstResponse(FirstResponsePolicy.defaults()).build();

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String from, String text) {
    return engine.receive(new ReceiveMessage("ol-whatsapp",
            new InboundContact(from, "Anna Berger", null, null, "de"), UUID.randomUUID().toString(),
            text, at.ozeanlicht.support.core.domain.ContentType.TEXT, List.of(), null))
        .conversation();
  }

  private Conversation receiveOn(String inbox, String from, String text) {
    return engine.receive(new ReceiveMessage(inbox, new InboundContact(from, null, null, null, "de"),
        UUID.randomUUID().toString(), text, at.ozeanlicht.support.core.domain.ContentType.TEXT,
        List.of(), null)).conversation();
  }

  private List<Message> botMessages(UUID conversation) {
    return engine.conversation(conversation).orElseThrow().messages().stream()
        .filter(m -> m.sender().type() == SenderType.BOT).toList();
  }

  @Test
  void receive_allowedPasswordQuestion_botAnswerInOutboxAndLabelled() {
    Conversation c = receive("4366400001", "Hallo, ich habe mein Passwort vergessen");

    List<Message> bot = botMessages(c.id());
    assertThat(bot).hasSize(1);
    assertThat(bot.get(0).body()).startsWith("Hallo Anna, danke für deine Nachricht!")
        .contains("Passwort vergessen?", "• Artikel eins", "welchen Browser verwendest du?");
    assertThat(bot.get(0).isPrivate()).isFalse();
    assertThat(engine.outbound(null, 100)).extracting(OutboundView::messageId).contains(bot.get(0).id());
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().labels()).contains("ai-answered");
    assertThat(events).filteredOn(e -> e.type().equals("ai.first_response"))
        .extracting(e -> e.data().get("kind")).containsExactly("answer");
  }

  @Test
  void receive_routingRuleForbidsAi_onlyAcknowledged_theRuleWrittenInTheSameTransactionIsRead() {
    // The routing state is written at the end of the receive's transaction (with the other
    // deferred routing writes); the first response reads it before that, in the same transaction.
    Router noAi = Router.parse("""
        keywords:
          password: [passwort]
        rules:
          - name: no-ai-for-passwords
            when:
              keywords: password
            then:
              team: tech
              ai_allowed: false
        """, WS);
    try (SupportEngine strict = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore()).workspace(WS).routing(noAi).clock(clock)
        .listener(events::add).knowledgeBase(FirstResponderTest.ALWAYS)
        .firstResponse(FirstResponsePolicy.defaults()).build()) {
      Conversation c = strict.receive(new ReceiveMessage("ol-whatsapp",
          new InboundContact("4366400077", "Anna Berger", null, null, "de"), "no-ai-1",
          "Hallo, ich habe mein Passwort vergessen", at.ozeanlicht.support.core.domain.ContentType.TEXT,
          List.of(), null)).conversation();

      assertThat(events).filteredOn(e -> e.type().equals("ai.first_response"))
          .extracting(e -> e.data().get("kind")).containsExactly("acknowledge");
      assertThat(strict.conversation(c.id()).orElseThrow().conversation().labels())
          .doesNotContain("ai-answered");
    }
  }

  @Test
  void receive_eachForbiddenCategory_noAnswerBeyondAcknowledgment() {
    String[] texts = {
        "Ich will mein Geld zurück, und mein Passwort geht auch nicht",
        "Ich habe bei der Meditation Angst bekommen, ist das normal?",
        "Ich möchte mich beschweren, das Video ruckelt schon wieder",
        "Das ist furchtbar, ich komme nicht in meinen Kurs"};
    int n = 0;
    for (String text : texts) {
      Conversation c = receive("43664000" + (10 + n++), text);
      assertOnlyAcknowledged(c);
    }
    // VIP: known on the web channel, then opening a conversation in another web inbox
    Conversation first = receiveOn("ol-web", "visitor-vip", "Hallo");
    engine.updateContact(new UpdateContact(first.contactId(), true, Map.of(), Set.of(), null));
    Conversation vip = receiveOn("ka-web", "visitor-vip", "Passwort vergessen");
    assertThat(vip.id()).isNotEqualTo(first.id());
    assertOnlyAcknowledged(vip);
    assertThat(botMessages(vip.id())).singleElement().extracting(Message::body).asString()
        .contains("persönlich von jemandem aus unserem Team");
  }

  private void assertOnlyAcknowledged(Conversation c) {
    List<Message> bot = botMessages(c.id());
    assertThat(bot).as("bot messages of #%s", c.number()).hasSizeLessThanOrEqualTo(1);
    bot.forEach(m -> assertThat(m.body()).doesNotContain("•", "1.", "Passwort vergessen?", "Browser"));
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().labels()).doesNotContain("ai-answered");
  }

  @Test
  void receive_confirmationAfterAiAnswerWithoutHuman_deflected() {
    Conversation c = receive("4366400021", "Wie leere ich den Cache?");
    Conversation after = receive("4366400021", "Danke, hat geklappt!");

    assertThat(after.id()).isEqualTo(c.id());
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().labels())
        .contains("ai-answered", "ai-deflected");
    assertThat(events).extracting(DomainEvent::type).contains("conversation.deflected");
  }

  @Test
  void receive_confirmationAfterAgentReply_notDeflected() {
    Conversation c = receive("4366400022", "Wie leere ich den Cache?");
    engine.reply(new SendReply(c.id(), WS.agents().get(0).id(), "Hast du es schon probiert?"));
    receive("4366400022", "Danke, hat geklappt!");

    assertThat(engine.conversation(c.id()).orElseThrow().conversation().labels()).doesNotContain("ai-deflected");
  }

  @Test
  void receive_customerWritesAgainAfterResolution_firstResponderAnswersWithinTheGuard() {
    Conversation c = receive("4366400031", "Wie leere ich den Cache?");
    engine.changeStatus(new ChangeStatus(c.id(), at.ozeanlicht.support.core.domain.Status.RESOLVED, null));
    clock.advance(java.time.Duration.ofDays(2));

    Conversation again = receive("4366400031", "Jetzt habe ich mein Passwort vergessen");
    clock.advance(java.time.Duration.ofDays(2));
    engine.changeStatus(new ChangeStatus(c.id(), at.ozeanlicht.support.core.domain.Status.RESOLVED, null));
    receive("4366400031", "Ich will mein Geld zurück, das ist eine Frechheit");

    assertThat(again.id()).isEqualTo(c.id());
    List<Message> bot = botMessages(c.id());
    assertThat(bot).hasSize(3);
    assertThat(bot.get(1).body()).contains("Passwort vergessen?", "• Artikel eins");
    assertThat(bot.get(2).body()).contains("persönlich von jemandem aus unserem Team")
        .doesNotContain("•", "Passwort vergessen?");
    assertThat(events).filteredOn(e -> e.type().equals("ai.first_response"))
        .extracting(e -> e.data().get("trigger") + ":" + e.data().get("kind"))
        .containsExactly("opened:answer", "reopened:answer", "reopened:acknowledge");
  }
}
