package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import java.util.Objects;

/**
 * What receiving a message did.
 *
 * @param conversation the conversation after the change
 * @param message the stored message (for a duplicate: the one stored first)
 * @param outcome whether it opened, continued or reopened a conversation, or was a duplicate
 */
public record ReceiveResult(Conversation conversation, Message message, Outcome outcome) {
  /** What happened to the conversation. */
  public enum Outcome {
    /** A new conversation was opened. */
    OPENED,
    /** The message was added to an open, pending or snoozed conversation. */
    APPENDED,
    /** A resolved conversation was reopened. */
    REOPENED,
    /** The message had been received before; nothing changed. */
    DUPLICATE,
    /**
     * The message answered a satisfaction survey with a rating; it was stored and the
     * conversation stays resolved.
     */
    RATED
  }

  /** Checks for nulls. */
  public ReceiveResult {
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(outcome, "outcome");
  }
}
