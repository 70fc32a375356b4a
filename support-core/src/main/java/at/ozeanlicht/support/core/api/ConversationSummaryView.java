package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Conversation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of an inbox list.
 *
 * @param conversation the conversation
 * @param contactName the customer's name, or null
 * @param messageCount how many messages it holds, notes and activities included
 */
public record ConversationSummaryView(
    Conversation conversation, @Nullable String contactName, long messageCount) {
  /** Checks for nulls. */
  public ConversationSummaryView {
    Objects.requireNonNull(conversation, "conversation");
  }
}
