package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "csat_responses")
class CsatEntity {
  @Id
  @Column(name = "conversation_id")
  UUID conversationId;

  short rating;
  @Nullable String comment;

  @Column(name = "submitted_at")
  Instant submittedAt = Instant.EPOCH;

  protected CsatEntity() {
    this.conversationId = UUID.randomUUID();
  }

  CsatEntity(UUID conversationId) {
    this.conversationId = conversationId;
  }
}
