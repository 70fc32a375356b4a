package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Why a conversation was assigned (or left in the queue).
 *
 * @param conversationId the conversation
 * @param team the team considered, or null
 * @param agent the agent chosen, or null
 * @param strategy the strategy used
 * @param reason one sentence
 * @param candidates eligible agents in order of preference
 * @param skipped agents not eligible, with the reason
 * @param assignedAt when
 */
public record AssignmentRecord(
    UUID conversationId,
    @Nullable String team,
    @Nullable String agent,
    String strategy,
    String reason,
    List<String> candidates,
    Map<String, String> skipped,
    Instant assignedAt) {
  /** Checks for nulls; copies collections. */
  public AssignmentRecord {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(reason, "reason");
    candidates = List.copyOf(candidates);
    skipped = Map.copyOf(skipped);
    Objects.requireNonNull(assignedAt, "assignedAt");
  }
}
