package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Instant TUESDAY = Instant.parse("2026-11-24T10:00:00Z");
  private static final String RULES = """
      keywords:
        billing: [zahlung, rechnung*, payment]
      rules:
        - name: billing
          when: {keywords: billing}
          then: {team: support, priority: high, labels: [billing]}
        - name: bug
          when: {text: [funktioniert nicht, "*fehler"]}
          then: {team: tech, labels: [bug]}
        - name: stop-here
          when: {vip: true}
          then: {labels: [vip]}
          stop: true
        - name: after-stop
          then: {labels: [never-for-vip]}
      """;

  private final Router router = Router.parse(RULES, TestWorkspaces.small());

  private RoutingDecision route(String text) {
    return router.route(RoutingInput.of(text, TUESDAY));
  }

  @Test
  void route_umlautsTypedAsAeOeUe_matchSameKeyword() {
    assertThat(route("Die Zahlung ging nicht durch").matchedRules()).contains("billing");
    assertThat(route("ZAHLUNGEN bitte pruefen").matchedRules()).contains("billing");
    assertThat(route("payments failed").matchedRules()).contains("billing");
  }

  @Test
  void route_wordBoundaries_noMatchInsideOtherWords() {
    assertThat(route("Ich bezahle bar").matchedRules()).doesNotContain("billing");
    assertThat(route("Ratenzahlung").matchedRules()).doesNotContain("billing");
  }

  @Test
  void route_wildcards_matchInsideCompounds() {
    assertThat(route("Meine Rechnungsadresse ist falsch").matchedRules()).contains("billing");
    assertThat(route("Ein Tippfehler im Zertifikat").matchedRules()).contains("bug");
  }

  @Test
  void route_laterRuleOverridesTeam_labelsAddUp() {
    RoutingDecision d = route("Die Zahlung funktioniert nicht");
    assertThat(d.team()).isEqualTo("tech");
    assertThat(d.priority()).isEqualTo(Priority.HIGH);
    assertThat(d.labels()).containsExactlyInAnyOrder("billing", "bug", "never-for-vip");
  }

  @Test
  void route_stop_endsEvaluationAndTraceSaysSo() {
    RoutingDecision d = router.route(RoutingInput.of("Hallo", TUESDAY).withContact(true, null, java.util.Map.of()));
    assertThat(d.labels()).containsExactly("vip");
    assertThat(d.trace()).anySatisfy(t -> assertThat(t.reason()).contains("rule 'stop-here' stopped evaluation"));
  }

  @Test
  void route_trace_saysForEveryRuleWhyNot() {
    RoutingDecision d = route("Hallo zusammen");
    assertThat(d.trace()).extracting(RuleTrace::rule)
        .containsExactly("analyzer", "billing", "bug", "stop-here", "after-stop", "guard");
    assertThat(d.trace().get(0).reason()).isEqualTo(Router.NO_ANALYZER);
    assertThat(d.trace().get(1).reason()).isEqualTo("text has none of the 3 keywords of billing");
  }

  @Test
  void route_guard_blocksAiForRefundEvenWithoutRules() {
    Router empty = Router.parse(null, TestWorkspaces.small());
    RoutingDecision d = empty.route(RoutingInput.of("Ich möchte eine Rückerstattung", TUESDAY));
    assertThat(d.aiAllowed()).isFalse();
    assertThat(d.aiBlockedBy()).contains(AiBoundaryGuard.REFUND);
  }

  @Test
  void route_guard_trustsAnalyzerSensitiveTopicsAndSentiment() {
    Router empty = Router.parse(null, TestWorkspaces.small());
    MessageAnalysis a = new MessageAnalysis("de", Sentiment.NEGATIVE, -0.8, "spiritual-personal",
        Set.of("spiritual-personal"), 0.9);
    RoutingDecision d = empty.route(RoutingInput.of("Hallo", TUESDAY).withAnalysis(a));
    assertThat(d.aiBlockedBy()).contains(AiBoundaryGuard.SPIRITUAL_PERSONAL, AiBoundaryGuard.NEGATIVE);
    assertThat(d.language()).isEqualTo("de");
    assertThat(d.category()).isEqualTo("spiritual-personal");
  }

  @Test
  void route_afterHours_fromDefaultWeekdayHoursInWorkspaceZone() {
    Router empty = Router.parse(null, TestWorkspaces.small());
    assertThat(empty.route(RoutingInput.of("x", Instant.parse("2026-11-24T16:59:00Z"))).afterHours()).isFalse();
    assertThat(empty.route(RoutingInput.of("x", Instant.parse("2026-11-24T17:00:00Z"))).afterHours()).isTrue();
    assertThat(empty.route(RoutingInput.of("x", Instant.parse("2026-11-28T10:00:00Z"))).afterHours()).isTrue();
  }

  @Test
  void parse_badFile_reportsEveryProblemWithFieldPath() {
    String bad = """
        rules:
          - name: a
            when: {colour: blue, priority: hgh}
            then: {team: nowhere, assign: somebody}
          - when: {text: ["*"]}
            then: {}
            on: no_human_reply
        """;
    assertThatThrownBy(() -> Router.parse(bad, TestWorkspaces.small()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field)
            .contains("rules[0].when.colour", "rules[0].when.priority", "rules[0].then.team",
                "rules[0].then.assign", "rules[1].name", "rules[1].when.text[0]", "rules[1].then",
                "rules[1].after"));
    assertThatThrownBy(() -> Router.parse(bad, TestWorkspaces.small()))
        .hasMessageContaining("priority: must be one of critical, high, normal, low, was 'hgh'");
  }

  @Test
  void businessHours_openBetween_countsOnlyWorkingTime() {
    BusinessHours h = BusinessHours.weekdays(java.time.ZoneId.of("Europe/Vienna"));
    // Friday 17:45 Vienna to Monday 09:15 Vienna: 15 + 15 minutes.
    assertThat(h.openBetween(Instant.parse("2026-11-27T16:45:00Z"), Instant.parse("2026-11-30T08:15:00Z")))
        .hasMinutes(30);
  }

  private static final Path REFERENCE = Path.of("..", "examples", "ozean-licht");

  @Test
  void route_publicHolidayOnAWeekday_isAfterHoursOnTheInboxCalendar() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    Router r = Router.load(REFERENCE, ws);
    // Tuesday 8 December 2026, 11:00 Vienna: Mariä Empfängnis, an Austrian public holiday.
    RoutingInput holiday = RoutingInput.of("Hallo, wann beginnt der Kurs?", Instant.parse("2026-12-08T10:00:00Z"))
        .withTrigger(Trigger.CONVERSATION_CREATED).withInbox("ol-web", "ozean-licht");
    RoutingDecision d = r.route(holiday);
    assertThat(d.afterHours()).isTrue();
    assertThat(d.trace()).anySatisfy(t -> assertThat(t.reason()).contains("outside business hours"));
    // The special day 23 December closes at 13:00.
    RoutingInput special = at(holiday, Instant.parse("2026-12-23T12:30:00Z"));
    assertThat(r.route(special).afterHours()).isTrue();
    assertThat(r.route(at(holiday, Instant.parse("2026-12-23T11:30:00Z"))).afterHours()).isFalse();
  }

  @Test
  void route_afterHoursNotice_namesTheHonestNextOpeningInTheContactsLanguage() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    Router r = Router.load(REFERENCE, ws);
    RoutingInput in = RoutingInput.of("Hello, a question about the course", Instant.parse("2026-12-08T10:00:00Z"))
        .withTrigger(Trigger.CONVERSATION_CREATED).withInbox("ol-web", "ozean-licht");

    RoutingDecision de = r.route(in.withContact(false, "de", Map.of()));
    RoutingDecision en = r.route(in.withContact(false, "en", Map.of()));

    assertThat(de.reply()).startsWith("Danke für deine Nachricht!").contains("morgen um 09:00 Uhr");
    assertThat(en.reply()).startsWith("Thanks for your message!").contains("tomorrow at 09:00");
    assertThat(r.route(at(in, Instant.parse("2026-12-09T10:00:00Z"))).reply()).isNull();
  }

  @Test
  void businessHours_ofInbox_usesItsSlaCalendarForBusinessMinutes() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);
    Router r = Router.load(REFERENCE, ws);
    // Monday 7 Dec 17:30 Vienna to Wednesday 9 Dec 09:30: 30 + 0 (holiday) + 30 minutes.
    assertThat(r.businessHours("ol-web").openBetween(Instant.parse("2026-12-07T16:30:00Z"),
        Instant.parse("2026-12-09T08:30:00Z"))).hasMinutes(60);
  }

  private static RoutingInput at(RoutingInput in, Instant when) {
    return new RoutingInput(in.text(), when, in.trigger(), in.channel(), in.inbox(), in.brand(),
        in.vip(), in.contactLanguage(), in.contactAttributes(), in.priority(), in.labels(), in.analysis());
  }
}
