package at.ozeanlicht.support.core.spi;

import java.util.Objects;

/**
 * How often an article was suggested before conversations were resolved without a human (no agent
 * message): the knowledge base's share in deflection, for reports.
 *
 * @param articleId the article
 * @param conversations distinct conversations resolved without a human after it was suggested
 * @param suggestions times it was suggested in those conversations (any context)
 */
public record KbDeflection(String articleId, long conversations, long suggestions) {
  /** Checks for nulls. */
  public KbDeflection {
    Objects.requireNonNull(articleId, "articleId");
  }
}
