package at.ozeanlicht.support.core.api;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What applying a macro did to one conversation: all of its actions, or (when {@code applied} is
 * false) nothing at all.
 *
 * @param conversationId the conversation
 * @param number its short number, or null if it does not exist
 * @param applied whether every action was applied and committed
 * @param actions what was done, one line per action ({@code send /greeting (de)}); empty when
 *     not applied
 * @param error why nothing was applied (field and reason), or null when applied
 */
public record MacroResult(
    UUID conversationId, @Nullable Long number, boolean applied, List<String> actions,
    @Nullable String error) {
  /** Checks for nulls and that a failure has an error; copies the actions. */
  public MacroResult {
    Objects.requireNonNull(conversationId, "conversationId");
    actions = List.copyOf(actions);
    if (applied == (error != null)) {
      throw new IllegalArgumentException("error: required exactly when not applied");
    }
  }
}
