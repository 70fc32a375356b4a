package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.spi.ConversationStore;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lock order of {@link AssignmentLocks}, in particular in a group-commit batch (issue 12):
 * there an assignment never waits for a lock while the batch holds an agent lock, which could
 * close a cycle with another batch; it fails the batch instead, whose messages then run alone.
 */
class AssignmentLocksTest {
  private final List<String> calls = new ArrayList<>();
  /** What tryLockAgent answers. */
  private boolean free = true;

  /** A transaction that records the lock calls. */
  private ConversationStore.Transaction tx() {
    return (ConversationStore.Transaction) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ConversationStore.Transaction.class}, (proxy, method, args) -> {
          calls.add(method.getName() + (args == null ? "" : List.of(args)));
          return switch (method.getName()) {
            case "tryLockAgent" -> free;
            case "lockRoundRobin" -> Optional.empty();
            default -> null;
          };
        });
  }

  @Test
  void single_afterAnOptimisticAgentLock_theBlockingPathIsNotTakenAgain() {
    AssignmentLocks locks = new AssignmentLocks();
    ConversationStore.Transaction tx = tx();
    assertThat(locks.sharedFirst(tx)).isTrue();
    assertThat(locks.optimistic(tx, "anna", () -> true)).isTrue();
    assertThat(locks.sharedFirst(tx)).as("outside a batch: one optimistic assignment").isFalse();
  }

  @Test
  void batch_everyAssignmentTriesOptimistically_andNeverWaitsWhileHoldingAnAgent() {
    AssignmentLocks locks = new AssignmentLocks();
    locks.inBatch();
    ConversationStore.Transaction tx = tx();
    assertThat(locks.sharedFirst(tx)).isTrue();
    assertThat(locks.optimistic(tx, "anna", () -> true)).isTrue();
    assertThat(locks.sharedFirst(tx)).as("the next message's assignment").isTrue();
    free = false; // ben is locked by another transaction
    assertThat(locks.optimistic(tx, "ben", () -> true)).isFalse();
    calls.clear();
    assertThatThrownBy(() -> locks.lock(tx, List.of("anna", "ben"), null))
        .isInstanceOf(AssignmentLocks.WouldWait.class);
    assertThat(calls).as("no lock was waited for").isEmpty();
  }

  @Test
  void batch_theFirstBlockingLockBeforeAnyAgent_isTaken_aSecondOneIsNot() {
    AssignmentLocks locks = new AssignmentLocks();
    locks.inBatch();
    ConversationStore.Transaction tx = tx();
    locks.lock(tx, List.of("anna", "ben"), "team-a");
    assertThat(calls).containsExactly("lockShared[assign]", "lockRoundRobin[team-a]",
        "lockAgents[[anna, ben]]");
    assertThatThrownBy(() -> locks.lock(tx, List.of("carl"), "team-b"))
        .isInstanceOf(AssignmentLocks.WouldWait.class);
  }

  @Test
  void batch_theExclusiveLockIsNeverTaken() {
    AssignmentLocks locks = new AssignmentLocks();
    locks.inBatch();
    assertThatThrownBy(locks::expectMany).isInstanceOf(AssignmentLocks.WouldWait.class);
  }
}
