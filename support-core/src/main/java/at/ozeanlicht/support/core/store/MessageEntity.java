package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** Read side of messages; rows are inserted natively so the unique constraint decides duplicates. */
@Entity
@Table(name = "messages")
class MessageEntity {
  @Id UUID id;

  /** Insertion order; breaks ties between messages with the same timestamp. */
  @Column(name = "seq", insertable = false, updatable = false)
  long seq;

  @Column(name = "conversation_id")
  UUID conversationId;

  String inbox = "";
  String kind = "incoming";

  @Column(name = "sender_type")
  String senderType = "system";

  @Column(name = "sender_id")
  @Nullable String senderId;

  String body = "";

  @Column(name = "content_type")
  String contentType = "text";

  @JdbcTypeCode(SqlTypes.JSON)
  String attachments = "[]";

  @Column(name = "channel_message_id")
  @Nullable String channelMessageId;

  @JdbcTypeCode(SqlTypes.ARRAY)
  String[] mentions = new String[0];

  @Column(name = "created_at")
  Instant createdAt = Instant.EPOCH;

  @Column(name = "delivered_at")
  @Nullable Instant deliveredAt;

  @Column(name = "read_at")
  @Nullable Instant readAt;

  protected MessageEntity() {
    this.id = UUID.randomUUID();
    this.conversationId = id;
  }
}
