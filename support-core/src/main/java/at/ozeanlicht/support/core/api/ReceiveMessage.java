package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.domain.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Command: a customer message arrived on an inbox.
 *
 * @param inbox the inbox id
 * @param contact who wrote
 * @param channelMessageId the channel's id for the message; the same id on the same inbox is
 *     stored once
 * @param body the text (may be empty for attachments)
 * @param contentType content type
 * @param attachments attachment metadata
 * @param sentAt when the channel says it was sent, or null to use the engine clock
 * @param hints threading hints and the automatic flag (e-mail), or null for the contact's latest
 *     conversation on the inbox (chat channels)
 */
public record ReceiveMessage(
    String inbox,
    InboundContact contact,
    String channelMessageId,
    String body,
    ContentType contentType,
    List<Attachment> attachments,
    @Nullable Instant sentAt,
    @Nullable ReceiveHints hints) {
  /** Checks for nulls; copies the list. */
  public ReceiveMessage {
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(channelMessageId, "channelMessageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
    attachments = List.copyOf(attachments);
  }

  /** A message without hints (chat channels). */
  public ReceiveMessage(String inbox, InboundContact contact, String channelMessageId, String body,
      ContentType contentType, List<Attachment> attachments, @Nullable Instant sentAt) {
    this(inbox, contact, channelMessageId, body, contentType, attachments, sentAt, null);
  }

  /** A plain text message. */
  public static ReceiveMessage text(
      String inbox, InboundContact contact, String channelMessageId, String body) {
    return new ReceiveMessage(inbox, contact, channelMessageId, body, ContentType.TEXT, List.of(), null);
  }
}
