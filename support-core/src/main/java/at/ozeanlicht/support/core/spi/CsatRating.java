package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rating given in answer to a {@link CsatSurvey}; carries the survey's agent, team, channel and
 * resolution.
 *
 * @param survey the survey answered
 * @param rating 1 to 5
 * @param comment free text, or null
 * @param submittedAt when it was given
 */
public record CsatRating(CsatSurvey survey, int rating, @Nullable String comment, Instant submittedAt) {
  /** Checks for nulls and the range. */
  public CsatRating {
    Objects.requireNonNull(survey, "survey");
    Objects.requireNonNull(submittedAt, "submittedAt");
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating: must be between 1 and 5, was " + rating);
    }
  }
}
