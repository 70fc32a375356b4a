package at.ozeanlicht.support.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message in a conversation.
 *
 * @param id the message's id
 * @param conversationId the conversation it belongs to
 * @param kind incoming, outgoing, note or activity
 * @param sender who wrote it
 * @param body the text (for attachments the caption; may be empty)
 * @param contentType text, attachment, template or card
 * @param attachments attachment metadata
 * @param channelMessageId the channel's id for it (a {@code wamid}, Telegram message id, e-mail
 *     Message-ID, web echo id), or null
 * @param mentions agent handles mentioned with {@code @handle}
 * @param createdAt when it was written
 * @param deliveredAt when the channel reported delivery, or null
 * @param readAt when the channel reported it read, or null
 */
public record Message(
    UUID id,
    UUID conversationId,
    MessageKind kind,
    Sender sender,
    String body,
    ContentType contentType,
    List<Attachment> attachments,
    @Nullable String channelMessageId,
    List<String> mentions,
    Instant createdAt,
    @Nullable Instant deliveredAt,
    @Nullable Instant readAt) {
  /** Checks for nulls; copies lists. */
  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
    attachments = List.copyOf(attachments);
    mentions = List.copyOf(mentions);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether only the team may see it. Notes are private by construction. */
  public boolean isPrivate() {
    return kind == MessageKind.NOTE || kind == MessageKind.ACTIVITY;
  }
}
