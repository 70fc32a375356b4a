package at.ozeanlicht.support.core.inbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An unseen @mention of the reading agent.
 *
 * @param messageId the note or team-chat message
 * @param conversationId its conversation
 * @param number the conversation's number
 * @param author who wrote it
 * @param viaTeam the team mentioned (e.g. {@code tech} for {@code @tech}), or null for a direct mention
 * @param at when it was written
 */
public record MentionView(
    UUID messageId, UUID conversationId, long number, @Nullable String author,
    @Nullable String viaTeam, Instant at) {
  /** Checks for nulls. */
  public MentionView {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(at, "at");
  }
}
