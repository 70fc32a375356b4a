package at.ozeanlicht.support.core.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

@Entity
@Table(name = "contact_identities")
class ContactIdentityEntity {
  @Embeddable
  record Key(String channel, @Column(name = "external_id") String externalId) {}

  @EmbeddedId Key key;

  @Column(name = "contact_id")
  UUID contactId;

  protected ContactIdentityEntity() {
    this.key = new Key("", "");
    this.contactId = UUID.randomUUID();
  }

  ContactIdentityEntity(Key key, UUID contactId) {
    this.key = key;
    this.contactId = contactId;
  }
}
