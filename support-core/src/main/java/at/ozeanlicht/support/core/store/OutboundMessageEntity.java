package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "outbound_messages")
class OutboundMessageEntity {
  @Id UUID id;

  @Column(name = "message_id")
  UUID messageId;

  @Column(name = "conversation_id")
  UUID conversationId;

  String inbox = "";
  String channel = "";
  String recipient = "";
  String status = "pending";
  int attempts;

  @Column(name = "next_attempt_at")
  Instant nextAttemptAt = Instant.EPOCH;

  @Column(name = "last_error")
  @Nullable String lastError;

  @Column(name = "external_id")
  @Nullable String externalId;

  @Column(name = "created_at")
  Instant createdAt = Instant.EPOCH;

  @Column(name = "sent_at")
  @Nullable Instant sentAt;

  protected OutboundMessageEntity() {
    this.id = UUID.randomUUID();
    this.messageId = id;
    this.conversationId = id;
  }
}
