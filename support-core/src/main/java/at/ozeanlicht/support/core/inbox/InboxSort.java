package at.ozeanlicht.support.core.inbox;

/** Order of an inbox page; both are keyset-paginated with the conversation id as tie-breaker. */
public enum InboxSort {
  /** Most recent activity first. */
  ACTIVITY,
  /** Earliest running SLA deadline first; conversations without a running clock are left out. */
  SLA_DUE
}
