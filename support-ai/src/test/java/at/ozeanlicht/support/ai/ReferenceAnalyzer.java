/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), kept verbatim but
 * renamed, only as the reference that the equivalence tests compare the production code with.
 */
package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The offline default {@link MessageAnalyzer} ({@code name()} is {@code offline}): language,
 * sentiment, category and sensitive topics of a customer message, computed in-process from
 * bundled models and lexicons, with nothing downloaded at run time.
 *
 * <ul>
 *   <li>Language: Apache OpenNLP's language detector (its model comes from the {@code
 *       opennlp-models-langdetect} jar) restricted to German, English, French, Spanish and Italian,
 *       combined with function words, umlauts and the contact's language hint, which decide one
 *       to three word messages. Null when no language stands out and there is no hint.
 *   <li>Sentiment: the project's own German and English lexicons with rules for negation ("nicht
 *       schlecht", "not bad", "kein Problem"), intensifiers, capitals, "!!!", emoji and emoticons.
 *   <li>Category: keyword patterns plus a multinomial naive Bayes trained at construction on
 *       labelled examples (bundled, or the workspace's own via {@link #fromExamples(Path)}).
 *       Categories: {@code refund}, {@code spiritual-personal}, {@code complaint}, {@code access},
 *       {@code payment}, {@code technical}, {@code feedback}, {@code kids}, {@code question} for a
 *       general question, or null.
 *   <li>Sensitive topics: {@code refund}, {@code spiritual-personal} and {@code complaint},
 *       tuned for recall: a keyword hit or a moderate model probability is enough.
 * </ul>
 *
 * <p>Thread-safe and immutable after construction; construction trains the model and loads the
 * lexicons (tens of milliseconds; the shared language model loads once per class loader, about a
 * second). Never logs message text.
 */
final class ReferenceAnalyzer implements MessageAnalyzer {
  private static final String BUNDLED_EXAMPLES = "category-examples.tsv";
  private static final double ANGRY = -0.6;

  private final ReferenceLanguageGuesser language;
  private final ReferenceSentimentScorer sentiment;
  private final ReferenceCategoryClassifier category;

  /** The analyzer trained on the bundled examples; the ServiceLoader entry. */
  public ReferenceAnalyzer() {
    this(ReferenceCategoryClassifier.parseExamples(ReferenceText.resourceLines(BUNDLED_EXAMPLES), BUNDLED_EXAMPLES));
  }

  private ReferenceAnalyzer(List<ReferenceCategoryClassifier.Example> examples) {
    this.language = new ReferenceLanguageGuesser();
    this.sentiment = new ReferenceSentimentScorer();
    this.category = new ReferenceCategoryClassifier(examples);
  }

  /**
   * An analyzer whose category model is trained on a workspace's own labelled examples instead of
   * the bundled ones. The file is UTF-8, one example per line as {@code category<TAB>message};
   * blank lines and lines starting with {@code #} are skipped.
   *
   * @throws IllegalArgumentException naming the file and example number if a line is malformed
   *     or the file has no examples
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ReferenceAnalyzer fromExamples(Path examplesFile) {
    Objects.requireNonNull(examplesFile, "examplesFile");
    try (InputStream in = Files.newInputStream(examplesFile)) {
      return new ReferenceAnalyzer(
          ReferenceCategoryClassifier.parseExamples(ReferenceText.lines(in), examplesFile.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading examples " + examplesFile, e);
    }
  }

  @Override
  public String name() {
    return "offline";
  }

  @Override
  public MessageAnalysis analyze(String text, @Nullable String languageHint) {
    Objects.requireNonNull(text, "text");
    List<ReferenceText.Token> tokens = ReferenceText.tokens(text);
    String lang = language.guess(text, tokens, languageHint);
    ReferenceSentimentScorer.Result mood = sentiment.score(text, tokens);
    ReferenceCategoryClassifier.Result topic = category.classify(text, tokens);
    Set<String> sensitive = topic.sensitive();
    if (mood.score() <= ANGRY && !sensitive.contains("spiritual-personal")
        && !sensitive.contains("complaint")) {
      // Strong anger at us is a complaint even without a complaint word; recall matters here.
      sensitive = new TreeSet<>(sensitive);
      sensitive.add("complaint");
    }
    return new MessageAnalysis(lang, mood.sentiment(), mood.score(), topic.category(), sensitive,
        topic.confidence());
  }
}
