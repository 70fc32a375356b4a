package at.ozeanlicht.support.core.api;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: add and remove labels.
 *
 * @param conversationId the conversation
 * @param add labels to add
 * @param remove labels to remove
 * @param actor who did it, or null for the system
 */
public record LabelConversation(
    UUID conversationId, Set<String> add, Set<String> remove, @Nullable String actor) {
  /** Checks for nulls; copies sets. */
  public LabelConversation {
    Objects.requireNonNull(conversationId, "conversationId");
    add = Set.copyOf(add);
    remove = Set.copyOf(remove);
  }
}
