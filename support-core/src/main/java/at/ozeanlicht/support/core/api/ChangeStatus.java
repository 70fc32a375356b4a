package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Status;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: open, set pending or resolve a conversation. Use {@link SnoozeConversation} to snooze.
 *
 * @param conversationId the conversation
 * @param status the new status; not {@code snoozed}
 * @param actor who did it, or null for the system
 */
public record ChangeStatus(UUID conversationId, Status status, @Nullable String actor) {
  /** Checks for nulls. */
  public ChangeStatus {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(status, "status");
  }
}
