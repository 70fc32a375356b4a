package at.ozeanlicht.support.core.inbox;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts for the inbox tabs, computed in one query over support conversations.
 *
 * @param open status open or pending
 * @param mine open or pending and assigned to the actor
 * @param unassigned open or pending and unassigned
 * @param assigned open or pending and assigned to anyone
 * @param resolved status resolved
 * @param byTeam open or pending, per team id (conversations without a team are not counted here)
 */
public record InboxCounts(
    long open, long mine, long unassigned, long assigned, long resolved, Map<String, Long> byTeam) {
  /** Copies the map (sorted by team id). */
  public InboxCounts {
    byTeam = java.util.Collections.unmodifiableMap(new TreeMap<>(byTeam));
  }
}
