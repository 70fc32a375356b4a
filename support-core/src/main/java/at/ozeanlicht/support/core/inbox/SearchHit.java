package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.MessageKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One full-text search result: a message (with its conversation) or a contact.
 *
 * @param type what matched
 * @param conversationId the message's conversation, or null for a contact
 * @param number the conversation's number, or 0 for a contact
 * @param messageId the message, or null for a contact
 * @param messageKind the message kind, or null for a contact
 * @param contactId the contact (of the conversation, or the matching contact), or null
 * @param snippet the matching text with the hits between {@code «} and {@code »}
 * @param at when the message was written or the contact created
 */
public record SearchHit(
    Type type,
    @Nullable UUID conversationId,
    long number,
    @Nullable UUID messageId,
    @Nullable MessageKind messageKind,
    @Nullable UUID contactId,
    String snippet,
    Instant at) {
  /** What a hit is. */
  public enum Type {
    /** A message matched. */
    MESSAGE,
    /** A contact's name, e-mail address or phone number matched. */
    CONTACT
  }

  /** Checks for nulls. */
  public SearchHit {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(snippet, "snippet");
    Objects.requireNonNull(at, "at");
  }
}
