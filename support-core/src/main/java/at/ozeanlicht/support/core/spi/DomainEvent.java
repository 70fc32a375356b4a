package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened, written to the outbox in the same transaction as the change and handed
 * to {@link EventListener}s after commit.
 *
 * @param id unique event id (listeners use it to drop repeats)
 * @param type dotted name, e.g. {@code message.created}, {@code conversation.reopened}
 * @param conversationId the conversation concerned, or null
 * @param occurredAt when it happened (engine clock)
 * @param data small string attributes (ids, statuses); never message bodies or personal data
 */
public record DomainEvent(
    UUID id, String type, @Nullable UUID conversationId, Instant occurredAt, Map<String, String> data) {
  /** Checks for nulls; copies the map. */
  public DomainEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    data = Map.copyOf(data);
  }
}
