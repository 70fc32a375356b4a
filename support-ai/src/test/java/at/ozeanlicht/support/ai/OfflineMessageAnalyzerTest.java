package at.ozeanlicht.support.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfflineMessageAnalyzerTest {
  private static final OfflineMessageAnalyzer ANALYZER = new OfflineMessageAnalyzer();

  private static MessageAnalysis analyze(String text) {
    return ANALYZER.analyze(text, null);
  }

  @Test
  void serviceLoader_findsOfflineAnalyzer() {
    List<String> names = new ArrayList<>();
    for (MessageAnalyzer a : ServiceLoader.load(MessageAnalyzer.class)) {
      names.add(a.name());
      assertThat(a).isInstanceOf(OfflineMessageAnalyzer.class);
    }
    assertThat(names).containsExactly("offline");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Hallo|de", "hi|en", "danke!!|de", "geht nicht|de", "can't login|en", "Servus|de",
      "thx|en", "Passwort vergessen|de", "kein Zugang mehr|de", "my video won't play|en",
      "Grüße|de", "Rückerstattung bitte|de", "refund please|en", "merci beaucoup|fr",
      "gracias por todo|es", "grazie mille|it"})
  void language_shortChatMessages_detected(String text, String expected) {
    assertThat(analyze(text).language()).isEqualTo(expected);
  }

  @Test
  void language_noLettersNoHint_isNull() {
    assertThat(analyze("🙏🙏").language()).isNull();
    assertThat(analyze("12345").language()).isNull();
    assertThat(analyze("").language()).isNull();
  }

  @Test
  void language_ambiguousWord_fallsBackToHint() {
    assertThat(analyze("ok").language()).isNull();
    assertThat(ANALYZER.analyze("ok", "de").language()).isEqualTo("de");
    assertThat(ANALYZER.analyze("ok 👍", "en-GB").language()).isEqualTo("en");
    assertThat(ANALYZER.analyze("🙏", "de").language()).isEqualTo("de");
  }

  @Test
  void language_longText_decidedByText_notHint() {
    assertThat(ANALYZER.analyze("Ich kann mich seit gestern nicht mehr in den Mitgliederbereich einloggen.", "en")
        .language()).isEqualTo("de");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nicht schlecht|POSITIVE", "not bad|POSITIVE", "kein Problem|POSITIVE", "no problem|POSITIVE",
      "nicht gut|NEGATIVE", "not good at all|NEGATIVE", "gefällt mir nicht|NEGATIVE",
      "I don't like it, not happy|NEGATIVE", "das ist nicht in Ordnung|NEGATIVE",
      "Das hilft mir nicht|NEGATIVE"})
  void sentiment_negation_flipsPolarity(String text, Sentiment expected) {
    assertThat(analyze(text).sentiment()).isEqualTo(expected);
  }

  @Test
  void sentiment_intensifiersCapsAndBangs_strengthenScore() {
    double plain = analyze("das ist schlecht").sentimentScore();
    double very = analyze("das ist sehr schlecht").sentimentScore();
    double caps = analyze("das ist SCHLECHT").sentimentScore();
    double bangs = analyze("das ist schlecht!!!").sentimentScore();
    assertThat(very).isLessThan(plain);
    assertThat(caps).isLessThan(plain);
    assertThat(bangs).isLessThan(plain);
    assertThat(analyze("really great").sentimentScore()).isGreaterThan(analyze("great").sentimentScore());
    assertThat(analyze("Das Video geht GAR NICHT!!!").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(analyze("WARUM GEHT DAS NICHT").sentiment()).isEqualTo(Sentiment.NEGATIVE);
  }

  @Test
  void sentiment_plainProblemReport_isNeutral() {
    assertThat(analyze("Ich kann mich nicht einloggen").sentiment()).isEqualTo(Sentiment.NEUTRAL);
    assertThat(analyze("The video doesn't load").sentiment()).isEqualTo(Sentiment.NEUTRAL);
    assertThat(analyze("Video geht schon wieder nicht!!!").sentiment()).isEqualTo(Sentiment.NEGATIVE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "😡|NEGATIVE", "🙏|POSITIVE", "❤️|POSITIVE", "😊|POSITIVE", ":(|NEGATIVE", ":)|POSITIVE",
      ":-(|NEGATIVE", "<3|POSITIVE", "ok 😞|NEGATIVE", "Danke 🙏✨|POSITIVE"})
  void sentiment_emojiAndEmoticons_count(String text, Sentiment expected) {
    assertThat(analyze(text).sentiment()).isEqualTo(expected);
  }

  @Test
  void sentiment_chatStyleAndTypos_understood() {
    assertThat(analyze("dankeeee").sentiment()).isEqualTo(Sentiment.POSITIVE);
    assertThat(analyze("suuuper toll").sentiment()).isEqualTo(Sentiment.POSITIVE);
    assertThat(analyze("enttaeuscht").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(analyze("so frustriert grad").sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(analyze("Hallo, wo finde ich meine Rechnung? Danke").sentiment())
        .isEqualTo(Sentiment.NEUTRAL);
  }

  @Test
  void sensitive_refundSpiritualComplaint_flagged() {
    assertThat(analyze("Ich möchte mein Geld zurück").sensitive()).contains("refund");
    assertThat(analyze("Bitte stornieren und erstatten").sensitive()).contains("refund");
    assertThat(analyze("seit der Meditation habe ich Angst").sensitive()).contains("spiritual-personal");
    assertThat(analyze("I feel lost after the retreat").sensitive()).contains("spiritual-personal");
    assertThat(analyze("Kundalini Erfahrung, mir ist ganz komisch").sensitive()).contains("spiritual-personal");
    assertThat(analyze("Das ist unverschämt").sensitive()).contains("complaint");
    assertThat(analyze("this is unacceptable").sensitive()).contains("complaint");
    assertThat(analyze("Ich werde eine schlechte Bewertung schreiben").sensitive()).contains("complaint");
  }

  @Test
  void category_topics_classified() {
    assertThat(analyze("Ich habe mein Passwort vergessen").category()).isEqualTo("access");
    assertThat(analyze("Kann ich in Raten zahlen?").category()).isEqualTo("payment");
    assertThat(analyze("Das Video bleibt hängen").category()).isEqualTo("technical");
    assertThat(analyze("Ist Kids Ascension für meine Tochter geeignet?").category()).isEqualTo("kids");
    assertThat(analyze("Wann startet der nächste Kurs?").category()).isEqualTo("question");
    assertThat(analyze("Hallo").category()).isNull();
    MessageAnalysis a = analyze("Hallo");
    assertThat(a.sensitive()).isEmpty();
    assertThat(a.confidence()).isZero();
  }

  @Test
  void fromExamples_workspaceFile_trainsOnIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("examples.tsv");
    Files.writeString(file, "# ours\nshipping\tWo ist mein Paket?\nshipping\tDas Paket ist nicht angekommen\n"
        + "shipping\tLieferung verspätet, Paket fehlt\nquestion\tWann ist das Seminar?\n",
        StandardCharsets.UTF_8);
    OfflineMessageAnalyzer custom = OfflineMessageAnalyzer.fromExamples(file);
    assertThat(custom.analyze("Mein Paket ist immer noch nicht angekommen, Lieferung fehlt", null).category())
        .isEqualTo("shipping");
  }

  @Test
  void fromExamples_malformedLine_namesFileAndExample(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("examples.tsv");
    Files.writeString(file, "refund\tGeld zurück\nno tab here\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OfflineMessageAnalyzer.fromExamples(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("examples.tsv: example 2: expected 'category<TAB>message'");
  }

  @Test
  void analyze_concurrently_sameResults() throws Exception {
    String text = "Ich will mein Geld zurück, das ist eine Frechheit!!";
    MessageAnalysis expected = analyze(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<MessageAnalysis>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> ANALYZER.analyze(text, null)));
      }
      for (Future<MessageAnalysis> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
