package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "conversations")
class ConversationEntity {
  @Id UUID id;
  long number;
  String kind = "support";
  String inbox = "";

  @Column(name = "contact_id")
  @Nullable UUID contactId;

  @JdbcTypeCode(SqlTypes.ARRAY)
  String[] participants = new String[0];

  String status = "open";
  String priority = "normal";

  @JdbcTypeCode(SqlTypes.ARRAY)
  String[] labels = new String[0];

  @Nullable String team;
  @Nullable String assignee;

  @JdbcTypeCode(SqlTypes.JSON)
  Map<String, String> attributes = new HashMap<>();

  @Column(name = "external_id")
  @Nullable String externalId;

  @Column(name = "created_at")
  Instant createdAt = Instant.EPOCH;

  @Column(name = "last_activity_at")
  Instant lastActivityAt = Instant.EPOCH;

  @Column(name = "first_response_at")
  @Nullable Instant firstResponseAt;

  @Column(name = "resolved_at")
  @Nullable Instant resolvedAt;

  @Column(name = "snoozed_until")
  @Nullable Instant snoozedUntil;

  @Version long version;

  protected ConversationEntity() {
    this.id = UUID.randomUUID();
  }
}
