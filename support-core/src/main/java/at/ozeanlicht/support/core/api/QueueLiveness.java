package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Status;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * When assignment is tried besides a received message (issue 12, liveness): a conversation that
 * enters a team's queue unassigned is tried at once, not left for a later backlog drain.
 *
 * <ul>
 *   <li>A manual move to another team without naming an assignee ({@link SupportEngine#assign})
 *       is tried in the new team, as routing's move on receive is.
 *   <li>A snoozed conversation that wakes ({@link SupportEngine#tick}) without an assignee, also
 *       after the {@code snooze_ended} rules ran, is tried in its team.
 *   <li>A conversation that comes back to its team's queue from pending, snoozed or resolved (a
 *       customer message, a snooze that ends) while its assignee is offline ({@link
 *       #heldOffline}) leaves that assignee ("Lukas Gruber left the conversation (offline when
 *       …)", a {@code conversation.assigned} event without {@code assignee}) and is tried in its
 *       team; with nobody eligible it waits unassigned for the backlog drain. Away agents keep
 *       theirs, as assignment still gives them work as a last resort. A follow-up message of a
 *       conversation that was already open reads no availability: that is the hot path, and an
 *       agent going offline does not take open conversations away either.
 *   <li>The first tick of an engine drains the backlog of every team once: a host that reloads its
 *       workspace builds a new engine, and a higher capacity, a new agent or a new team member
 *       frees slots that no resolve or availability change would announce.
 * </ul>
 *
 * <p>The tries and the drain go through the engine's assignment (capacity, availability,
 * language, VIP, fairness, {@link AssignmentLocks}); with the {@code claim} strategy they do
 * nothing. Thread-safe.
 */
final class QueueLiveness {
  private final AtomicBoolean startupDrainDone = new AtomicBoolean();

  /**
   * Whether {@code after} (saved by a manual move of {@code before}) entered another team's queue
   * unassigned and open, so that assignment should be tried now.
   */
  static boolean enteredTeamQueue(Conversation before, Conversation after) {
    return after.team() != null && !Objects.equals(before.team(), after.team())
        && waitsUnassigned(after);
  }

  /** Whether a conversation woken from snooze waits in its team's queue without an assignee. */
  static boolean wokeUnassigned(Conversation awake) {
    return awake.team() != null && waitsUnassigned(awake);
  }

  /**
   * Whether an open support conversation in a team's queue is assigned to an agent who is offline
   * now (an agent unknown to the workspace counts as offline), so that it must be released.
   * Reads the availability only for such a conversation.
   */
  static boolean heldOffline(Conversation c, Function<String, Optional<Availability>> availability) {
    return c.team() != null && c.assignee() != null && c.status() == Status.OPEN
        && c.kind() == ConversationKind.SUPPORT
        && availability.apply(c.assignee()).orElse(Availability.OFFLINE) == Availability.OFFLINE;
  }

  /** As the backlog drain selects: an open support conversation without an assignee. */
  private static boolean waitsUnassigned(Conversation c) {
    return c.assignee() == null && c.status() == Status.OPEN && c.kind() == ConversationKind.SUPPORT;
  }

  /** Whether this engine has yet to drain every team's backlog once (its first tick). */
  boolean startupDrainPending() {
    return !startupDrainDone.get();
  }

  /** Records that the startup drain committed; a failed one is tried again at the next tick. */
  void startupDrainDone() {
    startupDrainDone.set(true);
  }
}
