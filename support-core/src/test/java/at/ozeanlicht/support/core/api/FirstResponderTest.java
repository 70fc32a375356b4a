package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FirstResponderTest {
  /** A knowledge base that always finds the same two articles with a high score. */
  static final KnowledgeBase ALWAYS = new KnowledgeBase() {
    @Override
    public List<KbHit> search(String query, @Nullable String language, int limit) {
      return List.of(new KbHit("a1", "Artikel eins", "access", "de", 9, false),
          new KbHit("a2", "Artikel zwei", "technical", "de", 8, false)).subList(0, Math.min(2, limit));
    }

    @Override
    public Optional<KbArticle> article(String id) {
      return Optional.empty();
    }

    @Override
    public int size() {
      return 2;
    }
  };

  private final FirstResponder responder = new FirstResponder(ALWAYS, FirstResponsePolicy.defaults());

  private static FirstResponder.Request request(String text, @Nullable MessageAnalysis a, boolean vip) {
    return new FirstResponder.Request(text, "Anna Berger", "de", "de", vip, a, true);
  }

  @Test
  void respond_passwordQuestion_guidedFixArticlesAndBrowserQuestionInGerman() {
    FirstResponder.Reply r = responder.respond(request("Ich habe mein Passwort vergessen", null, false));

    assertThat(r.kind()).isEqualTo(FirstResponder.Kind.ANSWER);
    assertThat(r.fix()).isEqualTo(FirstResponder.Fix.PASSWORD);
    assertThat(r.text()).startsWith("Hallo Anna, danke für deine Nachricht!")
        .contains("Passwort vergessen?", "• Artikel eins", "welchen Browser verwendest du?");
    assertThat(r.articles()).containsExactly("a1", "a2");
  }

  @Test
  void respond_videoProblemInEnglish_browserCheckAndQuestion() {
    MessageAnalysis en = new MessageAnalysis("en", Sentiment.NEUTRAL, 0, "technical", Set.of(), 0.8);
    FirstResponder.Reply r = responder.respond(request("The video keeps buffering", en, false));

    assertThat(r.kind()).isEqualTo(FirstResponder.Kind.ANSWER);
    assertThat(r.language()).isEqualTo("en");
    assertThat(r.text()).startsWith("Hi Anna,").contains("A quick browser check",
        "Which browser are you using, and on which device?");
  }

  @Test
  void respond_lowConfidenceAndNoCommonIssue_onlyAcknowledges() {
    MessageAnalysis unsure = new MessageAnalysis("de", Sentiment.NEUTRAL, 0, "question", Set.of(), 0.1);
    FirstResponder.Reply r = responder.respond(request("Wann beginnt der nächste Kurs?", unsure, false));

    assertThat(r.kind()).isEqualTo(FirstResponder.Kind.ACKNOWLEDGE);
    assertThat(r.articles()).isEmpty();
  }

  @Test
  void respond_eachForbiddenCategory_onlyHonestAcknowledgment() {
    MessageAnalysis negative = new MessageAnalysis("de", Sentiment.NEGATIVE, -0.7, "access", Set.of(), 0.9);
    List<FirstResponder.Reply> replies = List.of(
        responder.respond(request("Ich möchte mein Geld zurück, Passwort geht auch nicht", null, false)),
        responder.respond(request("Ich habe bei der Meditation etwas gespürt, ist das normal? Passwort", null, false)),
        responder.respond(request("Ich möchte mich beschweren, das Video ruckelt", null, false)),
        responder.respond(request("Passwort vergessen", null, true)),
        responder.respond(request("Passwort vergessen", negative, false)));

    assertThat(replies).allSatisfy(r -> {
      assertThat(r.kind()).isEqualTo(FirstResponder.Kind.ACKNOWLEDGE);
      assertThat(r.text()).contains("persönlich von jemandem aus unserem Team").doesNotContain("•", "1.");
      assertThat(r.blockedBy()).isNotEmpty();
    });
    assertThat(replies).extracting(r -> r.blockedBy().get(0))
        .containsExactly("refund", "spiritual-personal", "complaint", "vip", "negative-sentiment");
  }

  @Test
  void respond_routingSaysNo_acknowledgesOnly() {
    FirstResponder.Reply r = responder.respond(
        new FirstResponder.Request("Passwort vergessen", null, "en", "de", false, null, false));
    assertThat(r.kind()).isEqualTo(FirstResponder.Kind.ACKNOWLEDGE);
    assertThat(r.blockedBy()).containsExactly("routing");
    assertThat(r.text()).startsWith("Hi, thank you for your message. Someone from our team");
  }

  @Test
  void confirmsSolved_thanksAndWorks_trueButNotWithNegationOrQuestion() {
    assertThat(FirstResponder.confirmsSolved("Danke, hat geklappt! 🙏")).isTrue();
    assertThat(FirstResponder.confirmsSolved("Thanks, it works now")).isTrue();
    assertThat(FirstResponder.confirmsSolved("Funktioniert immer noch nicht")).isFalse();
    assertThat(FirstResponder.confirmsSolved("it still doesn't work, not solved")).isFalse();
    assertThat(FirstResponder.confirmsSolved("geht jetzt wieder?")).isFalse();
  }
}
