package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "sla_notifications")
class SlaNotificationEntity {
  @Id UUID id;

  @Column(name = "clock_id")
  UUID clockId = new UUID(0, 0);

  @Column(name = "conversation_id")
  UUID conversationId = new UUID(0, 0);

  @Column(name = "conversation_number")
  long conversationNumber;

  String kind = "";
  String metric = "";
  String policy = "";
  String priority = "";
  @Nullable String team;
  @Nullable String assignee;

  @Column(name = "due_at")
  Instant dueAt = Instant.EPOCH;

  @Column(name = "on_call")
  boolean onCall;

  @Column(name = "deliver_at")
  Instant deliverAt = Instant.EPOCH;

  @Column(name = "created_at")
  Instant createdAt = Instant.EPOCH;

  @Column(name = "sent_at")
  @Nullable Instant sentAt;

  protected SlaNotificationEntity() {
    this.id = UUID.randomUUID();
  }

  SlaNotificationEntity(UUID id) {
    this.id = id;
  }
}
