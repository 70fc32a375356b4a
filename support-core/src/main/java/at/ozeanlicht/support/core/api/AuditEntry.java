package at.ozeanlicht.support.core.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the append-only audit log: who did what, when, to which conversation or contact,
 * and the fields that changed. Never holds message texts or contact details.
 *
 * @param id position in the log (0 before it is written)
 * @param at when (engine clock)
 * @param actorKind {@code agent}, {@code system} or {@code service}
 * @param actorId agent handle, {@code system} or service name
 * @param action what happened: an event type ({@code conversation.assigned}) or an operation
 *     ({@code gdpr.exported}, {@code contact.erased})
 * @param command the facade operation that caused it ({@code assign}), or null
 * @param conversationId the conversation concerned, or null
 * @param contactId the contact concerned, or null
 * @param data small attributes of the action (ids, statuses)
 * @param changes changed fields with their values before and after
 */
public record AuditEntry(
    long id,
    Instant at,
    String actorKind,
    String actorId,
    String action,
    @Nullable String command,
    @Nullable UUID conversationId,
    @Nullable UUID contactId,
    Map<String, String> data,
    Map<String, Change> changes) {

  /** A changed field: its value before and after (null when unset). */
  public record Change(@Nullable String before, @Nullable String after) {}

  /** Checks for nulls; copies the maps. */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actorKind, "actorKind");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(action, "action");
    data = Map.copyOf(data);
    changes = Map.copyOf(changes);
  }
}
