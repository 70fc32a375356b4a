package at.ozeanlicht.support.core.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of conversations.
 *
 * @param items the rows, most recent activity first
 * @param nextCursor pass to {@link FindConversations#withCursor} for the next page; null on the
 *     last page
 */
public record ConversationPage(List<ConversationSummaryView> items, @Nullable String nextCursor) {
  /** Copies the list. */
  public ConversationPage {
    items = List.copyOf(items);
  }
}
