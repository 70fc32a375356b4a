package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "outbox_events")
class OutboxEventEntity {
  @Id UUID id;
  String type = "";

  @Column(name = "conversation_id")
  @Nullable UUID conversationId;

  @Column(name = "occurred_at")
  Instant occurredAt = Instant.EPOCH;

  @JdbcTypeCode(SqlTypes.JSON)
  Map<String, String> data = new HashMap<>();

  @Column(name = "published_at")
  @Nullable Instant publishedAt;

  protected OutboxEventEntity() {
    this.id = UUID.randomUUID();
  }
}
