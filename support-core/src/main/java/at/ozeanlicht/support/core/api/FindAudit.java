package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Query: audit log entries, oldest first, matching every filter given.
 *
 * @param conversationId entries about this conversation, or null
 * @param contactId entries about this contact (and their conversations), or null
 * @param actor entries by this actor id (agent handle, {@code system}, service name), or null
 * @param since entries at or after this moment, or null
 * @param limit at most this many, 1 to 100000
 */
public record FindAudit(
    @Nullable UUID conversationId, @Nullable UUID contactId, @Nullable String actor,
    @Nullable Instant since, int limit) {
  /** Checks the limit. */
  public FindAudit {
    if (limit < 1 || limit > 100_000) {
      throw new IllegalArgumentException("limit: must be between 1 and 100000, was " + limit);
    }
  }
}
