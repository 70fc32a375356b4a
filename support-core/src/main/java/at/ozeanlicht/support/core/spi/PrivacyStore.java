package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.api.AuditEntry;
import at.ozeanlicht.support.core.api.FindAudit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The audit log, GDPR export and erasure, and retention, in one store transaction. */
public interface PrivacyStore {

  /**
   * Appends an audit entry. When {@code contactId} is null and {@code conversationId} is set, the
   * conversation's contact is recorded.
   */
  void appendAudit(AuditEntry entry);

  /** {@link #appendAudit} for several entries, in this order (one statement where the store can). */
  default void appendAudits(List<AuditEntry> entries) {
    entries.forEach(this::appendAudit);
  }

  /** Entries matching the query, oldest first. */
  List<AuditEntry> findAudit(FindAudit query);

  /**
   * Everything stored about a contact as one JSON document (contact, identities, conversations
   * with their customer-visible messages, ratings, KB gap questions, audit entries), if the
   * contact exists.
   */
  Optional<String> exportContact(UUID contactId);

  /**
   * Erases a contact's personal data: the contact and identities are anonymized, every message
   * text, attachment list, CSAT comment and KB gap question of their conversations is replaced,
   * their raw webhook payloads and outbound recipients are removed, and finally every text,
   * JSON, array and byte column of every table is swept for the contact's name, e-mail, phone,
   * channel ids and longer message texts. Rows, kinds and times stay. Returns counts by what was
   * changed.
   */
  Map<String, Integer> erase(UUID contactId, Instant now);

  /**
   * Applies retention to resolved conversations resolved before {@code cutoff}: redacts their
   * texts (once) or deletes them. Returns how many conversations were handled, at most {@code
   * limit}.
   */
  int retain(Instant cutoff, boolean delete, Instant now, int limit);

  /** Every contact identity with the contact's fields, ordered by channel and external id. */
  List<at.ozeanlicht.support.core.api.ImportContact> contactRows();

  /** Ids of support conversations created in [from, to) (open bounds when null), oldest first. */
  List<UUID> supportConversations(@org.jspecify.annotations.Nullable Instant from,
      @org.jspecify.annotations.Nullable Instant to);
}
