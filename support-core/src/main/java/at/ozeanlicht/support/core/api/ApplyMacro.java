package at.ozeanlicht.support.core.api;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: apply a workspace macro to one or more conversations, each in its own transaction.
 *
 * @param macro the macro's name
 * @param conversationIds the conversations, at least one; duplicates are applied once
 * @param agent the agent applying it (sender of replies and notes, {@code {{ agent.* }}}), or
 *     null for each conversation's assignee
 */
public record ApplyMacro(String macro, List<UUID> conversationIds, @Nullable String agent) {
  /** Checks for nulls; copies the ids without duplicates, keeping their order. */
  public ApplyMacro {
    Objects.requireNonNull(macro, "macro");
    conversationIds = List.copyOf(new java.util.LinkedHashSet<>(conversationIds));
    if (conversationIds.isEmpty()) {
      throw new IllegalArgumentException("conversationIds: must not be empty");
    }
  }
}
