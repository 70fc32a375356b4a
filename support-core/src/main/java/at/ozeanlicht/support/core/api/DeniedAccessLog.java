package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.spi.ConversationStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every access denial to the audit log as {@value #ACTION}, each in a transaction of its
 * own: the refused change rolls back and writes nothing, the denial stays. The engine's store is
 * wrapped in this class so it knows whether the thread is inside a transaction; a denial raised
 * inside one is held until the outermost transaction has ended (committed or rolled back) and
 * then written on a fresh one, so no second connection is taken while the first is held.
 */
final class DeniedAccessLog implements ConversationStore {
  static final String ACTION = "access.denied";
  private static final Logger LOG = LoggerFactory.getLogger(DeniedAccessLog.class);

  /** One refusal: who, what, on what, why, and the conversation or contact it concerns. */
  record Denial(Actor actor, String action, String resource, String reason,
      @Nullable UUID conversationId, @Nullable UUID contactId) {}

  private final ConversationStore store;
  private final Clock clock;
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
  // A retried transaction may refuse the same thing twice: a set keeps one entry.
  private final ThreadLocal<Set<Denial>> pending = ThreadLocal.withInitial(LinkedHashSet::new);

  DeniedAccessLog(ConversationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records {@code d} now, or once the thread's outermost transaction has ended. */
  void record(Denial d) {
    pending.get().add(d);
    if (depth.get()[0] == 0) {
      flush();
    }
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    int[] d = depth.get();
    d[0]++;
    try {
      return store.inTransaction(work);
    } finally {
      if (--d[0] == 0) {
        depth.remove();
        flush();
      }
    }
  }

  private void flush() {
    Set<Denial> held = pending.get();
    if (held.isEmpty()) {
      pending.remove();
      return;
    }
    List<Denial> denials = new ArrayList<>(held);
    pending.remove();
    try {
      store.inTransaction(tx -> {
        for (Denial d : denials) {
          Map<String, String> data = new LinkedHashMap<>();
          data.put("action", d.action());
          data.put("resource", d.resource());
          data.put("reason", d.reason());
          tx.privacy().appendAudit(new AuditEntry(0, clock.instant(), d.actor().kind().wire(), d.actor().id(),
              ACTION, d.action(), d.conversationId(), d.contactId(), data, Map.of()));
        }
        return null;
      });
    } catch (RuntimeException e) {
      // The caller gets its AccessDeniedException either way; losing the entry is for an operator to see.
      LOG.warn("could not write {} access denial(s) to the audit log: {}", denials.size(), e.toString());
    }
  }

  @Override
  public Optional<javax.sql.DataSource> dataSource() {
    return store.dataSource();
  }

  @Override
  public void close() {
    store.close();
  }
}
