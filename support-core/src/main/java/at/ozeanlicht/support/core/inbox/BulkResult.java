package at.ozeanlicht.support.core.inbox;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a bulk action on one conversation.
 *
 * @param conversationId the conversation
 * @param ok whether the action was applied (its own transaction committed)
 * @param error the error code ({@code not_found}, {@code validation}, {@code conflict} ...) when not ok
 * @param message what went wrong, naming the field, when not ok
 */
public record BulkResult(UUID conversationId, boolean ok, @Nullable String error, @Nullable String message) {
  /** Checks for nulls. */
  public BulkResult {
    Objects.requireNonNull(conversationId, "conversationId");
  }
}
