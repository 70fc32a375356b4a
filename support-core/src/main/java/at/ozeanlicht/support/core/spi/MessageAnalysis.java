package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.Sentiment;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an analyzer found in one customer message.
 *
 * @param language detected language (ISO 639-1), or null when unsure
 * @param sentiment tone of the message
 * @param sentimentScore from -1 (very negative) to 1 (very positive)
 * @param category the most likely category (e.g. {@code access}, {@code payment}, {@code
 *     refund}, {@code technical}, {@code spiritual-personal}, {@code complaint}, {@code
 *     feedback}, {@code kids}), or null
 * @param sensitive sensitive topics found ({@code refund}, {@code spiritual-personal}, {@code
 *     complaint}); any of them keeps AI from answering
 * @param confidence how sure the category is, 0 to 1
 */
public record MessageAnalysis(
    @Nullable String language,
    Sentiment sentiment,
    double sentimentScore,
    @Nullable String category,
    Set<String> sensitive,
    double confidence) {
  /** Checks ranges; copies the set. */
  public MessageAnalysis {
    Objects.requireNonNull(sentiment, "sentiment");
    if (sentimentScore < -1 || sentimentScore > 1 || Double.isNaN(sentimentScore)) {
      throw new IllegalArgumentException("sentimentScore: must be between -1 and 1, was " + sentimentScore);
    }
    if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
      throw new IllegalArgumentException("confidence: must be between 0 and 1, was " + confidence);
    }
    sensitive = Set.copyOf(sensitive);
  }

  /** Nothing known: no analyzer ran. */
  public static MessageAnalysis unknown() {
    return new MessageAnalysis(null, Sentiment.NEUTRAL, 0, null, Set.of(), 0);
  }
}
