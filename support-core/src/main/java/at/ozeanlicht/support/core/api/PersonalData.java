package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
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
