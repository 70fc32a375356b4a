package at.ozeanlicht.support.core.inbox;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of the unified inbox.
 *
 * @param rows the rows in the query's order
 * @param nextCursor pass to {@link InboxQuery#after} for the next page; null on the last page
 */
public record InboxPage(List<InboxRow> rows, @Nullable String nextCursor) {
  /** Copies the list. */
  public InboxPage {
    rows = List.copyOf(rows);
  }
}
