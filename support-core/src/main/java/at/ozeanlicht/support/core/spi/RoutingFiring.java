package at.ozeanlicht.support.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A routing rule fired on a conversation.
 *
 * @param conversationId the conversation
 * @param rule the rule's name
 * @param trigger the trigger's wire name (e.g. {@code message_received})
 * @param triggerKey what occurrence fired it (a message id, a waiting-since moment); a rule fires
 *     once per conversation and key
 * @param reason why it matched (the explain line)
 * @param firedAt when
 */
public record RoutingFiring(
    UUID conversationId, String rule, String trigger, String triggerKey, String reason, Instant firedAt) {
  /** Checks for nulls. */
  public RoutingFiring {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(triggerKey, "triggerKey");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(firedAt, "firedAt");
  }
}
