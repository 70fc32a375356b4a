package at.ozeanlicht.support.core.inbox;

/**
 * Who a result is for. Private notes and activity entries are team-only: a {@link #CUSTOMER}
 * reader (a widget, a customer-facing assistant, an export for the customer) never receives
 * their text, neither as an excerpt nor as a search hit.
 */
public enum Audience {
  /** Agents of the workspace: notes, team chat and activity included. */
  TEAM,
  /** A customer-facing reader: only incoming and outgoing messages. */
  CUSTOMER
}
