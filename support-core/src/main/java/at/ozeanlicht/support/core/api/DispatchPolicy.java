package at.ozeanlicht.support.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine dispatches the outbox: attempts, lease, backoff.
 *
 * <p>A failed attempt waits {@code min(maxDelay, baseDelay * 2^(attempt-1))}, of which a random
 * half is jitter ("equal jitter"), unless the channel asked for a specific wait (Telegram {@code
 * retry_after}), which is honoured exactly. After {@code maxAttempts} attempts a message is
 * {@code dead}.
 *
 * @param maxAttempts attempts before a message is dead, 1 to 100
 * @param lease how long a claimed message is reserved for one dispatcher; a message whose
 *     dispatcher died is sent again after it ends; longer than any adapter call (10 s to 1 h)
 * @param baseDelay the first retry delay, 1 s to 1 h
 * @param maxDelay the longest retry delay, at least {@code baseDelay}, at most 1 day
 * @param batchSize rows claimed per round, 1 to 1000
 */
public record DispatchPolicy(
    int maxAttempts, Duration lease, Duration baseDelay, Duration maxDelay, int batchSize) {
  /** Checks ranges, naming the field. */
  public DispatchPolicy {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts: must be between 1 and 100, was " + maxAttempts);
    }
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (lease.compareTo(Duration.ofSeconds(10)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("lease: must be between 10s and 1h, was " + lease);
    }
    if (baseDelay.compareTo(Duration.ofSeconds(1)) < 0 || baseDelay.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("baseDelay: must be between 1s and 1h, was " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0 || maxDelay.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("maxDelay: must be between baseDelay and 1 day, was " + maxDelay);
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize: must be between 1 and 1000, was " + batchSize);
    }
  }

  /** 8 attempts, 2 minute lease, 10 s to 1 h backoff, 50 per round. */
  public static DispatchPolicy defaults() {
    return new DispatchPolicy(8, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofHours(1), 50);
  }

  /** The backoff before attempt {@code attempt + 1}, without jitter. */
  public Duration backoff(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    Duration d = baseDelay.multipliedBy(1L << shift);
    return d.compareTo(maxDelay) > 0 || d.isNegative() ? maxDelay : d;
  }

  /** The wait before attempt {@code attempt + 1} with equal jitter: half of it fixed, half random. */
  Duration jitteredBackoff(int attempt) {
    long half = backoff(attempt).toMillis() / 2;
    return Duration.ofMillis(half + java.util.concurrent.ThreadLocalRandom.current().nextLong(half + 1));
  }
}
