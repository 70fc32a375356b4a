package at.ozeanlicht.support.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * A drafted reply.
 *
 * @param text the reply text, for an agent to edit and send
 * @param source the drafter that wrote it, e.g. {@code openai} or {@code offline}; {@code
 *     offline} also when a remote provider failed and the fallback answered
 * @param articleIds the articles the draft is grounded on
 */
public record Draft(String text, String source, List<String> articleIds) {
  /** Checks nulls; copies the list. */
  public Draft {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    articleIds = List.copyOf(articleIds);
  }
}
