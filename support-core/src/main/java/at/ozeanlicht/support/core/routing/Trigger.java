package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Wire;
import java.util.Locale;

/**
 * What makes a routing rule run: an event in a conversation, or time passing (evaluated by {@code
 * SupportEngine.tick(now)}). A rule lists its triggers in {@code on}; the default is {@link
 * #MESSAGE_RECEIVED}.
 */
public enum Trigger implements Wire {
  /** A customer message arrived (every message, also the first). */
  MESSAGE_RECEIVED,
  /** A new conversation was opened by a customer message. */
  CONVERSATION_CREATED,
  /** A resolved conversation was reopened by a customer message. */
  REOPENED,
  /** An agent changed the status. */
  STATUS_CHANGED,
  /** An agent assigned the conversation. */
  ASSIGNED,
  /** No human reply for the rule's {@code after} business time since the customer wrote. */
  NO_HUMAN_REPLY,
  /** Waiting on the team for the rule's {@code after} wall-clock time. */
  WAITING_ON_US,
  /** A snooze ended because its time passed (evaluated by {@code tick(now)}, no {@code after}). */
  SNOOZE_ENDED;

  /** Whether this trigger is evaluated by {@code tick(now)} rather than by an event. */
  public boolean timed() {
    return this == NO_HUMAN_REPLY || this == WAITING_ON_US;
  }

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
