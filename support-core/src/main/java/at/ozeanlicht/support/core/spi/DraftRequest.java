package at.ozeanlicht.support.core.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a drafter gets: the conversation so far and the articles to ground the answer on.
 *
 * @param language the reply language (ISO 639-1)
 * @param contactName the contact's name, or null; used for the greeting and redacted before any
 *     remote call
 * @param turns the public messages, oldest first
 * @param articles knowledge-base articles relevant to the conversation, best first; may be empty
 */
public record DraftRequest(String language, @Nullable String contactName, List<Turn> turns,
    List<KbArticle> articles) {
  /** Checks nulls; copies lists. */
  public DraftRequest {
    Objects.requireNonNull(language, "language");
    turns = List.copyOf(turns);
    articles = List.copyOf(articles);
  }

  /**
   * One message.
   *
   * @param fromCustomer true for the customer, false for agent or bot
   * @param text the message text
   */
  public record Turn(boolean fromCustomer, String text) {
    /** Checks nulls. */
    public Turn {
      Objects.requireNonNull(text, "text");
    }
  }
}
