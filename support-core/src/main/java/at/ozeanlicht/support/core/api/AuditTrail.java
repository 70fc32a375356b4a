package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DomainEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes the audit log from inside the engine's transactions: one entry per domain event (the
 * events already exist for every state change), the first entry of each conversation carrying
 * the fields that changed since the command loaded it.
 */
final class AuditTrail {
  private AuditTrail() {}

  /** The fields of a conversation the audit log compares, with how to read each. */
  private static final Map<String, Function<Conversation, @Nullable Object>> FIELDS = fields();

  private static Map<String, Function<Conversation, @Nullable Object>> fields() {
    Map<String, Function<Conversation, @Nullable Object>> f = new LinkedHashMap<>();
    f.put("status", c -> c.status().wire());
    f.put("priority", c -> c.priority().wire());
    f.put("team", Conversation::team);
    f.put("assignee", Conversation::assignee);
    f.put("labels", c -> String.join(",", new TreeSet<>(c.labels())));
    f.put("participants", c -> String.join(",", c.participants()));
    f.put("snoozedUntil", Conversation::snoozedUntil);
    f.put("resolvedAt", Conversation::resolvedAt);
    return f;
  }

  static void record(ConversationStore.Transaction tx, Actor actor, @Nullable String command,
      List<DomainEvent> events, Map<UUID, Conversation> before) {
    Set<UUID> diffed = new HashSet<>();
    List<AuditEntry> entries = new ArrayList<>(events.size());
    for (DomainEvent e : events) {
      Map<String, AuditEntry.Change> changes = Map.of();
      UUID id = e.conversationId();
      if (id != null && before.containsKey(id) && diffed.add(id)) {
        Conversation after = tx.conversation(id, false).orElse(null);
        changes = after == null ? Map.of() : diff(before.get(id), after);
      }
      UUID contact = parse(e.data().get("contactId"));
      entries.add(new AuditEntry(0, e.occurredAt(), actor.kind().wire(), actor.id(),
          e.type(), command, id, contact, e.data(), changes));
    }
    if (!entries.isEmpty()) {
      tx.privacy().appendAudits(entries);
    }
  }

  /** An entry for an operation that is not a domain event (exports, erasure, retention). */
  static void operation(ConversationStore.Transaction tx, Actor actor, String action, Instant at,
      @Nullable UUID conversationId, @Nullable UUID contactId, Map<String, String> data) {
    tx.privacy().appendAudit(new AuditEntry(0, at, actor.kind().wire(), actor.id(), action,
        null, conversationId, contactId, data, Map.of()));
  }

  static Map<String, AuditEntry.Change> diff(Conversation before, Conversation after) {
    Map<String, AuditEntry.Change> changes = new LinkedHashMap<>();
    FIELDS.forEach((name, read) -> {
      Object b = read.apply(before);
      Object a = read.apply(after);
      if (!Objects.equals(b, a)) {
        changes.put(name, new AuditEntry.Change(b == null ? null : b.toString(), a == null ? null : a.toString()));
      }
    });
    return changes;
  }

  private static @Nullable UUID parse(@Nullable String id) {
    if (id == null) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
