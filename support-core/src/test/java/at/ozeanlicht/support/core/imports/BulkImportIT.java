package at.ozeanlicht.support.core.imports;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.ImportResult;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.SearchHit;
import at.ozeanlicht.support.core.reports.ReportFormat;
import at.ozeanlicht.support.core.reports.ReportPeriod;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The COPY path ({@link SupportEngine#importConversationsBulk}) against the engine's
 * per-conversation import: the same conversations through each, on an emptied database, must
 * leave the same rows (conversations with their derived and trigger-kept columns, messages in
 * order, contacts merged the same way, CSAT, outbox events, audit entries), the same results and
 * the same weekly report; search finds the bulk-imported messages once the backfill has run.
 */
@ExtendWith(PostgresExtension.class)
class BulkImportIT {
  private static final Instant T0 = Instant.parse("2026-11-17T08:00:00Z"); // Tuesday of 2026-W47
  private static final ZoneId ZONE = ZoneId.of("Europe/Vienna");
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small())
        .clock(new MutableClock(Instant.parse("2026-11-25T12:00:00Z")))
        .build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private static ImportConversation.ImportMessage msg(String id, MessageKind kind, Sender sender, String body,
      long seconds) {
    return new ImportConversation.ImportMessage(id, kind, sender, body, T0.plusSeconds(seconds));
  }

  private static final Sender CUSTOMER = new Sender(SenderType.CONTACT, "c");

  private static ImportConversation conv(String id, String inbox, ChannelType channel,
      ImportConversation.Contact contact, Status status, long resolvedAfter, CsatView csat,
      List<ImportConversation.ImportMessage> messages, long createdAfter) {
    return new ImportConversation(id, inbox, channel, contact, status == Status.RESOLVED ? "anna" : null,
        "support", status, Priority.NORMAL, new LinkedHashSet<>(List.of("billing")), T0.plusSeconds(createdAfter),
        status == Status.RESOLVED ? T0.plusSeconds(resolvedAfter) : null, csat, messages);
  }

  /** Edge cases of the derived columns and the contact merge, in two calls plus a repeat. */
  private static List<List<ImportConversation>> calls() {
    ImportConversation.Contact lenaBare = new ImportConversation.Contact("lena", null, null, null, false);
    ImportConversation.Contact lenaFull = new ImportConversation.Contact("lena", "Lena Berger",
        "lena@customer.test", "de", true, "+43 660 1234567", Map.of("plan", "jahresabo", "city", "Wien"));
    ImportConversation.Contact max = new ImportConversation.Contact("+4366012345", "Max Muster", null, "en", false);
    ImportConversation first = conv("a-1", "mail", ChannelType.EMAIL, lenaBare, Status.RESOLVED, 7200,
        new CsatView(4, "ok", T0.plusSeconds(9000)), List.of(
            // out of order on purpose; answered, then the customer writes again: waiting
            msg("m2", MessageKind.OUTGOING, Sender.agent("anna"), "Die Rechnung ist korrigiert.", 1800),
            msg("m1", MessageKind.INCOMING, CUSTOMER, "Meine Überweisung ist doppelt.", 0),
            msg("m3", MessageKind.NOTE, Sender.agent("anna"), "Gutschrift veranlasst\tintern\\n", 1900),
            msg("m4", MessageKind.INCOMING, CUSTOMER, "Danke!\nNoch eine Frage", 4000),
            msg("m5", MessageKind.INCOMING, CUSTOMER, "Hallo?", 5000)), 0);
    ImportConversation bot = conv("a-2", "wa", ChannelType.WHATSAPP, max, Status.RESOLVED, 600, null, List.of(
        msg("b1", MessageKind.INCOMING, CUSTOMER, "Where is my refund payment", 100),
        msg("b2", MessageKind.OUTGOING, Sender.bot(), "Your refund is on its way.", 103)), 100);
    ImportConversation noteOnly = conv("a-3", "web", ChannelType.WEB,
        new ImportConversation.Contact("w-1", null, null, null, false), Status.OPEN, 0, null, List.of(
            msg("n1", MessageKind.NOTE, Sender.agent("thomas"), "Rückruf vereinbart", 50)), 3600);
    ImportConversation replyFirst = conv("a-4", "mail", ChannelType.EMAIL, lenaFull, Status.OPEN, 0, null, List.of(
        msg("r1", MessageKind.OUTGOING, Sender.agent("thomas"), "Ihr Zertifikat ist fertig", 10),
        msg("r2", MessageKind.INCOMING, CUSTOMER, "Zertifikat erhalten, danke", 20),
        msg("r3", MessageKind.OUTGOING, Sender.agent("thomas"), "Gern geschehen", 30)), 7200);
    ImportConversation sameContactAgain = conv("a-5", "mail", ChannelType.EMAIL,
        // stored phone and attribute values win; only the new key "source" is added
        new ImportConversation.Contact("lena", "Other Name", "other@customer.test", "en", false, "+49 151 000000",
            Map.of("plan", "monatsabo", "source", "zammad")),
        Status.OPEN, 0, null, List.of(msg("s1", MessageKind.INCOMING, CUSTOMER, "Kursbuchung ändern", 0)), 86_400);
    return List.of(
        List.of(first, bot),
        // a-1 again (unchanged), a duplicate inside the call, an existing contact filled in
        List.of(noteOnly, first, replyFirst, sameContactAgain, replyFirst),
        List.of(first, bot, noteOnly, replyFirst, sameContactAgain));
  }

  /** What one import path left behind, with ids and prefixes made comparable. */
  private record Snapshot(List<String> results, List<String> rows, String report) {}

  private Snapshot run(String prefix, Function<List<ImportConversation>, List<ImportResult>> importer)
      throws SQLException {
    SharedPostgres.truncate();
    List<String> results = new ArrayList<>();
    for (List<ImportConversation> call : calls()) {
      List<ImportConversation> prefixed = call.stream().map(c -> withPrefix(prefix, c)).toList();
      for (ImportResult r : importer.apply(prefixed)) {
        results.add(r.created() + "/" + r.messages());
      }
    }
    engine.backfillSearch(Long.MAX_VALUE);
    List<String> rows = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(SNAPSHOT);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(rs.getString(1).replace(prefix, "X-"));
      }
      c.rollback();
    }
    String report = ReportFormat.JSON.render(engine.reports().report(ReportPeriod.week(LocalDate.of(2026, 11, 17)),
        ZONE));
    return new Snapshot(results, rows, report);
  }

  private static ImportConversation withPrefix(String prefix, ImportConversation c) {
    ImportConversation.Contact k = c.contact();
    return new ImportConversation(prefix + c.externalId(), c.inbox(), c.channel(),
        new ImportConversation.Contact(prefix + k.externalId(), k.name(), k.email(), k.language(), k.vip(),
            k.phone(), k.attributes()),
        c.assignee(), c.team(), c.status(), c.priority(), c.labels(), c.createdAt(), c.resolvedAt(), c.csat(),
        c.messages());
  }

  /** One JSON row per conversation: every stored column except row ids, sequence numbers made relative. */
  private static final String SNAPSHOT = """
      select json_build_object(
        'externalId', c.external_id, 'number', c.number - (select min(number) from conversations),
        'kind', c.kind, 'inbox', c.inbox, 'status', c.status, 'priority', c.priority, 'labels', c.labels,
        'team', c.team, 'assignee', c.assignee, 'participants', c.participants, 'attributes', c.attributes,
        'created', c.created_at, 'lastActivity', c.last_activity_at, 'firstResponse', c.first_response_at,
        'resolved', c.resolved_at, 'snoozed', c.snoozed_until, 'version', c.version,
        'waitingSince', c.waiting_since, 'slaDue', c.sla_due_at,
        'lastMessageSeqIsNewest', c.last_message_seq = coalesce((select max(m.seq) from messages m
            where m.conversation_id = c.id and m.kind <> 'activity'), 0),
        'contact', (select json_build_object('name', k.name, 'email', k.email, 'phone', k.phone,
            'language', k.language, 'vip', k.vip, 'attributes', k.attributes, 'created', k.created_at,
            'search', k.search::text,
            'identities', (select json_agg(json_build_array(i.channel, i.external_id) order by i.channel)
                from contact_identities i where i.contact_id = k.id))
            from contacts k where k.id = c.contact_id),
        'messages', (select json_agg(json_build_object('kind', m.kind, 'senderType', m.sender_type,
            'sender', case when m.sender_id = c.contact_id::text then 'the contact' else m.sender_id end,
            'body', m.body, 'contentType', m.content_type, 'inbox', m.inbox, 'created', m.created_at,
            'attachments', m.attachments, 'mentions', m.mentions, 'channelMessageId', m.channel_message_id,
            'delivered', m.delivered_at, 'read', m.read_at, 'sentiment', m.sentiment, 'search', m.search::text)
            order by m.seq) from messages m where m.conversation_id = c.id),
        'csat', (select json_build_object('rating', r.rating, 'comment', r.comment, 'at', r.submitted_at)
            from csat_responses r where r.conversation_id = c.id),
        'events', (select json_agg(json_build_object('type', e.type, 'at', e.occurred_at, 'data', e.data,
            'published', e.published_at) order by e.seq) from outbox_events e where e.conversation_id = c.id),
        'audit', (select json_agg(json_build_object('action', a.action, 'actorKind', a.actor_kind,
            'actor', a.actor_id, 'command', a.command, 'ofTheContact', a.contact_id = c.contact_id,
            'at', a.at, 'data', a.data, 'changes', a.changes) order by a.id)
            from audit_log a where a.conversation_id = c.id)
      )::text from conversations c order by c.number
      """;

  @Test
  void bulkPath_storesExactlyWhatTheEnginesImportStores() throws SQLException {
    Snapshot perConversation = run("ENGINE-", engine::importConversations);
    Snapshot bulk = run("BULK-", engine::importConversationsBulk);

    assertThat(bulk.rows()).hasSize(5);
    assertThat(bulk.results()).containsExactlyElementsOf(perConversation.results())
        .startsWith("true/5", "true/2", "true/1", "false/5", "true/3", "true/1", "false/3");
    assertThat(bulk.rows()).containsExactlyElementsOf(perConversation.rows());
    assertThat(bulk.report()).isEqualTo(perConversation.report());
    // the rows compared are the interesting ones: waiting after a later customer message,
    // cleared by a reply, untouched by a note; the shared contact filled in, not overwritten
    assertThat(bulk.rows().get(0)).contains("\"name\" : \"Lena Berger\"", "\"email\" : \"lena@customer.test\"",
        "\"vip\" : true").doesNotContain("\"waitingSince\" : null");
    assertThat(bulk.rows().get(1)).contains("\"waitingSince\" : null");
  }

  @Test
  void bulkImportedMessages_areFoundBySearch_onceTheBackfillHasRun() {
    List<ImportConversation> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(conv("s-" + i, "web", ChannelType.WEB, new ImportConversation.Contact("web-" + i, null, null, null,
          false), Status.OPEN, 0, null, List.of(
              msg("q", MessageKind.INCOMING, CUSTOMER, "Frage " + i + " zur Überweisung", i),
              msg("n", MessageKind.NOTE, Sender.agent("anna"), "Notiz " + i + " Stornogebühr", i + 1)), i));
    }
    engine.importConversationsBulk(many);
    Actor system = Actor.system();
    assertThat(engine.inbox().search(system, "uberweisung", Audience.TEAM, 100)).isEmpty();

    assertThat(engine.tick(Instant.parse("2026-11-25T12:00:00Z")).count("searchBackfilled")).isEqualTo(60);

    assertThat(engine.inbox().search(system, "uberweisung", Audience.CUSTOMER, 100))
        .extracting(SearchHit::conversationId).hasSize(30).doesNotHaveDuplicates();
    assertThat(engine.inbox().search(system, "stornogebühr", Audience.TEAM, 100)).hasSize(30);
    assertThat(engine.inbox().search(system, "stornogebühr", Audience.CUSTOMER, 100)).isEmpty();
    assertThat(engine.backfillSearch(Long.MAX_VALUE)).isZero();
    assertThat(engine.tick(Instant.parse("2026-11-25T12:00:00Z")).count("searchBackfilled")).isZero();
  }

  @Test
  void liveMessagesAfterABulkImport_keepTheInboxColumnsAsBefore() throws SQLException {
    engine.importConversationsBulk(calls().get(0));
    // the setting is transaction-local: the engine's next writes run the triggers again
    engine.importConversations(List.of(withPrefix("live-", calls().get(0).get(0))));
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement("select count(*) filter (where search is null),"
            + " count(*) from messages m join conversations k on k.id = m.conversation_id"
            + " where k.external_id like 'live-%'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
      assertThat(rs.getLong(2)).isEqualTo(5);
      c.rollback();
    }
    assertThat(engine.backfillSearch(Long.MAX_VALUE)).isEqualTo(7);
  }
}
