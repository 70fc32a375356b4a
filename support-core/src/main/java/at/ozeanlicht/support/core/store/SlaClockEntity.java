package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "sla_clocks")
class SlaClockEntity {
  @Id UUID id;

  @Column(name = "conversation_id")
  UUID conversationId = new UUID(0, 0);

  String metric = "";
  String policy = "";
  String calendar = "";

  @Column(name = "target_ms")
  long targetMs;

  @Column(name = "warn_after_ms")
  long warnAfterMs;

  @Column(name = "started_at")
  Instant startedAt = Instant.EPOCH;

  @Column(name = "running_since")
  @Nullable Instant runningSince;

  @Column(name = "elapsed_ms")
  long elapsedMs;

  @Column(name = "warn_at")
  Instant warnAt = Instant.EPOCH;

  @Column(name = "due_at")
  Instant dueAt = Instant.EPOCH;

  @Column(name = "paused_at")
  @Nullable Instant pausedAt;

  @Column(name = "warned_at")
  @Nullable Instant warnedAt;

  @Column(name = "breached_at")
  @Nullable Instant breachedAt;

  @Column(name = "stopped_at")
  @Nullable Instant stoppedAt;

  protected SlaClockEntity() {
    this.id = UUID.randomUUID();
  }

  SlaClockEntity(UUID id) {
    this.id = id;
  }
}
