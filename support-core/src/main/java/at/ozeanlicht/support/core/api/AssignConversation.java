package at.ozeanlicht.support.core.api;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: put a conversation in a team's queue and/or assign it to an agent. An activity
 * message records the handoff.
 *
 * @param conversationId the conversation
 * @param team the team id, or null to keep the current team
 * @param assignee the agent handle, or null to unassign
 * @param actor who did it (an agent handle), or null for the system
 */
public record AssignConversation(
    UUID conversationId, @Nullable String team, @Nullable String assignee, @Nullable String actor) {
  /** Checks for nulls. */
  public AssignConversation {
    Objects.requireNonNull(conversationId, "conversationId");
  }
}
