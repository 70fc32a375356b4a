package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of evaluation: deterministic, and no configurable rule can lift the AI guard. */
class RoutingPropertiesTest {
  private static final long SEED = 20261124L;
  private static final Workspace WS = WorkspaceLoader.load(RoutingReferenceCasesTest.WORKSPACE);
  private static final Router REFERENCE = Router.load(RoutingReferenceCasesTest.WORKSPACE, WS);
  private static final List<String> WORDS = List.of("Zahlung", "Rechnung", "nicht", "einloggen",
      "Passwort", "Meditation", "ich", "fühle", "Rückerstattung", "refund", "Video", "lädt",
      "danke", "toll", "enttäuscht", "Kind", "Engel", "Kurs", "DSGVO", "Frage", "?", "!", "und",
      "the", "payment", "can't", "log", "in", "money", "back", "angry", "Trauer", "Ärger", "ß");
  private static final List<String> SENSITIVE = List.of("Ich will mein Geld zurück",
      "I want a refund", "Ich bin sehr enttäuscht und verärgert", "This is a scam",
      "Meine Mutter ist verstorben", "Während der Meditation hatte ich Angst",
      "Ich möchte mich beschweren");

  private static Gen<String> texts() {
    return lists().of(integers().between(0, WORDS.size() - 1).map(WORDS::get))
        .ofSizeBetween(0, 25).map(l -> String.join(" ", l));
  }

  @Test
  void route_sameInputTwice_sameDecision() {
    qt().withFixedSeed(SEED).withExamples(300)
        .forAll(texts(), booleans().all(), integers().between(0, 7 * 24 - 1))
        .checkAssert((text, vip, hour) -> {
          RoutingInput in = RoutingInput.of(text, Instant.parse("2026-11-23T00:00:00Z").plusSeconds(hour * 3600L))
              .withContact(vip, null, Map.of());
          assertThat(REFERENCE.route(in)).isEqualTo(REFERENCE.route(in));
          assertThat(REFERENCE.route(in, false).matchedRules()).isEqualTo(REFERENCE.route(in).matchedRules());
          // Explaining only the matches: the same decision, and the full trace's matched entries.
          RoutingDecision full = REFERENCE.route(in);
          RoutingDecision matches = REFERENCE.routeExplainingMatches(in);
          assertThat(matches.trace()).isEqualTo(full.trace().stream()
              .filter(t -> t.matched() && full.matchedRules().contains(t.rule())).toList());
          assertThat(matches.trace()).extracting(RuleTrace::rule).isEqualTo(full.matchedRules());
          assertThat(withoutTrace(matches)).isEqualTo(withoutTrace(full));
        });
  }

  private static RoutingDecision withoutTrace(RoutingDecision d) {
    return new RoutingDecision(d.team(), d.priority(), d.labels(), d.assignTo(), d.aiAllowed(),
        d.aiBlockedBy(), d.language(), d.sentiment(), d.category(), d.afterHours(), d.matchedRules(),
        d.reply(), d.notifyTargets(), d.escalationPolicy(), List.of());
  }

  @Test
  void route_anyRuleAllowingAi_cannotOverrideGuard() {
    // Rules that try everything to allow AI: match all, set ai_allowed: true, stop early.
    String rules = """
        rules:
          - name: allow-everything
            then: {ai_allowed: true, team: support, priority: low, labels: [ok]}
            stop: %s
          - name: allow-again
            when: {any: [{vip: true}, {vip: false}]}
            then: {ai_allowed: true}
        """;
    qt().withFixedSeed(SEED).withExamples(200)
        .forAll(integers().between(0, SENSITIVE.size() - 1), texts(), booleans().all(), booleans().all())
        .checkAssert((i, noise, stop, vip) -> {
          Router r = Router.parse(rules.formatted(stop), WS);
          RoutingDecision sensitive = r.route(RoutingInput.of(noise + " " + SENSITIVE.get(i) + " " + noise,
              Instant.parse("2026-11-24T10:00:00Z")));
          assertThat(sensitive.aiAllowed()).as(sensitive.trace().toString()).isFalse();
          RoutingDecision forVip = r.route(RoutingInput.of(noise, Instant.parse("2026-11-24T10:00:00Z"))
              .withContact(true, null, Map.of()));
          assertThat(forVip.aiAllowed()).isFalse();
          assertThat(forVip.aiBlockedBy()).contains(AiBoundaryGuard.VIP);
        });
  }
}
