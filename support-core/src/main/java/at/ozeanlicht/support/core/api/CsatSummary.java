package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * CSAT aggregates, computed in PostgreSQL: survey ratings (with the agent, team and channel they
 * rate) and imported ratings (with the conversation's assignee, team and inbox channel).
 *
 * @param from first instant included
 * @param to first instant excluded
 * @param period how {@code byPeriod} groups
 * @param total all ratings
 * @param byAgent per agent handle ({@code null} key: no agent), by key
 * @param byTeam per team id ({@code null} key: no team), by key
 * @param byChannel per channel wire name, by key
 * @param byPeriod per period, keyed by its first day ({@code 2026-10-01}), in order
 */
public record CsatSummary(
    Instant from,
    Instant to,
    CsatPeriod period,
    Figures total,
    List<Group> byAgent,
    List<Group> byTeam,
    List<Group> byChannel,
    List<Group> byPeriod) {
  /** Checks for nulls; copies the lists. */
  public CsatSummary {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(total, "total");
    byAgent = List.copyOf(byAgent);
    byTeam = List.copyOf(byTeam);
    byChannel = List.copyOf(byChannel);
    byPeriod = List.copyOf(byPeriod);
  }

  /**
   * Figures of a set of ratings.
   *
   * @param count how many ratings
   * @param average mean rating, 1 to 5; 0 when there are none
   * @param satisfied share of ratings of 4 or 5, 0 to 1; 0 when there are none
   */
  public record Figures(long count, double average, double satisfied) {}

  /**
   * Figures of one group.
   *
   * @param key the agent, team, channel or period; null for "none"
   * @param figures its figures
   */
  public record Group(@Nullable String key, Figures figures) {
    /** Checks for null. */
    public Group {
      Objects.requireNonNull(figures, "figures");
    }
  }
}
