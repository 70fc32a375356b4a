package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: snooze a conversation until a moment in the future; a customer message wakes it early.
 *
 * @param conversationId the conversation
 * @param until when it wakes up; must be after the engine clock's now
 * @param actor who did it, or null for the system
 */
public record SnoozeConversation(UUID conversationId, Instant until, @Nullable String actor) {
  /** Checks for nulls. */
  public SnoozeConversation {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(until, "until");
  }
}
