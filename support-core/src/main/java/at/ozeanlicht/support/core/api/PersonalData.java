package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.spi.ConversationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * GDPR operations on one person: export everything stored about them, erase it. Both need role
 * {@code admin} (the system may always) and are written to the audit log, the erasure without
 * any personal data. Get one from {@link SupportEngine#personalData()} (as the system) or {@link
 * SupportSession#personalData()} (as the session's actor).
 */
public final class PersonalData {
  private static final int BATCH = 100;
  private static final int MAX_REASON = 200;

  private final ConversationStore store;
  private final Clock clock;
  private final AccessPolicy access;
  private final Supplier<Actor> actor;

  PersonalData(ConversationStore store, Clock clock, AccessPolicy access, Supplier<Actor> actor) {
    this.store = store;
    this.clock = clock;
    this.access = access;
    this.actor = actor;
  }

  /**
   * Everything stored about a contact as one JSON document: {@code contact}, {@code identities},
   * {@code conversations} (with their customer-visible messages and rating; private notes are
   * counted as {@code privateNotesWithheld}, never shown), {@code ratings}, {@code
   * knowledgeBaseQuestions} and {@code audit} (entries about them). The read is audited as
   * {@code gdpr.exported}.
   *
   * @throws NotFoundException if there is no such contact
   * @throws AccessDeniedException unless the actor is an admin or the system
   */
  public String export(UUID contactId) {
    Objects.requireNonNull(contactId, "contactId");
    Actor who = actor.get();
    access.requireRole(who, "export personal data of", "contact " + contactId, AgentRole.ADMIN);
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      String json = tx.privacy().exportContact(contactId).orElseThrow(
          () -> new NotFoundException("contact: no contact " + contactId));
      AuditTrail.operation(tx, who, "gdpr.exported", now, null, contactId, Map.of());
      return json;
    });
  }

  /**
   * Erases a contact's personal data in one transaction: name, e-mail, phone and attributes are
   * cleared, channel ids replaced, every message text, attachment list, CSAT comment and KB gap
   * question of their conversations redacted, their raw webhook payloads deleted, and every
   * text, JSON, array and byte column of every table swept for their exact name, e-mail, phone,
   * channel ids and message texts of 16 characters or more. Conversations, messages and ratings
   * stay as rows with their kinds, times and scores, so reports keep their numbers. The erasure
   * is audited as {@code contact.erased} with counts and the reason (which must not itself name
   * the person).
   *
   * @return counts: {@code conversations}, {@code redactedRows}, {@code rawPayloadsDeleted},
   *     {@code identities}, {@code sweptCells}
   * @throws NotFoundException if there is no such contact
   * @throws AccessDeniedException unless the actor is an admin or the system
   */
  public Map<String, Integer> erase(UUID contactId, @Nullable String reason) {
    Objects.requireNonNull(contactId, "contactId");
    if (reason != null && reason.length() > MAX_REASON) {
      throw ValidationException.of("reason", "at most " + MAX_REASON + " characters, was " + reason.length());
    }
    Actor who = actor.get();
    access.requireRole(who, "erase personal data of", "contact " + contactId, AgentRole.ADMIN);
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      Map<String, Integer> counts = tx.privacy().erase(contactId, now);
      if (counts.isEmpty()) {
        throw new NotFoundException("contact: no contact " + contactId);
      }
      Map<String, String> data = new LinkedHashMap<>();
      counts.forEach((k, v) -> data.put(k, String.valueOf(v)));
      if (reason != null && !reason.isBlank()) {
        data.put("reason", reason.strip());
      }
      AuditTrail.operation(tx, who, "contact.erased", now, null, contactId, data);
      return Map.copyOf(counts);
    });
  }

  /**
   * Hands every support conversation created in [from, to) (open bounds when null), oldest first,
   * to {@code sink}, in one read transaction; {@code ConversationJsonlWriter} turns each into an
   * import line. The read is audited as {@code conversations.exported}.
   *
   * @return how many conversations were exported
   * @throws AccessDeniedException unless the actor is an admin or the system
   */
  public int exportConversations(@Nullable Instant from, @Nullable Instant to,
      java.util.function.Consumer<ConversationView> sink) {
    Objects.requireNonNull(sink, "sink");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ValidationException.of("from", "must be before to, was " + from + " and " + to);
    }
    Actor who = actor.get();
    access.requireRole(who, "export", "conversations", AgentRole.ADMIN);
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      int n = 0;
      for (UUID id : tx.privacy().supportConversations(from, to)) {
        at.ozeanlicht.support.core.domain.Conversation c = tx.conversation(id, false).orElseThrow();
        sink.accept(new ConversationView(c, c.contactId() == null ? null : tx.contact(c.contactId()).orElse(null),
            tx.messages(id), tx.csat(id).orElse(null)));
        n++;
      }
      Map<String, String> data = new LinkedHashMap<>();
      data.put("conversations", String.valueOf(n));
      if (from != null) {
        data.put("from", from.toString());
      }
      if (to != null) {
        data.put("to", to.toString());
      }
      AuditTrail.operation(tx, who, "conversations.exported", now, null, null, data);
      return n;
    });
  }

  /**
   * Creates or updates contacts in one transaction (all or none), each audited as {@code
   * contact.imported} (ids only). Validate the rows first ({@code ContactCsvReader} does).
   *
   * @return how many contacts were created and how many updated
   * @throws AccessDeniedException unless the actor is an admin or the system
   */
  public Map<String, Integer> importContacts(java.util.List<ImportContact> rows) {
    Objects.requireNonNull(rows, "rows");
    Actor who = actor.get();
    access.requireRole(who, "import", "contacts", AgentRole.ADMIN);
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      int created = 0;
      int updated = 0;
      for (ImportContact r : rows) {
        tx.lock("contact:" + r.channel().wire() + ":" + r.externalId());
        java.util.Optional<Contact> existing = tx.contactByExternalId(r.channel(), r.externalId());
        Contact c = existing.map(e -> new Contact(e.id(), e.externalIds(), or(r.name(), e.name()),
                or(r.email(), e.email()), or(r.phone(), e.phone()), or(r.language(), e.language()),
                r.vip() || e.vip(), e.attributes(), e.createdAt()))
            .orElseGet(() -> new Contact(UUID.randomUUID(), Map.of(r.channel(), r.externalId()), r.name(),
                r.email(), r.phone(), r.language(), r.vip(), Map.of(), now));
        if (existing.isPresent() && existing.get().equals(c)) {
          continue;
        }
        tx.saveContact(c);
        if (existing.isPresent()) {
          updated++;
        } else {
          created++;
        }
        AuditTrail.operation(tx, who, "contact.imported", now, null, c.id(),
            Map.of("channel", r.channel().wire(), "created", String.valueOf(existing.isEmpty())));
      }
      return Map.of("created", created, "updated", updated);
    });
  }

  /**
   * Every contact identity as an {@link ImportContact} row (a contact known on two channels gives
   * two rows), ordered by channel and id; {@code ContactCsvWriter} writes them. The read is
   * audited as {@code contacts.exported}.
   *
   * @throws AccessDeniedException unless the actor is an admin or the system
   */
  public java.util.List<ImportContact> exportContacts() {
    Actor who = actor.get();
    access.requireRole(who, "export", "contacts", AgentRole.ADMIN);
    Instant now = clock.instant();
    return store.inTransaction(tx -> {
      java.util.List<ImportContact> rows = tx.privacy().contactRows();
      AuditTrail.operation(tx, who, "contacts.exported", now, null, null,
          Map.of("rows", String.valueOf(rows.size())));
      return rows;
    });
  }

  private static @Nullable String or(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  /** Tick part: applies the workspace retention; returns the conversations handled. */
  int retain(Instant now) {
    PrivacySettings settings = access.settings();
    Duration age = settings.retention();
    if (age == null) {
      return 0;
    }
    boolean delete = settings.retentionMode() == PrivacySettings.RetentionMode.DELETE;
    Instant cutoff = now.minus(age);
    int total = 0;
    while (true) {
      int batch = store.inTransaction(tx -> {
        int n = tx.privacy().retain(cutoff, delete, now, BATCH);
        if (n > 0) {
          AuditTrail.operation(tx, actor.get(), delete ? "retention.deleted" : "retention.redacted", now,
              null, null, Map.of("conversations", String.valueOf(n), "resolvedBefore", cutoff.toString()));
        }
        return n;
      });
      total += batch;
      if (batch < BATCH) {
        return total;
      }
    }
  }
}
