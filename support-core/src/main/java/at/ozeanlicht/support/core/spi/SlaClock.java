package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.SlaMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One run of an SLA clock on a conversation. A clock is running ({@code runningSince} set),
 * paused ({@code pausedAt} set) or stopped ({@code stoppedAt} set). Business time consumed so far
 * is {@code elapsed} plus, while running, the business time since {@code runningSince};
 * {@code warnAt} and {@code dueAt} are planned from that and recomputed on every resume.
 *
 * @param id the clock's id
 * @param conversationId the conversation
 * @param metric what it measures
 * @param policy the SLA policy id it was started under
 * @param calendar the calendar id it counts in, or {@code 24/7}
 * @param target the business time allowed
 * @param warnAfter the business time after which to warn (a share of the target)
 * @param startedAt when it started
 * @param runningSince when it last started or resumed; null while paused or stopped
 * @param elapsed business time consumed before {@code runningSince}
 * @param warnAt when the warning is due while running
 * @param dueAt the deadline while running
 * @param pausedAt when it was paused, or null
 * @param warnedAt when the warning fired, or null
 * @param breachedAt when the breach fired, or null
 * @param stoppedAt when it stopped, or null while open
 */
public record SlaClock(
    UUID id,
    UUID conversationId,
    SlaMetric metric,
    String policy,
    String calendar,
    Duration target,
    Duration warnAfter,
    Instant startedAt,
    @Nullable Instant runningSince,
    Duration elapsed,
    Instant warnAt,
    Instant dueAt,
    @Nullable Instant pausedAt,
    @Nullable Instant warnedAt,
    @Nullable Instant breachedAt,
    @Nullable Instant stoppedAt) {
  /** Checks for nulls and the running/paused/stopped invariant. */
  public SlaClock {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(warnAfter, "warnAfter");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(warnAt, "warnAt");
    Objects.requireNonNull(dueAt, "dueAt");
    if (stoppedAt == null && (runningSince == null) == (pausedAt == null)) {
      throw new IllegalArgumentException("runningSince/pausedAt: an open clock is either running or paused");
    }
  }

  /** Whether the clock is counting now. */
  public boolean isRunning() {
    return stoppedAt == null && runningSince != null;
  }

  /** Whether the clock is paused. */
  public boolean isPaused() {
    return stoppedAt == null && pausedAt != null;
  }
}
