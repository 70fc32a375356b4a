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
@Table(name = "contacts")
class ContactEntity {
  @Id UUID id;
  @Nullable String name;
  @Nullable String email;
  @Nullable String phone;

  /** Keyed HMAC of the e-mail address when encryption is on (see FieldCipher#blindIndexes). */
  @Column(name = "email_index")
  @Nullable String emailIndex;

  @Column(name = "phone_index")
  @Nullable String phoneIndex;
  @Nullable String language;
  boolean vip;

  @JdbcTypeCode(SqlTypes.JSON)
  Map<String, String> attributes = new HashMap<>();

  @Column(name = "created_at")
  Instant createdAt;

  protected ContactEntity() {
    this.id = UUID.randomUUID();
    this.createdAt = Instant.EPOCH;
  }
}
