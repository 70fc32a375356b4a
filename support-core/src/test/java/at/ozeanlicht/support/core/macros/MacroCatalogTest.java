package at.ozeanlicht.support.core.macros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading macros.yaml, strict template checks at load time, rendering in both languages. */
class MacroCatalogTest {
  static final Path REFERENCE = Path.of("..", "examples", "ozean-licht");
  static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
  static final Agent THOMAS = new Agent("thomas", "Thomas Berger", List.of("de", "en"),
      List.of("support"), AgentRole.LEAD, 3, 8, Availability.ONLINE);

  @TempDir Path dir;

  static Contact contact(String name, String language, Map<String, String> attributes) {
    return new Contact(UUID.randomUUID(), Map.of(ChannelType.WHATSAPP, "43664"), name,
        "anna@example.org", null, language, false, attributes, T0);
  }

  static Conversation conversation(UUID contact) {
    return new Conversation(UUID.randomUUID(), 4711, ConversationKind.SUPPORT, "ol-whatsapp",
        contact, List.of(), Status.OPEN, Priority.NORMAL, Set.of(), "support", "thomas",
        Map.of("order", "A-17"), null, T0, T0, null, null, null, 0);
  }

  static String render(Workspace ws, String shortcut, String lang, TemplateContext ctx) {
    CannedResponse c = ws.macros().canned(shortcut).orElseThrow();
    return Templates.render(c.text(lang, ws.defaults().language()).getValue(), ctx);
  }

