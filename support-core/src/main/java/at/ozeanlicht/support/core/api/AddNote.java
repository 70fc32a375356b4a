package at.ozeanlicht.support.core.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Command: a private note, visible to the team only. {@code @handle} mentions are recorded and
 * mentioned agents become participants.
 *
 * @param conversationId the conversation
 * @param agent the author's handle
 * @param body the text, not blank
 */
public record AddNote(UUID conversationId, String agent, String body) {
  /** Checks for nulls. */
  public AddNote {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(body, "body");
  }
}
