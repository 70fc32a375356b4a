package at.ozeanlicht.support.core.api;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * No configuration lets a forbidden message get an AI answer: for every policy (any thresholds),
 * every routing verdict (true, false, none), an always-matching knowledge base, any analyzer
 * output, and messages that are refunds, personal spiritual questions, complaints, from a VIP or
 * negative, the first response is only the acknowledgment. Seed pinned by QuickTheories' default
 * ({@code -DQT_SEED=…} to replay one printed on failure).
 */
class FirstResponderPropertyTest {
  private static final List<String> FORBIDDEN_TEXTS = List.of(
      "Ich will mein Geld zurück", "Bitte Rückerstattung, Passwort geht nicht", "I want a refund",
      "please cancel my subscription and reset my password", "Ich fühle mich so leer nach der Meditation",
      "I had a spiritual experience during meditation, video buffering", "Ich möchte mich beschweren",
      "This is unacceptable, the video won't play", "Das ist eine Frechheit, Cache geleert, nichts",
      "mein Vater ist gestorben und ich finde den Kurs nicht", "scam!!! login broken",
      "I am so angry, password reset never arrives");
  private static final List<String> INNOCENT_TEXTS = List.of("Passwort vergessen",
      "video keeps buffering", "Wie leere ich den Cache?", "I forgot my password", "Kurs nicht sichtbar");

  private static Gen<FirstResponsePolicy> policies() {
    return doubles().between(0, 1).zip(doubles().between(0.0001, 1000), integers().between(1, 5),
        FirstResponsePolicy::new);
  }

  private static Gen<Boolean> routing() {
    return Generate.pick(java.util.Arrays.asList(Boolean.TRUE, Boolean.FALSE, null));
  }

  private static Gen<MessageAnalysis> neutralAnalyses() {
    return doubles().between(0, 1).zip(Generate.pick(List.of("de", "en")),
        (c, l) -> new MessageAnalysis(l, Sentiment.NEUTRAL, 0, "access", Set.of(), c));
  }

  @Test
  void respond_guardedTextAnyConfiguration_neverAnswers() {
    qt().withExamples(300).forAll(policies(), routing(), Generate.pick(FORBIDDEN_TEXTS), booleans().all())
        .checkAssert((policy, route, text, withAnalysis) -> {
          FirstResponder r = new FirstResponder(FirstResponderTest.ALWAYS, policy);
          MessageAnalysis a = withAnalysis
              ? new MessageAnalysis("de", Sentiment.NEUTRAL, 0, "access", Set.of(), 1) : null;
          assertAcknowledgeOnly(r.respond(new FirstResponder.Request(text, "Anna", "de", "de", false, a, route)));
        });
  }

  @Test
  void respond_vipOrNegativeOrSensitiveAnalysis_neverAnswers() {
    Gen<MessageAnalysis> bad = doubles().between(-1, -0.01).zip(doubles().between(0, 1),
        Generate.pick(List.of("none", "refund", "spiritual-personal", "complaint")),
        (score, conf, topic) -> topic.equals("none")
            ? new MessageAnalysis("en", Sentiment.NEGATIVE, score, "access", Set.of(), conf)
            : new MessageAnalysis("en", Sentiment.NEUTRAL, 0, "access", Set.of(topic), conf));
    qt().withExamples(300).forAll(policies(), routing(), Generate.pick(INNOCENT_TEXTS), bad)
        .checkAssert((policy, route, text, a) -> assertAcknowledgeOnly(new FirstResponder(
            FirstResponderTest.ALWAYS, policy).respond(
                new FirstResponder.Request(text, null, "en", "de", false, a, route))));
    qt().withExamples(200).forAll(policies(), routing(), Generate.pick(INNOCENT_TEXTS), neutralAnalyses())
        .checkAssert((policy, route, text, a) -> assertAcknowledgeOnly(new FirstResponder(
            FirstResponderTest.ALWAYS, policy).respond(
                new FirstResponder.Request(text, null, "en", "de", true, a, route))));
  }

  private static void assertAcknowledgeOnly(FirstResponder.Reply reply) {
    if (reply.kind() != FirstResponder.Kind.ACKNOWLEDGE || !reply.articles().isEmpty()
        || reply.fix() != null || reply.blockedBy().isEmpty()) {
      throw new AssertionError("AI answered a guarded message: " + reply);
    }
  }
}
