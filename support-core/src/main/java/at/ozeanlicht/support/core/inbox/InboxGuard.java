package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.InboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine's access policy and audit log as the unified inbox uses them (issue 10). The engine
 * supplies the only implementation; hosts never implement or call it.
 */
public interface InboxGuard {
  /** The conversations {@code actor} may not see, for the inbox queries' predicate. */
  InboxStore.Visibility visibility(Actor actor);

  /**
   * Refuses unless {@code actor} may see {@code c}.
   *
   * @throws at.ozeanlicht.support.core.api.AccessDeniedException naming actor, action and conversation
   */
  void requireVisible(Actor actor, String action, Conversation c);

  /** Refuses a query filtered on a team {@code actor} may not see; null passes. */
  void requireTeam(Actor actor, String action, @Nullable String team);

  /** Writes the audit entries for {@code events} inside the change's transaction. */
  void audit(ConversationStore.Transaction tx, Actor actor, String command, List<DomainEvent> events,
      Map<UUID, Conversation> before);

  /** Runs engine commands as {@code actor}: access-checked under the row lock and audited under it. */
  <T> T acting(Actor actor, String command, Supplier<T> work);

  /**
   * Runs {@code body} as {@code actor} in one engine transaction; engine commands called inside
   * it join that transaction. Its events are audited under {@code command} and published after
   * the commit; if anything throws, nothing is written.
   */
  <T> T inOneTransaction(Actor actor, String command, Function<EngineWork, T> body);

  /** The engine transaction of {@link #inOneTransaction}. */
  interface EngineWork {
    /** The store transaction. */
    ConversationStore.Transaction tx();

    /**
     * Locks and loads the conversation, refusing if the acting actor may not see it (and
     * remembering it for the audit entry's before/after).
     *
     * @throws at.ozeanlicht.support.core.api.NotFoundException if there is no such conversation
     */
    Conversation load(UUID id);

    /** Appends a domain event to the transaction. */
    void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data);
  }
}
