package at.ozeanlicht.support.core.api;

import java.util.Objects;
import java.util.UUID;

/**
 * What importing one conversation did.
 *
 * @param conversationId the stored conversation
 * @param created true if it was written now, false if it had been imported before
 * @param messages how many messages it holds
 */
public record ImportResult(UUID conversationId, boolean created, int messages) {
  /** Checks for nulls. */
  public ImportResult {
    Objects.requireNonNull(conversationId, "conversationId");
  }
}
