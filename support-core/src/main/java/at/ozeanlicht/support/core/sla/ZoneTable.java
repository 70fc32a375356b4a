package at.ozeanlicht.support.core.sla;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's offset transitions from 1900 to 2200 as plain arrays, so that converting between local
 * and instant seconds is a subtraction plus an index that only moves forward during one
 * computation. Local times resolve as {@link java.time.ZonedDateTime#of} does: in a gap the
 * offset before the transition applies (02:30 on a spring-forward night is the moment 03:30), in
 * an overlap the earlier offset (the first 02:30). Outside the table, {@link ZoneRules} answers.
 */
final class ZoneTable {
  private static final long FROM = LocalDateTime.of(1900, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long TO = LocalDateTime.of(2200, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private final ZoneId zone;
  private final ZoneRules rules;
  /** Instant of each transition. */
  private final long[] instants;
  /** Local second from which the offset after the transition applies: max(local before, local after). */
  private final long[] localBoundaries;
  /** Offset before transition i; offsets[length] is the offset after the last. */
  private final int[] offsets;

  ZoneTable(ZoneId zone) {
    this.zone = zone;
    this.rules = zone.getRules();
    List<ZoneOffsetTransition> list = new ArrayList<>();
    if (!rules.isFixedOffset()) {
      ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(FROM - 86_400));
      while (t != null && t.toEpochSecond() < TO) {
        list.add(t);
        t = rules.nextTransition(t.getInstant());
      }
    }
    instants = new long[list.size()];
    localBoundaries = new long[list.size()];
    offsets = new int[list.size() + 1];
    offsets[0] = rules.getOffset(Instant.ofEpochSecond(FROM - 86_400)).getTotalSeconds();
    for (int i = 0; i < list.size(); i++) {
      ZoneOffsetTransition t = list.get(i);
      int before = t.getOffsetBefore().getTotalSeconds();
      int after = t.getOffsetAfter().getTotalSeconds();
      instants[i] = t.toEpochSecond();
      localBoundaries[i] = t.toEpochSecond() + Math.max(before, after);
      offsets[i] = before;
      offsets[i + 1] = after;
    }
  }

  ZoneId zone() {
    return zone;
  }

  /** Local epoch second of the instant second {@code sec}. */
  long toLocal(long sec) {
    if (sec < FROM || sec >= TO) {
      return sec + rules.getOffset(Instant.ofEpochSecond(sec)).getTotalSeconds();
    }
    int lo = 0;
    int hi = instants.length;
    while (lo < hi) { // first transition after sec
      int mid = (lo + hi) >>> 1;
      if (instants[mid] <= sec) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return sec + offsets[lo];
  }

  /** A cursor converting increasing local seconds to instant seconds. Not thread-safe. */
  Cursor cursor(long local) {
    return new Cursor(local);
  }

  final class Cursor {
    private int index;

    private Cursor(long local) {
      int lo = 0;
      int hi = localBoundaries.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (localBoundaries[mid] <= local) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      index = lo;
    }

    /** Instant second of local second {@code local}; calls must not go backwards by more than a day. */
    long toInstant(long local) {
      if (local < FROM || local >= TO) {
        return LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC).atZone(zone).toEpochSecond();
      }
      while (index < localBoundaries.length && localBoundaries[index] <= local) {
        index++;
      }
      while (index > 0 && localBoundaries[index - 1] > local) {
        index--;
      }
      return local - offsets[index];
    }
  }
}
