package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.ChannelType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A satisfaction survey sent for one resolution of a conversation.
 *
 * @param id the survey's id (signed into link tokens)
 * @param conversationId the conversation
 * @param resolvedAt the resolution it asks about; one survey per resolution
 * @param inbox the inbox
 * @param channel the channel it went out on
 * @param agent the assignee at resolution, or null
 * @param team the team at resolution, or null
 * @param form a signed link or a chat reply
 * @param messageId the outgoing survey message
 * @param sentAt when it was sent
 * @param expiresAt after this it is refused
 * @param answeredAt when it was answered, or null
 */
public record CsatSurvey(
    UUID id,
    UUID conversationId,
    Instant resolvedAt,
    String inbox,
    ChannelType channel,
    @Nullable String agent,
    @Nullable String team,
    Form form,
    UUID messageId,
    Instant sentAt,
    Instant expiresAt,
    @Nullable Instant answeredAt) {

  /** How the customer answers. */
  public enum Form implements at.ozeanlicht.support.core.domain.Wire {
    /** A signed, expiring link (web, e-mail). */
    LINK,
    /** A chat reply of 1–5, stars or emoji (WhatsApp, Telegram). */
    REPLY;

    @Override
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks for nulls. */
  public CsatSurvey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
