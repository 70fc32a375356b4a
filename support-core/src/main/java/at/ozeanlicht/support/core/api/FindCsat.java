package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Query: CSAT aggregates of the ratings submitted in {@code [from, to)}.
 *
 * @param from first instant included
 * @param to first instant excluded; after {@code from}
 * @param period how {@link CsatSummary#byPeriod()} groups
 */
public record FindCsat(Instant from, Instant to, CsatPeriod period) {
  /** Checks for nulls and order. */
  public FindCsat {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(period, "period");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to: must be after from (" + from + "), was " + to);
    }
  }
}
