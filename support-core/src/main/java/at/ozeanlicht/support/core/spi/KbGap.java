package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A customer question for which the knowledge base had no good article (the best scored below the
 * workspace threshold): material for suggested new articles in reports.
 *
 * @param conversationId the conversation, or null
 * @param language the question's language, or null when unknown
 * @param question the customer's text (personal data: redacted with the contact's messages)
 * @param bestArticleId the best article found, or null when there was none
 * @param bestScore its score, or null
 * @param recordedAt when it was recorded
 */
public record KbGap(@Nullable UUID conversationId, @Nullable String language, String question,
    @Nullable String bestArticleId, @Nullable Double bestScore, Instant recordedAt) {
  /** Checks for nulls. */
  public KbGap {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
