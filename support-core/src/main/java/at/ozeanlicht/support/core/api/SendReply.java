package at.ozeanlicht.support.core.api;

import java.util.Objects;

/**
 * Command: an agent answers in a conversation. For customer conversations the reply is queued for
 * the channel in the same transaction (outbox).
 *
 * @param conversationId the conversation
 * @param agent the agent handle
 * @param body the text, not blank
 */
public record SendReply(java.util.UUID conversationId, String agent, String body) {
  /** Checks for nulls. */
  public SendReply {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(body, "body");
  }
}
