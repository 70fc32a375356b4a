package at.ozeanlicht.support.core.inbox;

/** The SLA state of an inbox row, from its earliest running deadline. */
public enum SlaState {
  /** No running SLA clock. */
  NONE,
  /** A deadline runs and is further away than the urgent window. */
  RUNNING,
  /** The deadline falls within the urgent window. */
  DUE_SOON,
  /** The deadline has passed. */
  BREACHED
}
