package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.macros.CannedResponse;
import at.ozeanlicht.support.core.macros.Macro;
import at.ozeanlicht.support.core.macros.MacroAction;
import at.ozeanlicht.support.core.macros.MacroCatalog;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Macros and canned responses on PostgreSQL: rendering, atomic application, priority. */
@ExtendWith(PostgresExtension.class)
class MacroIT {
  static final Workspace REFERENCE = WorkspaceLoader.load(Path.of("..", "examples", "ozean-licht"));
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<SupportEngine> engines = new ArrayList<>();

  SupportEngine engine(Workspace ws, Map<String, String> host) {
    SupportEngine.Builder b = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore()).workspace(ws).clock(clock);
    if (!host.isEmpty()) {
      b.contextProvider((c, contact) -> host);
    }
    SupportEngine e = b.build();
    engines.add(e);
    return e;
  }

  @AfterEach
  void close() {
    engines.forEach(SupportEngine::close);
  }

  static Conversation receive(SupportEngine e, String phone, String name, String lang, String id) {
    return e.receive(ReceiveMessage.text("ol-whatsapp",
        new InboundContact(phone, name, null, null, lang), id, "Hallo")).conversation();
  }

  static long count(String sql) {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void render_followsContactLanguage_andHostContext() {
    SupportEngine e = engine(REFERENCE, Map.of("course.title", "Herzöffnung",
        "course.module", "Modul 3"));
    Conversation de = receive(e, "43664111", "Anna Berger", "de", "w1");
    Conversation en = receive(e, "43664222", "Mary Smith", "en", "w2");

    assertThat(e.render("/course-progress", de.id(), "sabine", null)).singleElement()
        .satisfies(t -> {
          assertThat(t.language()).isEqualTo("de");
          assertThat(t.text()).startsWith("Liebe/r Anna,\nich habe nachgesehen: Du bist in "
              + "„Herzöffnung“ gerade bei Modul 3.");
          assertThat(t.text()).endsWith("Alles Liebe, Sabine");
        });
    assertThat(e.render("course-progress", en.id(), "sabine", null).get(0).text())
        .startsWith("Dear Mary,\nI had a look: in \"Herzöffnung\" you're currently at Modul 3.");
    assertThat(e.render("/greeting", en.id(), "sabine", "de").get(0).text())
        .startsWith("Hallo Mary,");
    assertThat(e.render("escalate-spiritual", de.id(), "thomas", null))
        .extracting(RenderedText::action).containsExactly("send /escalate-spiritual", "add note");
  }

  @Test
  void applyMacro_appliesEveryActionAndQueuesTheReply() {
    SupportEngine e = engine(REFERENCE, Map.of());
    Conversation c = receive(e, "43664111", "Anna Berger", "de", "w1");

    List<MacroResult> results = e.applyMacro(new ApplyMacro("escalate-spiritual", List.of(c.id()), "thomas"));

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.applied()).isTrue();
      assertThat(r.number()).isEqualTo(c.number());
      assertThat(r.actions()).containsExactly("send /escalate-spiritual (de)", "add labels meditation",
          "escalate to spiritual", "add note");
    });
    ConversationView v = e.conversation(c.id()).orElseThrow();
    assertThat(v.conversation().team()).isEqualTo("spiritual");
    assertThat(v.conversation().assignee()).isNull();
    assertThat(v.conversation().priority()).isEqualTo(Priority.HIGH);
    assertThat(v.conversation().labels()).containsExactly("meditation");
    assertThat(v.messages()).extracting(m -> m.kind()).containsExactly(MessageKind.INCOMING,
        MessageKind.OUTGOING, MessageKind.ACTIVITY, MessageKind.NOTE);
    assertThat(v.messages().get(3).body()).isEqualTo("Übergeben von Thomas – bitte persönlich melden (#"
        + c.number() + ").");
    assertThat(count("select count(*) from outbound_messages")).isEqualTo(1);
  }

  @Test
  void applyMacro_thirdActionFails_leavesConversationUnchanged_othersApplied() {
    MacroCatalog ref = REFERENCE.macros();
    List<CannedResponse> canned = new ArrayList<>(ref.canned());
    canned.add(new CannedResponse("/module", "Modul", Map.of("de", "Du bist bei {{ course.module }}.")));
    List<Macro> macros = new ArrayList<>(ref.macros());
    macros.add(new Macro("broken", "third action needs a host value", List.of(
        new MacroAction.AddLabels(Set.of("billing")), new MacroAction.Prioritize(Priority.CRITICAL),
        new MacroAction.Send("/module"), new MacroAction.SetStatus(Status.RESOLVED))));
    Workspace ws = REFERENCE.withMacros(new MacroCatalog(Map.of("course", List.of("module")), canned, macros));
    SupportEngine without = engine(ws, Map.of());
    Conversation c = receive(without, "43664111", "Anna Berger", "de", "w1");
    long events = count("select count(*) from outbox_events");
    UUID missing = UUID.randomUUID();

    List<MacroResult> results = without.applyMacro(new ApplyMacro("broken", List.of(c.id(), missing), "thomas"));

    assertThat(results.get(0)).isEqualTo(new MacroResult(c.id(), c.number(), false, List.of(),
        "actions[2] (send /module): variables.course.module: no value for {{ course.module }} and "
            + "the template has no fallback; add one like {{ course.module | default('...') }} or "
            + "provide the value"));
    assertThat(results.get(1)).isEqualTo(new MacroResult(missing, null, false, List.of(),
        "conversationId: no conversation " + missing));
    ConversationView v = without.conversation(c.id()).orElseThrow();
    assertThat(v.conversation()).isEqualTo(c);
    assertThat(v.messages()).hasSize(1);
    assertThat(count("select count(*) from outbound_messages")).isZero();
    assertThat(count("select count(*) from outbox_events")).isEqualTo(events);

    SupportEngine with = engine(ws, Map.of("course.module", "Modul 3"));
    assertThat(with.applyMacro(new ApplyMacro("broken", List.of(c.id()), "thomas")).get(0).applied()).isTrue();
    Conversation after = with.conversation(c.id()).orElseThrow().conversation();
    assertThat(after.status()).isEqualTo(Status.RESOLVED);
    assertThat(after.priority()).isEqualTo(Priority.CRITICAL);
    assertThat(after.labels()).containsExactly("billing");
  }

  @Test
  void applyMacro_unknownMacro_isValidationError() {
    SupportEngine e = engine(REFERENCE, Map.of());
    assertThatThrownBy(() -> e.applyMacro(new ApplyMacro("nope", List.of(UUID.randomUUID()), null)))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("macro: unknown macro 'nope', expected one of password-reset, ");
  }

  @Test
  void setPriority_changesItWithActivityAndEvent() {
    SupportEngine e = engine(REFERENCE, Map.of());
    Conversation c = receive(e, "43664111", "Anna Berger", "de", "w1");

    Conversation changed = e.setPriority(new SetPriority(c.id(), Priority.HIGH, "thomas"));

    assertThat(changed.priority()).isEqualTo(Priority.HIGH);
    assertThat(e.conversation(c.id()).orElseThrow().messages()).last()
        .satisfies(m -> assertThat(m.body()).isEqualTo("Priority set to high by Thomas Berger"));
    assertThat(count("select count(*) from outbox_events where type = 'conversation.priority_changed'"))
        .isEqualTo(1);
  }
}
