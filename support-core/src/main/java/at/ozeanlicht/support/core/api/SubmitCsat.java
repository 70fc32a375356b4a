package at.ozeanlicht.support.core.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Command: a customer rates a conversation through a survey link.
 *
 * @param token the {@code token} parameter of the link
 * @param rating 1 (very unhappy) to 5 (very happy)
 * @param comment free text, or null
 */
public record SubmitCsat(String token, int rating, @Nullable String comment) {
  /** Checks for nulls; the range is checked by the engine. */
  public SubmitCsat {
    Objects.requireNonNull(token, "token");
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "SubmitCsat[token=***, rating=" + rating + "]";
  }
}
