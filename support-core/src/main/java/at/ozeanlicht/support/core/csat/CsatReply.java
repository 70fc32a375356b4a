package at.ozeanlicht.support.core.csat;

import org.jspecify.annotations.Nullable;

/**
 * A rating read from a chat reply.
 *
 * @param rating 1 to 5
 * @param comment the words after the rating, or null
 */
public record CsatReply(int rating, @Nullable String comment) {
  /** Checks the range; a blank comment becomes null. */
  public CsatReply {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating: must be between 1 and 5, was " + rating);
    }
    if (comment != null && comment.isBlank()) {
      comment = null;
    }
  }
}
