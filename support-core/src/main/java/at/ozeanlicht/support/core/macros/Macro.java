package at.ozeanlicht.support.core.macros;

import java.util.List;
import java.util.Objects;

/**
 * A named list of actions applied to a conversation in one transaction: everything or nothing.
 *
 * @param name the macro's name, a lower-case slug such as {@code password-reset}
 * @param description what it is for
 * @param actions the actions, applied in order; never empty
 */
public record Macro(String name, String description, List<MacroAction> actions) {
  /** Checks for nulls; copies the actions. */
  public Macro {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    actions = List.copyOf(actions);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("actions: must not be empty");
    }
  }
}
