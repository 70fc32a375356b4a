package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Priority;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: set a conversation's priority.
 *
 * @param conversationId the conversation
 * @param priority the new priority
 * @param actor who did it (agent handle), or null for the system
 */
public record SetPriority(UUID conversationId, Priority priority, @Nullable String actor) {
  /** Checks for nulls. */
  public SetPriority {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(priority, "priority");
  }
}