  @Test
  void load_referenceWorkspace_hasEveryShippedCannedResponseInGermanAndEnglish() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);

    assertThat(ws.macros().canned()).extracting(CannedResponse::shortcut).contains("/greeting",
        "/password-reset", "/course-progress", "/escalate-spiritual", "/after-hours",
        "/payment-plan", "/cache-clear", "/csat-link", "/csat-reply");
    assertThat(ws.macros().canned()).allSatisfy(
        c -> assertThat(c.texts()).containsOnlyKeys("de", "en"));
    assertThat(ws.macros().macro("escalate-spiritual").orElseThrow().actions()).contains(
        new MacroAction.Send("/escalate-spiritual"), new MacroAction.Escalate("spiritual"));
    assertThat(ws.macros().macro("after-hours").orElseThrow().actions())
        .contains(new MacroAction.Snooze(Duration.ofHours(14)));
    assertThat(ws.macros().context()).containsEntry("course", List.of("title", "module", "progress"));
  }

  @Test
  void render_german_usesFirstNamesAndHostContext() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    Contact anna = contact("Anna Maria Berger", "de", Map.of());
    TemplateContext ctx = new TemplateContext(anna, THOMAS, conversation(anna.id()),
        ChannelType.WHATSAPP, new Brand("ozean-licht", "Ozean Licht", "de"),
        Map.of("course.title", "Herzöffnung", "course.module", "Modul 3", "course.progress", "40"));

    assertThat(render(ws, "/greeting", "de", ctx)).isEqualTo("""
        Hallo Anna,
        schön, dass du dich meldest! Ich bin Thomas von Ozean Licht und nehme mir gern Zeit für \
        dein Anliegen. Erzähl mir einfach, was dich bewegt.""");
    assertThat(render(ws, "/course-progress", "de", ctx)).startsWith("""
        Liebe/r Anna,
        ich habe nachgesehen: Du bist in „Herzöffnung“ gerade bei Modul 3 und hast 40 % geschafft.""");
    assertThat(render(ws, "/payment-plan", "de", ctx)).contains("(Anfrage #4711)");
  }

  @Test
  void render_english_andFallbacksWhenValuesAreMissing() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    Contact nameless = contact(null, "en", Map.of());
    TemplateContext ctx = new TemplateContext(nameless, THOMAS, null, null, null, Map.of());

    assertThat(render(ws, "/greeting", "en", ctx)).isEqualTo("""
        Hi there,
        lovely to hear from you! I'm Thomas from Ozean Licht, and I'm happy to take my time for \
        you. Just tell me what's on your mind.""");
    assertThat(render(ws, "/course-progress", "en", ctx)).startsWith("""
        Dear friend,
        I had a look: in "your course" you're currently at your current module. How wonderful""");
  }

  @Test
  void text_languageWithoutText_fallsBackToWorkspaceLanguage() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    CannedResponse greeting = ws.macros().canned("greeting").orElseThrow();

    assertThat(greeting.text("fr", "de").getKey()).isEqualTo("de");
    assertThat(greeting.text("en", "de").getKey()).isEqualTo("en");
  }

  @Test
  void render_missingValueWithoutFallback_isErrorNamingTheVariable() {
    String template = "Hallo {{ contact.firstName }}, Bestellung {{ conversation.attributes.order }}";
    TemplateContext ctx = new TemplateContext(contact(null, "de", Map.of()), null, null, null,
        null, Map.of());

    assertThatThrownBy(() -> Templates.render(template, ctx))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .containsExactly(FieldProblem.of("variables.contact.firstName",
                "no value for {{ contact.firstName }} and the template has no fallback; add one "
                    + "like {{ contact.firstName | default('...') }} or provide the value")));
  }

  @Test
  void render_attributesAndGuardedIf() {
    Contact anna = contact("Anna", "de", Map.of("plan", "Jahresabo"));
    TemplateContext ctx = new TemplateContext(anna, null, conversation(anna.id()), null, null,
        Map.of());

    assertThat(Templates.render("{{ contact.attributes.plan }}/{{ conversation.attributes.order }}"
        + "{% if contact.attributes.x is defined %}{{ contact.attributes.x }}{% endif %}"
        + "/{{ contact.attributes.y | default('-') | upper }}", ctx))
        .isEqualTo("Jahresabo/A-17/-");
  }

  @Test
  void check_unknownVariablesAndTags_areReported() {
    Map<String, List<String>> host = Map.of("course", List.of("module"));

    assertThat(Templates.check("{{ contact.firstName }} {{ course.module }}", host)).isEmpty();
    assertThat(Templates.check("{{ contact.nickname }}", host)).containsExactly(
        "unknown variable 'contact.nickname', expected one of contact.id, contact.name, "
            + "contact.firstName, contact.lastName, contact.email, contact.phone, "
            + "contact.language, contact.vip, contact.attributes.<name>");
    assertThat(Templates.check("{{ course.title }}", host)).containsExactly(
        "unknown variable 'course.title', expected one of course.module");
    assertThat(Templates.check("{{ order.id }}", host)).containsExactly(
        "unknown variable 'order.id', expected a name in one of the namespaces contact, agent, "
            + "conversation, brand, survey, course");
    assertThat(Templates.check("{% for x in contact %}{% endfor %}", host))
        .containsExactly("unsupported tag for, only {{ }} and {% if %} are allowed");
    assertThat(Templates.check("{{ contact.firstName ", host)).singleElement()
        .asString().startsWith("invalid template: ");
  }

  @Test
  void load_unknownVariable_isFieldProblemWithFileAndPath() throws IOException {
    Files.copy(REFERENCE.resolve("workspace.yaml"), dir.resolve("workspace.yaml"));
    Files.copy(REFERENCE.resolve("sla.yaml"), dir.resolve("sla.yaml"));
    Files.writeString(dir.resolve("macros.yaml"), """
        canned:
          - shortcut: /hello
            title: Hallo
            text:
              de: "Hallo {{ contact.firstname }}"
              en: "Hi {{ contact.firstName }}"
          - shortcut: hello
            title: ""
            text: {en: "Hi"}
        macros:
          - name: bad
            actions:
              - send: /nope
              - addLabels: [billing, vip-gold]
              - priority: urgent
              - snooze: soon
              - team: sales
                agent: thomas
        """);

    assertThatThrownBy(() -> WorkspaceLoader.load(dir))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .containsExactly(
                new FieldProblem("macros.yaml", "canned[0].text.de",
                    "unknown variable 'contact.firstname', expected one of contact.id, "
                        + "contact.name, contact.firstName, contact.lastName, contact.email, "
                        + "contact.phone, contact.language, contact.vip, contact.attributes.<name>"),
                new FieldProblem("macros.yaml", "canned[1].shortcut",
                    "must be a slash and a lower-case slug like /greeting, was 'hello'"),
                new FieldProblem("macros.yaml", "canned[1].title", "is required"),
                new FieldProblem("macros.yaml", "canned[1].text",
                    "must have a text in the workspace language 'de', the fallback for contacts "
                        + "whose language has no text"),
                new FieldProblem("macros.yaml", "macros[0].actions[0].send",
                    "unknown canned response '/nope', expected one of /hello"),
                new FieldProblem("macros.yaml", "macros[0].actions[1].addLabels[1]",
                    "unknown label 'vip-gold', expected one of billing, refund, access, bug, "
                        + "meditation, feedback, vip, kids"),
                new FieldProblem("macros.yaml", "macros[0].actions[2].priority",
                    "must be one of critical, high, normal, low, was 'urgent'"),
                new FieldProblem("macros.yaml", "macros[0].actions[3].snooze",
                    "must be a positive duration like 30m, 4h, 2d, 1w or PT4H, was 'soon'"),
                new FieldProblem("macros.yaml", "macros[0].actions[4]",
                    "must hold exactly one of send, addLabels, removeLabels, team, agent, "
                        + "priority, status, note, snooze, escalate, was team, agent")));
  }

  @Test
  void load_unknownKey_isReportedWithPath() throws IOException {
    Files.copy(REFERENCE.resolve("workspace.yaml"), dir.resolve("workspace.yaml"));
    Files.copy(REFERENCE.resolve("sla.yaml"), dir.resolve("sla.yaml"));
    Files.writeString(dir.resolve("macros.yaml"), """
        canned:
          - shortcut: /hello
            titel: Hallo
            text: {de: Hallo}
        """);

    assertThatThrownBy(() -> WorkspaceLoader.load(dir))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::source, FieldProblem::field)
            .contains(org.assertj.core.groups.Tuple.tuple("macros.yaml", "canned[0].titel")));
  }

  @Test
  void load_withoutMacrosFile_hasEmptyCatalog() throws IOException {
    Files.copy(REFERENCE.resolve("workspace.yaml"), dir.resolve("workspace.yaml"));
    Files.copy(REFERENCE.resolve("sla.yaml"), dir.resolve("sla.yaml"));

    assertThat(WorkspaceLoader.load(dir).macros()).isEqualTo(MacroCatalog.empty());
  }
}
