package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SupportEngineIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(clock)
        .listener(events::add)
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private static ReceiveMessage lena(String id, String body) {
    return ReceiveMessage.text("wa", new InboundContact("4915112345678", "Lena Berger", null,
        "+4915112345678", "de"), id, body);
  }

  @Test
  void roundTrip_receiveReplyNoteAssignLabelResolve_viewShowsEverythingInOrder() {
    ReceiveResult received = engine.receive(lena("wamid.1", "Hallo, meine Lieferung 4711 ist überfällig."));
    assertThat(received.outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    Conversation c = received.conversation();
    assertThat(c.number()).isEqualTo(1000);
    assertThat(c.status()).isEqualTo(Status.OPEN);

    clock.advance(Duration.ofMinutes(3));
    engine.assign(new AssignConversation(c.id(), "support", "thomas", "anna"));
    clock.advance(Duration.ofMinutes(1));
    engine.addNote(new AddNote(c.id(), "thomas", "@anna kannst du das Paket prüfen? @nobody"));
    clock.advance(Duration.ofMinutes(1));
    Message reply = engine.reply(new SendReply(c.id(), "thomas", "Danke, Lena! Wir schicken das Paket heute neu."));
    engine.label(new LabelConversation(c.id(), Set.of("billing", "shipping"), Set.of(), "thomas"));
    clock.advance(Duration.ofMinutes(10));
    Conversation resolved = engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "thomas"));

    ConversationView view = engine.conversation(c.id()).orElseThrow();
    Conversation stored = view.conversation();
    assertThat(stored).isEqualTo(resolved);
    assertThat(stored.team()).isEqualTo("support");
    assertThat(stored.assignee()).isEqualTo("thomas");
    assertThat(stored.labels()).containsExactlyInAnyOrder("billing", "shipping");
    // the note's author and the agent it mentions (one note writer for the engine and the inbox)
    assertThat(stored.participants()).containsExactly("thomas", "anna");
    assertThat(stored.firstResponseAt()).isEqualTo(Instant.parse("2026-11-23T09:05:00Z"));
    assertThat(stored.resolvedAt()).isEqualTo(Instant.parse("2026-11-23T09:15:00Z"));
    assertThat(stored.version()).isGreaterThan(c.version());
    assertThat(view.contact().name()).isEqualTo("Lena Berger");
    assertThat(view.contact().language()).isEqualTo("de");

    assertThat(view.messages()).extracting(Message::kind).containsExactly(
        MessageKind.INCOMING, MessageKind.ACTIVITY, MessageKind.ACTIVITY, MessageKind.NOTE,
        MessageKind.OUTGOING, MessageKind.ACTIVITY);
    assertThat(view.messages().get(1).body()).isEqualTo("Moved to team Support by Anna Huber");
    assertThat(view.messages().get(2).body()).isEqualTo("Thomas Berger joined the conversation by Anna Huber");
    Message note = view.messages().get(3);
    assertThat(note.isPrivate()).isTrue();
    assertThat(note.mentions()).containsExactly("anna");
    assertThat(view.messages().get(4)).isEqualTo(reply);
    assertThat(view.messages().get(0).sender().type()).isEqualTo(SenderType.CONTACT);
    assertThat(view.messages().get(0).body()).isEqualTo("Hallo, meine Lieferung 4711 ist überfällig.");

    assertThat(events).extracting(DomainEvent::type).containsExactly("contact.created",
        "conversation.opened", "message.created", "conversation.assigned", "message.created",
        "mention.created", "message.created", "conversation.labeled", "conversation.status_changed");
    assertThat(count("select count(*) from outbox_events")).isEqualTo(events.size());
  }

  @Test
  void reply_onCustomerConversation_queuesOnlyThePublicMessageInTheOutbox() throws SQLException {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    engine.addNote(new AddNote(c.id(), "anna", "intern: Kundin hat zweimal bestellt"));
    Message reply = engine.reply(new SendReply(c.id(), "anna", "Hallo Lena, wir kümmern uns."));

    try (Connection conn = SharedPostgres.pool().getConnection();
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("select message_id, channel, recipient, status from outbound_messages")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1)).isEqualTo(reply.id());
      assertThat(rs.getString(2)).isEqualTo("whatsapp");
      assertThat(rs.getString(3)).isEqualTo("4915112345678");
      assertThat(rs.getString(4)).isEqualTo("pending");
      assertThat(rs.next()).as("the note must not be queued").isFalse();
      conn.rollback();
    }
  }

  @Test
  void outbox_privateNoteRow_isRejectedByTheDatabaseToo() throws SQLException {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    Message note = engine.addNote(new AddNote(c.id(), "anna", "nur intern"));
    try (Connection conn = SharedPostgres.pool().getConnection(); Statement s = conn.createStatement()) {
      assertThatThrownBy(() -> s.execute("insert into outbound_messages (id, message_id, conversation_id,"
          + " inbox, channel, recipient, next_attempt_at, created_at) values (gen_random_uuid(), '"
          + note.id() + "', '" + c.id() + "', 'wa', 'whatsapp', '49151', now(), now())"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is private");
      conn.rollback();
    }
  }

  @Test
  void receive_afterResolve_reopensTheSameConversation() {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, null));
    clock.advance(Duration.ofDays(3));

    ReceiveResult again = engine.receive(lena("wamid.2", "Ich bin's nochmal, das Paket ist da!"));

    assertThat(again.outcome()).isEqualTo(ReceiveResult.Outcome.REOPENED);
    assertThat(again.conversation().id()).isEqualTo(c.id());
    assertThat(again.conversation().status()).isEqualTo(Status.OPEN);
    assertThat(again.conversation().resolvedAt()).isNull();
    ConversationView view = engine.conversation(c.id()).orElseThrow();
    assertThat(view.messages()).extracting(Message::body).contains(
        "Hallo", "Conversation resolved", "Conversation reopened by a new customer message",
        "Ich bin's nochmal, das Paket ist da!");
    assertThat(events).extracting(DomainEvent::type).contains("conversation.reopened");
    assertThat(count("select count(*) from conversations")).isEqualTo(1);
  }

  @Test
  void receive_whileSnoozed_wakesTheConversation() {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    engine.snooze(new SnoozeConversation(c.id(), clock.instant().plus(Duration.ofDays(1)), "anna"));

    ReceiveResult r = engine.receive(lena("wamid.2", "Noch da?"));

    assertThat(r.outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
    assertThat(r.conversation().status()).isEqualTo(Status.OPEN);
    assertThat(r.conversation().snoozedUntil()).isNull();
  }

  @Test
  void receive_sameContactOtherInbox_opensASeparateConversation() {
    Conversation wa = engine.receive(lena("wamid.1", "Hallo")).conversation();
    ReceiveResult tg = engine.receive(ReceiveMessage.text("tg", InboundContact.of("7001234567"), "1204", "Hallo"));
    assertThat(tg.conversation().id()).isNotEqualTo(wa.id());
    assertThat(tg.conversation().number()).isEqualTo(wa.number() + 1);
  }

  @Test
  void receive_sameMessageTwice_storesItOnceAndReportsDuplicate() {
    ReceiveResult first = engine.receive(lena("wamid.1", "Hallo"));
    clock.advance(Duration.ofSeconds(30));
    ReceiveResult second = engine.receive(lena("wamid.1", "Hallo"));

    assertThat(second.outcome()).isEqualTo(ReceiveResult.Outcome.DUPLICATE);
    assertThat(second.message()).isEqualTo(first.message());
    assertThat(second.conversation()).isEqualTo(first.conversation());
    assertThat(count("select count(*) from messages")).isEqualTo(1);
  }

  @Test
  void receive_badInput_listsEveryProblemAndWritesNothing() {
    ReceiveMessage bad = ReceiveMessage.text("nope", InboundContact.of(" "), "", " ");
    assertThatThrownBy(() -> engine.receive(bad))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field)
            .containsExactly("inbox", "channelMessageId", "contact.externalId", "body"))
        .hasMessageContaining("inbox: unknown inbox 'nope'");
    assertThat(count("select count(*) from messages")).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void commands_unknownConversationOrAgent_failWithClearErrors() {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    assertThatThrownBy(() -> engine.reply(new SendReply(java.util.UUID.randomUUID(), "anna", "x")))
        .isInstanceOf(NotFoundException.class).hasMessageStartingWith("conversationId: no conversation");
    assertThatThrownBy(() -> engine.reply(new SendReply(c.id(), "ghost", "x")))
        .isInstanceOf(ValidationException.class).hasMessage("agent: unknown agent 'ghost'");
    assertThatThrownBy(() -> engine.assign(new AssignConversation(c.id(), "sales", null, null)))
        .isInstanceOf(ValidationException.class).hasMessage("team: unknown team 'sales'");
    assertThatThrownBy(() -> engine.snooze(new SnoozeConversation(c.id(), clock.instant(), null)))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("until: must be in the future");
    assertThatThrownBy(() -> engine.changeStatus(new ChangeStatus(c.id(), Status.SNOOZED, null)))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("status:");
    assertThatThrownBy(() -> engine.label(new LabelConversation(c.id(), Set.of("Not OK"), Set.of(), null)))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("add: label 'Not OK'");
  }

  @Test
  void conversations_filtersAndPagesByActivity() {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      engine.receive(ReceiveMessage.text("web", InboundContact.of("visitor-" + i), "echo-" + i, "Frage " + i));
    }
    Conversation first = engine.conversations(FindConversations.all()).items().get(4).conversation();
    clock.advance(Duration.ofMinutes(1));
    engine.assign(new AssignConversation(first.id(), "tech", null, null));

    ConversationPage page1 = engine.conversations(FindConversations.all().withLimit(2));
    assertThat(page1.items()).hasSize(2);
    assertThat(page1.nextCursor()).isNotNull();
    ConversationPage page2 = engine.conversations(FindConversations.all().withLimit(2).withCursor(page1.nextCursor()));
    ConversationPage page3 = engine.conversations(FindConversations.all().withLimit(2).withCursor(page2.nextCursor()));
    assertThat(page3.nextCursor()).isNull();
    List<Long> numbers = new java.util.ArrayList<>();
    for (ConversationPage p : List.of(page1, page2, page3)) {
      p.items().forEach(i -> numbers.add(i.conversation().number()));
    }
    // The assignment made #1000 the most recently active.
    assertThat(numbers).containsExactly(1000L, 1004L, 1003L, 1002L, 1001L);

    assertThat(engine.conversations(FindConversations.all().withTeam("tech")).items())
        .extracting(i -> i.conversation().number()).containsExactly(1000L);
    assertThat(engine.conversations(FindConversations.all().withStatuses(Set.of(Status.RESOLVED))).items()).isEmpty();
    assertThat(page1.items().get(0).messageCount()).isEqualTo(2); // message + "moved to team" activity
  }

  @Test
  void updateContact_setsVipAndAttributes_andValidatesKeys() {
    Conversation c = engine.receive(lena("wamid.1", "Hallo")).conversation();
    at.ozeanlicht.support.core.domain.Contact updated = engine.updateContact(new UpdateContact(
        c.contactId(), true, java.util.Map.of("plan", "jahresbegleitung", "csatOptOut", "true"), Set.of(), "anna"));
    assertThat(updated.vip()).isTrue();
    assertThat(updated.attributes()).containsEntry("plan", "jahresbegleitung");
    assertThat(engine.conversation(c.id()).orElseThrow().contact()).isEqualTo(updated);
    assertThat(events).filteredOn(e -> e.type().equals("contact.updated")).singleElement()
        .satisfies(e -> assertThat(e.data()).containsEntry("changed", "attributes.csatOptOut,attributes.plan,vip"));

    at.ozeanlicht.support.core.domain.Contact again = engine.updateContact(new UpdateContact(
        c.contactId(), null, java.util.Map.of(), Set.of("plan"), null));
    assertThat(again.attributes()).doesNotContainKey("plan").containsKey("csatOptOut");
    assertThatThrownBy(() -> engine.updateContact(new UpdateContact(c.contactId(), null,
        java.util.Map.of("bad key", "x"), Set.of(), null)))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("set: attribute key 'bad key'");
    assertThatThrownBy(() -> engine.updateContact(new UpdateContact(java.util.UUID.randomUUID(), true,
        java.util.Map.of(), Set.of(), null)))
        .isInstanceOf(NotFoundException.class);
  }

  private static long count(String sql) {
    try (Connection c = SharedPostgres.pool().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
