package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class GdprIT {
  private static final String NAME = "Lena Berger-Wohlfahrt";
  private static final String EMAIL = "lena.wohlfahrt@example.org";
  private static final String PHONE = "+4915112349876";
  private static final String WA_ID = "4915112349876";
  private static final String BODY1 = "Ich fühle mich seit der Trennung von Markus sehr verloren.";
  private static final String BODY2 = "Meine Adresse ist Lindengasse 12, 1070 Wien, bitte \"diskret\".";
  private static final String REPLY = "Liebe Lena, danke für dein Vertrauen. Wir melden uns.";
  private static final String NOTE = "Lena wirkt belastet, bitte Sabine einbinden.";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private SupportEngine engine;

  private SupportEngine engine(PrivacySettings privacy) {
    engine = AccessControlIT.engine(clock, privacy);
    return engine;
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation lena() {
    InboundContact contact = new InboundContact(WA_ID, NAME, EMAIL, PHONE, "de");
    Conversation c = engine.receive(ReceiveMessage.text("wa", contact, "wamid.1", BODY1)).conversation();
    engine.receive(ReceiveMessage.text("wa", contact, "wamid.2", BODY2));
    engine.assign(new AssignConversation(c.id(), "support", "thomas", null));
    engine.reply(new SendReply(c.id(), "thomas", REPLY));
    engine.addNote(new AddNote(c.id(), "thomas", NOTE));
    engine.updateContact(new UpdateContact(c.contactId(), null, Map.of("city", "Wien-Neubau"), Set.of(), null));
    return c;
  }

  /** Someone else, who must keep every byte. */
  private Conversation other() {
    return engine.receive(ReceiveMessage.text("web", new InboundContact("web-77", "Max Muster", "max@example.org",
        null, "de"), "w1", "Wann beginnt der nächste Kurs für Fortgeschrittene?")).conversation();
  }

  private static void sql(String sql, Object... params) throws SQLException {
    try (Connection c = SharedPostgres.pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.execute();
      c.commit();
    }
  }

  /** Every text, JSON, array and byte column of every table in the catalog, with the cells holding any needle. */
  private static List<String> scan(List<String> needles) throws SQLException {
    List<String> hits = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      List<String[]> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("select table_name, column_name, udt_name from information_schema.columns"
          + " where table_schema = current_schema() and table_name not in ('flyway_schema_history', 'support_schema_history')"
          + " and udt_name in ('text', 'varchar', 'bpchar', 'json', 'jsonb', '_text', '_varchar', 'bytea')")) {
        while (rs.next()) {
          columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
      assertThat(columns.size()).isGreaterThan(30);
      for (String[] col : columns) {
        String expr = col[2].equals("bytea") ? "encode(\"" + col[1] + "\", 'escape')" : "\"" + col[1] + "\"::text";
        for (String needle : needles) {
          try (PreparedStatement ps = c.prepareStatement("select count(*) from \"" + col[0] + "\" where "
              + expr + " like '%' || ? || '%'")) {
            ps.setString(1, needle);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) > 0) {
                hits.add(col[0] + "." + col[1] + " holds '" + needle + "'");
              }
            }
          }
        }
      }
      c.rollback();
    }
    return hits;
  }

  @Test
  void export_holdsEverythingAboutThePerson_butNoPrivateNotes() {
    engine(PrivacySettings.none());
    Conversation c = lena();
    String json = engine.personalData().export(c.contactId());
    assertThat(json).contains(NAME, EMAIL, PHONE, WA_ID, "Lindengasse 12", "Markus", "Liebe Lena",
        "privateNotesWithheld", "conversation.assigned");
    assertThat(json).doesNotContain("belastet");
    assertThatThrownBy(() -> engine.personalData().export(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void erase_leavesNoTraceInAnyColumnOfAnyTable_andKeepsAggregates() throws SQLException {
    engine(PrivacySettings.none());
    Conversation c = lena();
    Conversation keep = other();
    // Places the engine writes only in some set-ups: KB gaps, raw webhook payloads, a copied event.
    sql("insert into kb_gaps (conversation_id, language, question, recorded_at) values (?, 'de', ?, now())",
        c.id(), BODY1);
    sql("insert into inbound_payloads (id, inbox, received_at, method, path, headers, body, sha256)"
        + " values (gen_random_uuid(), 'wa', now(), 'POST', '/wa', '{}', convert_to(?, 'UTF8'), 'x')",
        "{\"from\":\"" + WA_ID + "\",\"text\":\"" + BODY1 + "\"}");
    sql("insert into outbox_events (id, type, occurred_at, data) values (gen_random_uuid(), 'host.copied', now(),"
        + " cast(? as jsonb))", "{\"email\":\"" + EMAIL + "\",\"note\":\"" + BODY2.replace("\"", "\\\"") + "\"}");
    List<String> needles = List.of(NAME, EMAIL, PHONE, WA_ID, BODY1, BODY2, REPLY, NOTE, "Wien-Neubau",
        "Lindengasse 12, 1070 Wien");
    assertThat(scan(needles)).isNotEmpty();
    long messagesBefore = engine.conversation(c.id()).orElseThrow().messages().size();

    clock.advance(Duration.ofMinutes(5));
    Map<String, Integer> counts = engine.personalData().erase(c.contactId(), "Art. 17 request 2026-11");

    assertThat(scan(needles)).isEmpty();
    assertThat(counts).containsEntry("conversations", 1).containsEntry("rawPayloadsDeleted", 1);
    ConversationView after = engine.conversation(c.id()).orElseThrow();
    assertThat(after.messages()).hasSize((int) messagesBefore);
    assertThat(after.conversation().status()).isEqualTo(c.status());
    assertThat(after.contact().name()).isNull();
    ConversationView untouched = engine.conversation(keep.id()).orElseThrow();
    assertThat(untouched.contact().name()).isEqualTo("Max Muster");
    assertThat(untouched.messages().get(0).body()).contains("Fortgeschrittene");
    AuditEntry erased = engine.audit(new FindAudit(null, c.contactId(), null, null, 1000)).stream()
        .filter(e -> e.action().equals("contact.erased")).findFirst().orElseThrow();
    assertThat(erased.data()).containsEntry("reason", "Art. 17 request 2026-11");
  }

  @Test
  void retention_redactsOldResolvedConversations_onTick() {
    engine(new PrivacySettings(Set.of(), null, Duration.ofDays(30), PrivacySettings.RetentionMode.REDACT));
    Conversation c = lena();
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, null));
    Conversation fresh = other();
    engine.changeStatus(new ChangeStatus(fresh.id(), Status.RESOLVED, null));
    clock.advance(Duration.ofDays(29));
    engine.tick(clock.instant());
    assertThat(engine.conversation(c.id()).orElseThrow().messages()).anyMatch(m -> m.body().equals(BODY1));
    clock.advance(Duration.ofDays(2));
    TickReport report = engine.tick(clock.instant());
    assertThat(report.counts()).containsEntry("retentionApplied", 2);
    assertThat(engine.conversation(c.id()).orElseThrow().messages())
        .allSatisfy(m -> assertThat(m.body()).isEqualTo("[redacted]"));
    assertThat(engine.tick(clock.instant()).counts()).doesNotContainKey("retentionApplied");
  }

  @Test
  void retention_deleteMode_deletesOldResolvedConversations() {
    engine(new PrivacySettings(Set.of(), null, Duration.ofDays(30), PrivacySettings.RetentionMode.DELETE));
    Conversation c = lena();
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, null));
    Conversation open = other();
    clock.advance(Duration.ofDays(31));
    engine.tick(clock.instant());
    assertThat(engine.conversation(c.id())).isEmpty();
    assertThat(engine.conversation(open.id())).isPresent();
  }
}
