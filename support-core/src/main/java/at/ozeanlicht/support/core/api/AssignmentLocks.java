package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.spi.ConversationStore;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The locks one transaction holds to assign conversations without ever giving an agent more than
 * their capacity, across threads and nodes (all are PostgreSQL advisory locks held to commit).
 *
 * <p>Whoever reads an agent's open count to give them a conversation holds that agent's lock. A
 * transaction that assigns once (receive, assign, a status change) takes the {@code assign} lock
 * shared, then the team's round-robin cursor if any, then its candidate agents in handle order,
 * all before reading: two such transactions never wait on each other in a cycle, and those whose
 * candidates do not overlap run in parallel (the old single exclusive lock serialized every
 * receive). A transaction that may assign many times for different teams (the backlog drain, the
 * tick's rule batches) cannot take agents in one sorted go, so it takes the {@code assign} lock
 * exclusively instead: it then waits for the single-assignment transactions in flight and keeps
 * new ones out until it commits, so it needs no agent lock at all. Not thread-safe: one per
 * transaction.
 */
final class AssignmentLocks {
  private static final String ASSIGN = "assign";

  private enum Mode { NONE, SHARED, EXCLUSIVE }

  private Mode mode = Mode.NONE;
  private boolean many;
  private boolean batch;
  private boolean waited;
  private final Set<String> agents = new HashSet<>();

  /**
   * Thrown instead of waiting for a lock in a group-commit batch that may already hold locks a
   * waiter holds up: the batch rolls back and its messages run again alone, which wait safely.
   */
  static final class WouldWait extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WouldWait(String what) {
      super("group commit: " + what + " would wait in a batch; its messages run alone", null,
          false, false);
    }
  }

  /**
   * This transaction receives several messages (group commit), each of which may assign once.
   * Its agent locks are then taken in message order, not in one sorted go, so waiting for one
   * could close a cycle with another batch: every assignment tries the optimistic path, and a
   * blocking wait is allowed only while no agent lock is held yet; otherwise {@link WouldWait}.
   */
  void inBatch() {
    batch = true;
  }

  /** This transaction may assign several times: take the exclusive lock at the first one. */
  void expectMany() {
    if (batch) {
      throw new WouldWait("the exclusive assign lock");
    }
    many = true;
  }

  /**
   * Takes the {@code assign} lock shared if this transaction assigns once and has taken no lock
   * yet; returns whether it may now try the optimistic single-agent path (see {@link
   * #optimistic}): shared mode, no agent locked so far.
   */
  boolean sharedFirst(ConversationStore.Transaction tx) {
    if (many || mode == Mode.EXCLUSIVE || (!agents.isEmpty() && !batch)) {
      return false;
    }
    if (mode == Mode.NONE) {
      tx.lockShared(ASSIGN);
      mode = Mode.SHARED;
    }
    return true;
  }

  /**
   * The optimistic path for one assignment in shared mode: the caller decided on loads read
   * without agent locks; this takes only the chosen agent's lock, without waiting, inside a
   * savepoint. {@code confirm} re-reads that agent's load under the lock and says whether the
   * decision stands. If the lock is taken by another transaction or the decision does not stand,
   * the savepoint is rolled back (releasing the lock) and false returned: the caller then takes
   * the blocking path of {@link #lock}, holding no agent lock, so no cycle can form. Most
   * receives thereby never wait on each other: they lock one agent, not all candidates, and
   * only when somebody is available.
   */
  boolean optimistic(ConversationStore.Transaction tx, String agent,
      java.util.function.BooleanSupplier confirm) {
    if (!tx.tryLockAgent("assign_try", agent)) {
      return false; // nothing taken, nothing to release (the open savepoint is harmless)
    }
    if (!confirm.getAsBoolean()) {
      tx.rollbackTo("assign_try");
      return false;
    }
    agents.add(agent);
    return true;
  }

  /**
   * Locks what reading the candidates' load needs; returns the team's round-robin cursor when
   * {@code roundRobinTeam} is set (the cursor is locked too).
   */
  Optional<String> lock(ConversationStore.Transaction tx, List<String> sortedCandidates,
      @Nullable String roundRobinTeam) {
    if (batch && (waited || !agents.isEmpty())) {
      throw new WouldWait("locking agents " + sortedCandidates);
    }
    waited = true;
    if (mode == Mode.NONE) {
      if (many) {
        tx.lock(ASSIGN);
        mode = Mode.EXCLUSIVE;
      } else {
        tx.lockShared(ASSIGN);
        mode = Mode.SHARED;
      }
    }
    Optional<String> last = roundRobinTeam == null ? Optional.empty() : tx.lockRoundRobin(roundRobinTeam);
    if (mode == Mode.SHARED && !agents.containsAll(sortedCandidates)) {
      // A second assignment in a shared transaction (a rule's assign after a drain-free change)
      // may add agents out of handle order; PostgreSQL would detect a resulting cycle and roll
      // one transaction back. No path of the engine assigns twice under a shared lock today.
      tx.lockAgents(sortedCandidates);
      agents.addAll(sortedCandidates);
    }
    return last;
  }
}
