package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sentiment;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What routing decided for one input. A pure value: the same input and rules always give the same
 * decision.
 *
 * @param team the team whose queue takes the conversation, or null to leave it
 * @param priority the priority
 * @param labels labels to add, sorted
 * @param assignTo how to assign: an agent handle or a strategy ({@code claim}, {@code
 *     round-robin}, {@code least-loaded}); null for the workspace default
 * @param aiAllowed whether AI may answer automatically; false whenever the boundary guard found a
 *     reason, whatever the rules said
 * @param aiBlockedBy why AI is not allowed (guard reasons and rules), empty when allowed
 * @param language the message language (ISO 639-1), or null when unknown
 * @param sentiment the message tone
 * @param category the analyzer's category (or a keyword guess), or null
 * @param afterHours whether the message arrived outside business hours
 * @param matchedRules names of the rules that matched, in order
 * @param reply a canned response to send, or null
 * @param notifyTargets who to notify (agent handles, {@code lead}, {@code on-call})
 * @param escalationPolicy the escalation policy name, or null for the default
 * @param trace for every rule whether it matched and why not; then the guard
 */
public record RoutingDecision(
    @Nullable String team,
    Priority priority,
    Set<String> labels,
    @Nullable String assignTo,
    boolean aiAllowed,
    List<String> aiBlockedBy,
    @Nullable String language,
    Sentiment sentiment,
    @Nullable String category,
    boolean afterHours,
    List<String> matchedRules,
    @Nullable String reply,
    List<String> notifyTargets,
    @Nullable String escalationPolicy,
    List<RuleTrace> trace) {
  /** Checks for nulls; copies and sorts collections. */
  public RoutingDecision {
    Objects.requireNonNull(priority, "priority");
    labels = Set.copyOf(labels);
    aiBlockedBy = List.copyOf(aiBlockedBy);
    Objects.requireNonNull(sentiment, "sentiment");
    matchedRules = List.copyOf(matchedRules);
    notifyTargets = List.copyOf(notifyTargets);
    trace = List.copyOf(trace);
    if (aiAllowed && !aiBlockedBy.isEmpty()) {
      throw new IllegalArgumentException("aiAllowed: must be false when aiBlockedBy is not empty, was " + aiBlockedBy);
    }
  }

  /** The labels in sorted order. */
  public List<String> sortedLabels() {
    return List.copyOf(new TreeSet<>(labels));
  }
}
