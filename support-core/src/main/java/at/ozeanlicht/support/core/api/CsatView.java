package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A customer's satisfaction rating of a conversation.
 *
 * @param rating 1 (very unhappy) to 5 (very happy)
 * @param comment free text, or null
 * @param submittedAt when it was given
 */
public record CsatView(int rating, @Nullable String comment, Instant submittedAt) {
  /** Checks the range. */
  public CsatView {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating: must be between 1 and 5, was " + rating);
    }
    Objects.requireNonNull(submittedAt, "submittedAt");
  }
}
