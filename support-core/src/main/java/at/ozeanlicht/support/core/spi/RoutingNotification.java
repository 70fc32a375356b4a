package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A routing rule's {@code notify} action: tell someone about a conversation. Handed to the {@link
 * Notifier} after the transaction that fired the rule has committed, at most once.
 *
 * @param id unique id (a notifier uses it to drop repeats)
 * @param conversationId the conversation
 * @param conversationNumber its short number ({@code #4711})
 * @param rules the rules that asked for it, in order
 * @param trigger the trigger's wire name (e.g. {@code no_human_reply})
 * @param target as the rule wrote it: {@code lead}, {@code on-call} or an agent handle
 * @param agent the agent to reach ({@code lead} resolved to the team's lead), or null for on-call
 *     or a team without a lead
 * @param team the conversation's team, or null
 * @param priority the conversation's priority after the rules
 * @param createdAt when the rule fired
 */
public record RoutingNotification(
    UUID id,
    UUID conversationId,
    long conversationNumber,
    List<String> rules,
    String trigger,
    String target,
    @Nullable String agent,
    @Nullable String team,
    Priority priority,
    Instant createdAt) {
  /** Checks for nulls; copies the rules. */
  public RoutingNotification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    rules = List.copyOf(rules);
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether on-call is to be paged. */
  public boolean onCall() {
    return target.equals("on-call");
  }
}
