package at.ozeanlicht.support.core.inbox;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** An action applied to many conversations, one transaction each. */
public sealed interface BulkAction {
  /**
   * Assign to a team and/or agent.
   *
   * @param team team id, or null to keep the team
   * @param assignee agent handle, or null to unassign
   */
  record Assign(@Nullable String team, @Nullable String assignee) implements BulkAction {}

  /**
   * Add and remove labels.
   *
   * @param add labels to add
   * @param remove labels to remove
   */
  record Label(Set<String> add, Set<String> remove) implements BulkAction {
    /** Copies the sets. */
    public Label {
      add = Set.copyOf(add);
      remove = Set.copyOf(remove);
    }
  }

  /** Resolve the conversations. */
  record Close() implements BulkAction {}

  /** Checks that an action is given. */
  static BulkAction require(BulkAction action) {
    return Objects.requireNonNull(action, "action");
  }
}
