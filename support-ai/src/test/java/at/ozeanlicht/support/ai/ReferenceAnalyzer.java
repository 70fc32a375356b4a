/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The analyzer before: the same composition of the reference stages. */
final class ReferenceAnalyzer {
  private static final double ANGRY = -0.6;

  private final ReferenceLanguageGuesser language = new ReferenceLanguageGuesser();
  private final ReferenceSentimentScorer sentiment = new ReferenceSentimentScorer();
  private final ReferenceCategoryClassifier category = new ReferenceCategoryClassifier(
      CategoryClassifier.parseExamples(Text.resourceLines("category-examples.tsv"), "category-examples.tsv"));

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
