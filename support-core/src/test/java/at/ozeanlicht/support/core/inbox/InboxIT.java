package at.ozeanlicht.support.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ChangeStatus;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.LabelConversation;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SetPriority;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.Race;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class InboxIT {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final Actor thomas = actor("thomas");
  private final Actor anna = actor("anna");
  private final Actor marco = actor("marco");
  private SupportEngine engine;
  private UnifiedInbox inbox;

  static Workspace workspace() {
    // 24/7 first response in 1 hour, so "urgent" and the SLA sort have deadlines to work with.
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofHours(1)), false, 0.8,
        List.of(EscalationAction.NOTIFY), List.of(EscalationAction.NOTIFY), false);
    BusinessCalendar office = BusinessCalendar.of(VIENNA, BusinessHours.parse("mon-fri 09:00-18:00"));
    return TestWorkspaces.small().withSla(new SlaConfig(VIENNA, Map.of("office", office), "office", List.of(normal)));
  }

  private Actor actor(String handle) {
    return Actor.of(TestWorkspaces.small().agent(handle).orElseThrow());
  }

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(workspace()).clock(clock).listener(events::add)
        .contextProvider((c, contact) -> Map.of("course.module", "Modul 3")).build();
    inbox = engine.inbox();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String inboxId, String who, String body) {
    clock.advance(Duration.ofMinutes(1));
    return engine.receive(ReceiveMessage.text(inboxId,
        new InboundContact(who, "Kunde " + who, null, null, "de"), UUID.randomUUID().toString(), body))
        .conversation();
  }

  private Set<Long> numbers(Consumer<InboxQuery.Builder> filter) {
    return numbers(thomas, filter);
  }

  private Set<Long> numbers(Actor actor, Consumer<InboxQuery.Builder> filter) {
    InboxQuery.Builder b = InboxQuery.builder();
    filter.accept(b);
    Set<Long> out = new HashSet<>();
    inbox.page(actor, b.build()).rows().forEach(r -> out.add(r.number()));
    return out;
  }

  @Test
  void page_eachFilter_selectsExactlyTheMatchingConversations() {
    Conversation wa = receive("wa", "1", "Hallo, meine Zahlung ging nicht durch");
    Conversation web = receive("web", "2", "Wie buche ich den Kurs?");
    Conversation mail = receive("mail", "3", "Frage zu Kids Ascension");
    Conversation tg = receive("tg", "4", "Telegram hier");
    engine.assign(new AssignConversation(wa.id(), "support", "thomas", "thomas"));
    engine.assign(new AssignConversation(web.id(), "tech", "marco", "marco"));
    engine.label(new LabelConversation(wa.id(), Set.of("billing"), Set.of(), "thomas"));
    engine.setPriority(new SetPriority(mail.id(), Priority.HIGH, null));
    engine.reply(new SendReply(web.id(), "marco", "Im Kursbereich unter Buchen."));
    engine.changeStatus(new ChangeStatus(tg.id(), Status.RESOLVED, null));
    Message chat = inbox.postToChannel(anna, "#general", "Guten Morgen!");
    long chatNumber = engine.conversation(chat.conversationId()).orElseThrow().conversation().number();
    long all = 5;

    assertThat(numbers(b -> {})).hasSize((int) all);
    assertThat(numbers(b -> b.kind(ConversationKind.TEAM_CHAT))).containsExactly(chatNumber);
    assertThat(numbers(b -> b.kind(ConversationKind.SUPPORT))).hasSize(4);
    assertThat(numbers(b -> b.status(Status.RESOLVED))).containsExactly(tg.number());
    assertThat(numbers(b -> b.team("tech"))).containsExactly(web.number());
    assertThat(numbers(b -> b.label("billing"))).containsExactly(wa.number());
    assertThat(numbers(b -> b.channel(ChannelType.WHATSAPP))).containsExactly(wa.number());
    assertThat(numbers(b -> b.inbox("mail"))).containsExactly(mail.number());
    assertThat(numbers(b -> b.inbox(UnifiedInbox.TEAM_INBOX))).containsExactly(chatNumber);
    assertThat(numbers(b -> b.brand("ka"))).containsExactly(mail.number());
    assertThat(numbers(b -> b.assignee("marco"))).containsExactly(web.number());
    assertThat(numbers(b -> b.assignee(InboxQuery.ME))).containsExactly(wa.number());
    assertThat(numbers(b -> b.assignee(InboxQuery.NONE).kind(ConversationKind.SUPPORT)))
        .containsExactlyInAnyOrder(mail.number(), tg.number());
    assertThat(numbers(b -> b.priority(Priority.HIGH))).containsExactly(mail.number());
    assertThat(numbers(b -> b.waiting(true))).containsExactlyInAnyOrder(wa.number(), mail.number(), tg.number());
    // Anna wrote the chat message herself: for her it is read, for Thomas unread.
    assertThat(numbers(anna, b -> b.unread(true))).doesNotContain(chatNumber);
    assertThat(numbers(b -> b.unread(true))).contains(chatNumber);
    inbox.markRead(thomas, wa.id());
    assertThat(numbers(b -> b.unread(true))).doesNotContain(wa.number()).contains(mail.number());
    // First response due one hour after opening (24/7); web was answered, tg resolved.
    clock.advance(Duration.ofMinutes(50));
    assertThat(numbers(b -> b.urgentWithin(Duration.ofMinutes(10))))
        .containsExactlyInAnyOrder(wa.number(), mail.number());
    clock.advance(Duration.ofHours(2));
    assertThat(numbers(b -> b.urgentWithin(Duration.ZERO))).containsExactlyInAnyOrder(wa.number(), mail.number());
    InboxPage bySla = inbox.page(thomas, InboxQuery.builder().sort(InboxSort.SLA_DUE).build());
    assertThat(bySla.rows()).extracting(InboxRow::number).containsExactly(wa.number(), mail.number());
    assertThat(bySla.rows()).extracting(InboxRow::sla).containsOnly(SlaState.BREACHED);
  }

  @Test
  void page_rowPreview_carriesTitleExcerptChannelLabelsUnreadAndNeverANoteForCustomers() {
    Conversation wa = receive("wa", "1", "Meine Zahlung ging nicht durch");
    engine.label(new LabelConversation(wa.id(), Set.of("billing"), Set.of(), "thomas"));
    clock.advance(Duration.ofMinutes(5));
    inbox.addNote(anna, wa.id(), "intern: Stripe prüfen");

    InboxRow team = inbox.page(thomas, InboxQuery.builder().build()).rows().get(0);
    assertThat(team.title()).isEqualTo("Kunde 1");
    assertThat(team.channel()).isEqualTo(ChannelType.WHATSAPP);
    assertThat(team.excerpt()).isEqualTo("intern: Stripe prüfen");
    assertThat(team.labels()).containsExactly("billing");
    assertThat(team.unread()).isEqualTo(2);
    assertThat(team.age()).isEqualTo(Duration.ofMinutes(5));
    assertThat(team.sla()).isEqualTo(SlaState.RUNNING);
    assertThat(team.waiting()).isTrue();

    InboxRow customer = inbox.page(thomas, InboxQuery.builder().audience(Audience.CUSTOMER).build()).rows().get(0);
    assertThat(customer.excerpt()).isEqualTo("Meine Zahlung ging nicht durch");
    assertThat(customer.unread()).isEqualTo(1);
  }

  @Test
  void page_keysetUnderConcurrentInserts_returnsEveryEarlierConversationExactlyOnce() throws Exception {
    List<Long> original = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      original.add(receive("web", "v" + i, "Nachricht " + i).number());
    }
    List<Object> results = Race.run(2, index -> {
      if (index == 0) {
        List<Long> seen = new ArrayList<>();
        InboxQuery q = InboxQuery.builder().limit(4).build();
        while (true) {
          InboxPage p = inbox.page(thomas, q);
          p.rows().forEach(r -> seen.add(r.number()));
          if (p.nextCursor() == null) {
            return seen;
          }
          q = q.after(p.nextCursor());
        }
      }
      for (int i = 0; i < 20; i++) {
        engine.receive(ReceiveMessage.text("web", InboundContact.of("new" + i),
            UUID.randomUUID().toString(), "neu " + i));
      }
      return List.of();
    });
    @SuppressWarnings("unchecked")
    List<Long> seen = (List<Long>) results.get(0);
    assertThat(seen).doesNotHaveDuplicates().containsAll(original);
  }

  @Test
  void page_badFilters_nameTheField() {
    assertThatThrownBy(() -> inbox.page(thomas, InboxQuery.builder().team("nope").assignee("ghost").build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("team").hasMessageContaining("assignee");
    assertThatThrownBy(() -> inbox.page(thomas, InboxQuery.builder().cursor("garbage").build()))
        .hasMessageContaining("cursor");
    assertThatThrownBy(() -> InboxQuery.builder().limit(0).build()).hasMessageContaining("limit");
  }

  @Test
  void counts_perTab_inOneQuery() {
    Conversation a = receive("wa", "1", "a");
    Conversation b = receive("web", "2", "b");
    Conversation c = receive("mail", "3", "c");
    engine.assign(new AssignConversation(a.id(), "support", "thomas", null));
    engine.assign(new AssignConversation(b.id(), "tech", "marco", null));
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, null));
    inbox.postToChannel(anna, "general", "nicht gezählt");

    InboxCounts counts = inbox.counts(thomas);
    assertThat(counts).isEqualTo(new InboxCounts(2, 1, 0, 2, 1, Map.of("support", 1L, "tech", 1L)));
  }

  @Test
  void engineAddNote_andSessionAddNote_mentionLikeTheInbox() {
    Conversation c = receive("wa", "1", "Die App stürzt ab");
    events.clear();
    Message note = engine.addNote(new at.ozeanlicht.support.core.api.AddNote(c.id(), "thomas", "@anna und @tech bitte"));
    assertThat(note.kind()).isEqualTo(MessageKind.NOTE);
    assertThat(note.mentions()).containsExactly("anna", "tech");
    assertThat(inbox.mentions(anna)).singleElement().satisfies(m -> assertThat(m.messageId()).isEqualTo(note.id()));
    engine.as(anna).addNote(new at.ozeanlicht.support.core.api.AddNote(c.id(), "anna", "@thomas erledigt"));

    assertThat(events).filteredOn(e -> e.type().equals("mention.created"))
        .extracting(e -> e.data().get("agent")).containsExactlyInAnyOrder("anna", "marco", "thomas");
    assertThat(inbox.mentions(anna)).isEmpty(); // writing in the conversation read it
    assertThat(inbox.mentions(marco)).singleElement().satisfies(m -> assertThat(m.viaTeam()).isEqualTo("tech"));
    assertThat(inbox.mentions(thomas)).singleElement().satisfies(m -> assertThat(m.author()).isEqualTo("anna"));
    assertThat(inbox.unread(thomas, c.id())).isEqualTo(1); // anna's note; his own is read
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().participants())
        .contains("anna", "marco", "thomas");
    assertThat(engine.outbound(null, 100)).isEmpty(); // notes never go to a channel
  }

  @Test
  void mentions_agentAndTeam_createEventsAndUnreadMarkers_clearedWhenRead() {
    Conversation c = receive("wa", "1", "Die App stürzt ab");
    events.clear();
    inbox.addNote(thomas, c.id(), "@anna bitte übernehmen, @tech schaut euch den Absturz an, @nobody");

    assertThat(events).filteredOn(e -> e.type().equals("mention.created"))
        .extracting(e -> e.data().get("agent")).containsExactlyInAnyOrder("anna", "marco");
    assertThat(inbox.mentions(anna)).hasSize(1).first()
        .satisfies(m -> assertThat(m.viaTeam()).isNull());
    assertThat(inbox.mentions(marco)).singleElement().satisfies(m -> {
      assertThat(m.viaTeam()).isEqualTo("tech");
      assertThat(m.author()).isEqualTo("thomas");
    });
    assertThat(inbox.mentions(thomas)).isEmpty();
    assertThat(inbox.unread(anna, c.id())).isEqualTo(2);
    assertThat(inbox.unread(thomas, c.id())).isZero(); // his own note; markRead on write

    clock.advance(Duration.ofMinutes(2));
    ReadReceipt receipt = inbox.markRead(anna, c.id());
    assertThat(inbox.mentions(anna)).isEmpty();
    assertThat(inbox.unread(anna, c.id())).isZero();
    assertThat(inbox.mentions(marco)).hasSize(1);
    assertThat(inbox.readReceipts(thomas, c.id())).extracting(ReadReceipt::reader).contains("anna", "thomas");
    assertThat(receipt.readAt()).isEqualTo(clock.instant());
    assertThat(engine.conversation(c.id()).orElseThrow().conversation().participants())
        .contains("anna", "marco", "thomas");
  }

  @Test
  void teamChat_channelsAndDirectMessages_oneConversationEachAndCannedResponses() {
    Message first = inbox.postToChannel(anna, "#tech-support", "Wer kennt sich mit Stripe aus?");
    Message second = inbox.postToChannel(thomas, "tech-support", "@anna ich");
    assertThat(second.conversationId()).isEqualTo(first.conversationId());
    Message dm1 = inbox.directMessage(anna, "thomas", "Kaffee?");
    Message dm2 = inbox.directMessage(thomas, "anna", "Gern");
    assertThat(dm2.conversationId()).isEqualTo(dm1.conversationId()).isNotEqualTo(first.conversationId());
    InboxPage chats = inbox.page(anna, InboxQuery.builder().kind(ConversationKind.TEAM_CHAT).build());
    assertThat(chats.rows()).extracting(InboxRow::title).containsExactlyInAnyOrder("#tech-support", "anna, thomas");
    assertThat(inbox.mentions(anna)).hasSize(1);
    assertThatThrownBy(() -> inbox.postToChannel(anna, "Bad Name!", "x")).hasMessageContaining("channel");
    assertThatThrownBy(() -> inbox.postToChannel(Actor.system(), "general", "x")).hasMessageContaining("actor");
    assertThatThrownBy(() -> inbox.directMessage(anna, "anna", "x")).hasMessageContaining("to");
  }

  @Test
  void postToChannel_racingFirstPosts_shareOneChannel() throws Exception {
    List<Message> posted = Race.run(4, i -> inbox.postToChannel(i % 2 == 0 ? anna : thomas, "sales", "Hallo " + i));
    assertThat(posted).extracting(Message::conversationId).containsOnly(posted.get(0).conversationId());
    assertThat(inbox.thread(anna, posted.get(0).conversationId(), Audience.TEAM)).hasSize(4);
  }

  @Test
  void typing_isEphemeral_listenersOnlyNeverStored() throws Exception {
    Conversation c = receive("web", "1", "Hallo");
    events.clear();
    inbox.typing(thomas, c.id());
    assertThat(events).extracting(DomainEvent::type).containsExactly("typing");
    try (Connection con = SharedPostgres.pool().getConnection(); Statement st = con.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from outbox_events where type = 'typing'")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void handoff_receiverSeesFullHistoryWithActivityAndNote() {
    Conversation c = receive("wa", "1", "Ich habe doppelt bezahlt");
    engine.assign(new AssignConversation(c.id(), "support", "anna", "anna"));
    inbox.addNote(anna, c.id(), "Stripe zeigt zwei Buchungen");
    engine.reply(new SendReply(c.id(), "anna", "Wir prüfen das."));
    clock.advance(Duration.ofMinutes(3));

    Conversation after = inbox.handoff(anna, c.id(), null, "thomas", "Rückerstattung bitte, Details in der Notiz");

    assertThat(after.assignee()).isEqualTo("thomas");
    List<Message> history = inbox.thread(thomas, c.id(), Audience.TEAM);
    assertThat(history).extracting(Message::body).contains("Ich habe doppelt bezahlt",
        "Stripe zeigt zwei Buchungen", "Wir prüfen das.", "Thomas Berger joined the conversation by Anna Huber",
        "Handoff to @thomas: Rückerstattung bitte, Details in der Notiz");
    assertThat(inbox.watchers(thomas, c.id())).containsExactly("thomas");
    assertThat(inbox.mentions(thomas)).hasSize(1);
    assertThat(inbox.unread(thomas, c.id())).isEqualTo(4); // everything before, nothing lost
    assertThat(events).extracting(DomainEvent::type).contains("conversation.handoff", "conversation.assigned");
    assertThat(inbox.thread(thomas, c.id(), Audience.CUSTOMER)).extracting(Message::kind)
        .isSubsetOf(MessageKind.INCOMING, MessageKind.OUTGOING);
  }

  /** A database fault: {@code table} refuses the rows matching {@code when} until closed. */
  private static AutoCloseable failOn(String table, String event, String when) throws Exception {
    try (Connection con = SharedPostgres.pool().getConnection(); Statement st = con.createStatement()) {
      con.setAutoCommit(true);
      st.execute("create function inbox_it_fault() returns trigger language plpgsql as $$"
          + " begin raise exception 'injected fault on %', tg_table_name; end $$");
      st.execute("create trigger inbox_it_fault before " + event + " on " + table + " for each row when ("
          + when + ") execute function inbox_it_fault()");
    }
    return () -> {
      try (Connection con = SharedPostgres.pool().getConnection(); Statement st = con.createStatement()) {
        con.setAutoCommit(true);
        st.execute("drop trigger inbox_it_fault on " + table);
        st.execute("drop function inbox_it_fault()");
      }
    };
  }

  private long outboxEvents() throws Exception {
    try (Connection con = SharedPostgres.pool().getConnection(); Statement st = con.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from outbox_events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void handoff_failingAfterTheAssignment_writesNothing() throws Exception {
    Conversation c = receive("wa", "1", "Ich habe doppelt bezahlt");
    int messages = engine.conversation(c.id()).orElseThrow().messages().size();
    long outbox = outboxEvents();
    events.clear();
    try (AutoCloseable fault = failOn("watchers", "insert", "true")) {
      assertThatThrownBy(() -> inbox.handoff(anna, c.id(), "support", "thomas", "bitte übernehmen"))
          .hasMessageContaining("injected fault");
    }
    Conversation after = engine.conversation(c.id()).orElseThrow().conversation();
    assertThat(after.assignee()).isNull();
    assertThat(after.team()).isNull();
    assertThat(engine.conversation(c.id()).orElseThrow().messages()).hasSize(messages);
    assertThat(inbox.mentions(thomas)).isEmpty();
    assertThat(events).isEmpty();
    assertThat(outboxEvents()).isEqualTo(outbox);
    assertThat(engine.audit(new at.ozeanlicht.support.core.api.FindAudit(c.id(), null, "anna", null, 10))).isEmpty();

    Conversation handed = inbox.handoff(anna, c.id(), "support", "thomas", "bitte übernehmen");
    assertThat(handed.assignee()).isEqualTo("thomas");
    assertThat(engine.audit(new at.ozeanlicht.support.core.api.FindAudit(c.id(), null, "anna", null, 10)))
        .allSatisfy(e -> assertThat(e.command()).isEqualTo("handoff"))
        .anySatisfy(e -> assertThat(e.changes()).containsKeys("assignee", "team"));
  }

  @Test
  void finishingDevTicket_statusChangeFailing_leavesTheStateUnmoved() throws Exception {
    Conversation ticket = inbox.openDevTicket(marco, "Video-Player hängt", "Seit dem Update", "tech", List.of());
    inbox.moveDevTicket(marco, ticket.id(), DevTicketState.IN_PROGRESS);
    int messages = engine.conversation(ticket.id()).orElseThrow().messages().size();
    events.clear();
    try (AutoCloseable fault = failOn("conversations", "update", "new.status = 'resolved'")) {
      assertThatThrownBy(() -> inbox.moveDevTicket(marco, ticket.id(), DevTicketState.DONE))
          .hasMessageContaining("injected fault");
    }
    assertThat(inbox.devTicketState(marco, ticket.id())).contains(DevTicketState.IN_PROGRESS);
    assertThat(engine.conversation(ticket.id()).orElseThrow().conversation().status()).isEqualTo(Status.OPEN);
    assertThat(engine.conversation(ticket.id()).orElseThrow().messages()).hasSize(messages);
    assertThat(events).isEmpty();

    inbox.moveDevTicket(marco, ticket.id(), DevTicketState.DONE);
    assertThat(inbox.devTicketState(marco, ticket.id())).contains(DevTicketState.DONE);
    assertThat(engine.conversation(ticket.id()).orElseThrow().conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(events).extracting(DomainEvent::type).contains("dev_ticket.state_changed", "conversation.status_changed");
  }

  @Test
  void search_moreHitsThanTheLimit_returnsTheNewestVisibleOnes() {
    // More matches than the limit: found by the newest-first walk instead of the GIN fallback.
    Conversation first = receive("wa", "1", "Frage zum Kurs eins");
    clock.advance(Duration.ofMinutes(1));
    receive("wa", "2", "Frage zum Kurs zwei");
    clock.advance(Duration.ofMinutes(1));
    receive("web", "3", "Frage zum Kurs drei");
    clock.advance(Duration.ofMinutes(1));
    inbox.addNote(thomas, first.id(), "Kurs intern prüfen");

    assertThat(inbox.search(thomas, "kurs", Audience.CUSTOMER, 2)).extracting(SearchHit::snippet)
        .containsExactly("Frage zum «Kurs» drei", "Frage zum «Kurs» zwei");
    assertThat(inbox.search(thomas, "kurs", Audience.TEAM, 2))
        .filteredOn(h -> h.type() == SearchHit.Type.MESSAGE).extracting(SearchHit::snippet)
        .containsExactly("«Kurs» intern prüfen", "Frage zum «Kurs» drei");
    assertThat(inbox.search(thomas, "kunde", Audience.TEAM, 2))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).hasSize(2);
  }

  @Test
  void search_germanAndEnglish_accentInsensitive_notesOnlyForTheTeam() {
    Conversation c = receive("wa", "1", "Die Überweisung für den Kurs ist nicht angekommen");
    receive("web", "2", "My payments were refunded twice");
    inbox.addNote(thomas, c.id(), "Überweisungen manuell prüfen, geheim");

    assertThat(inbox.search(thomas, "uberweisung", Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.MESSAGE).hasSize(2);
    List<SearchHit> customer = inbox.search(thomas, "Überweisung", Audience.CUSTOMER, 20);
    assertThat(customer).hasSize(1).allSatisfy(h -> {
      assertThat(h.messageKind()).isEqualTo(MessageKind.INCOMING);
      assertThat(h.snippet()).contains("«Überweisung»");
    });
    assertThat(inbox.search(thomas, "payment refund", Audience.CUSTOMER, 20)).hasSize(1);
    assertThat(inbox.search(thomas, "kunde", Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).hasSize(2);
    assertThat(inbox.search(thomas, "kunde", Audience.CUSTOMER, 20)).isEmpty();
    assertThatThrownBy(() -> inbox.search(thomas, " ", Audience.TEAM, 20)).hasMessageContaining("query");
    // Even a reply-kind message in a team channel stays internal.
    Message chat = inbox.postToChannel(anna, "general", "Hallo Team");
    engine.reply(new SendReply(chat.conversationId(), "anna", "Zahlungsfreigabe intern"));
    assertThat(inbox.search(thomas, "zahlungsfreigabe", Audience.CUSTOMER, 20)).isEmpty();
    assertThat(inbox.search(thomas, "zahlungsfreigabe", Audience.TEAM, 20)).hasSize(1);
    assertThat(inbox.page(thomas, InboxQuery.builder().audience(Audience.CUSTOMER).build()).rows())
        .extracting(InboxRow::kind).containsOnly(ConversationKind.SUPPORT);
  }

  @Test
  void devTicket_statesAndLinks() {
    Conversation support = receive("wa", "1", "Video lädt nicht");
    Conversation ticket = inbox.openDevTicket(anna, "Video-Player hängt", "Siehe #" + support.number() + " @tech",
        "tech", List.of(support.id()));
    assertThat(ticket.kind()).isEqualTo(ConversationKind.DEV_TICKET);
    assertThat(inbox.devTicketState(anna, ticket.id())).contains(DevTicketState.NEW);
    assertThat(inbox.linkedDevTickets(anna, support.id())).containsExactly(ticket.id());
    assertThat(inbox.mentions(marco)).hasSize(1);

    inbox.moveDevTicket(marco, ticket.id(), DevTicketState.IN_PROGRESS);
    assertThatThrownBy(() -> inbox.moveDevTicket(marco, ticket.id(), DevTicketState.NEW))
        .isInstanceOf(ValidationException.class).hasMessageContaining("state");
    inbox.moveDevTicket(marco, ticket.id(), DevTicketState.DONE);
    assertThat(engine.conversation(ticket.id()).orElseThrow().conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(numbers(b -> b.kind(ConversationKind.DEV_TICKET)))
        .containsExactly(ticket.number());
    assertThat(inbox.page(anna, InboxQuery.builder().kind(ConversationKind.DEV_TICKET).build()).rows().get(0).title())
        .isEqualTo("Video-Player hängt");
  }

  @Test
  void context_mergesLibraryKnowledgeWithHostValues() {
    Conversation first = receive("wa", "1", "Erste Frage");
    engine.label(new LabelConversation(first.id(), Set.of("billing"), Set.of(), null));
    engine.changeStatus(new ChangeStatus(first.id(), Status.RESOLVED, null));
    Conversation second = receive("wa", "1", "Zweite Frage");
    UUID contact = second.contactId();
    inbox.addContactNote(thomas, contact, "Bevorzugt Telefon bei komplexen Themen");

    ContextView view = inbox.context(thomas, second.id());
    assertThat(view.memberSince()).isNotNull();
    assertThat(view.zone()).isEqualTo(VIENNA);
    assertThat(view.notes()).extracting(ContextView.ContactNote::body)
        .containsExactly("Bevorzugt Telefon bei komplexen Themen");
    assertThat(view.host()).containsEntry("course.module", "Modul 3");
    if (!second.id().equals(first.id())) {
      assertThat(view.previous()).singleElement().satisfies(p -> {
        assertThat(p.status()).isEqualTo(Status.RESOLVED);
        assertThat(p.labels()).containsExactly("billing");
      });
    }
  }

  @Test
  void bulk_perConversationResults_oneFailureDoesNotStopTheOthers() {
    Conversation a = receive("wa", "1", "a");
    Conversation b = receive("web", "2", "b");
    UUID missing = UUID.randomUUID();
    List<BulkResult> labelled = inbox.bulk(thomas, new BulkAction.Label(Set.of("billing"), Set.of()),
        List.of(a.id(), missing, b.id()));
    assertThat(labelled).extracting(BulkResult::ok).containsExactly(true, false, true);
    assertThat(labelled.get(1).error()).isEqualTo("not_found");

    List<BulkResult> assigned = inbox.bulk(thomas, new BulkAction.Assign("tech", "marco"),
        List.of(a.id(), b.id()));
    assertThat(assigned).allMatch(BulkResult::ok);
    List<BulkResult> closed = inbox.bulk(thomas, new BulkAction.Close(),
        InboxQuery.builder().label("billing").build(), 100);
    assertThat(closed).hasSize(2).allMatch(BulkResult::ok);
    assertThat(numbers(q -> q.status(Status.RESOLVED))).containsExactlyInAnyOrder(a.number(), b.number());
  }
}
