package at.ozeanlicht.support.core.spi;

import java.util.Objects;

/**
 * One search result.
 *
 * @param articleId the article's id
 * @param title the article's title
 * @param category the article's category
 * @param language the article's language
 * @param score relevance, higher is better; comparable only within one search, and {@code > 0}
 * @param fallback true when the article is not in the requested language (a fallback hit)
 */
public record KbHit(
    String articleId, String title, String category, String language, double score, boolean fallback) {
  /** Checks nulls and the score. */
  public KbHit {
    Objects.requireNonNull(articleId, "articleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(language, "language");
    if (!(score > 0) || Double.isInfinite(score)) {
      throw new IllegalArgumentException("score: must be positive and finite, was " + score);
    }
  }
}
