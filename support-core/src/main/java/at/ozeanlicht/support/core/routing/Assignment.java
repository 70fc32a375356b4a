package at.ozeanlicht.support.core.routing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a conversation went to an agent (or to nobody).
 *
 * @param agent the chosen agent handle, or null (claim, or nobody available: stays in the queue)
 * @param team the team whose agents were considered, or null
 * @param strategy {@code claim}, {@code round-robin}, {@code least-loaded} or {@code agent}
 * @param candidates the agents that were eligible in the end, in order of preference
 * @param skipped every agent of the team that was not eligible, with the reason
 * @param reason one sentence saying what happened
 */
public record Assignment(
    @Nullable String agent,
    @Nullable String team,
    String strategy,
    List<String> candidates,
    Map<String, String> skipped,
    String reason) {
  /** Checks for nulls; copies collections. */
  public Assignment {
    Objects.requireNonNull(strategy, "strategy");
    candidates = List.copyOf(candidates);
    skipped = Map.copyOf(skipped);
    Objects.requireNonNull(reason, "reason");
  }
}
