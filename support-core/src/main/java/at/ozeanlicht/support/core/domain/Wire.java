package at.ozeanlicht.support.core.domain;

/**
 * An enum constant with a stable lower-case wire name, used in YAML, JSON, the CLI and the database.
 */
public interface Wire {
  /** The stable name used on the wire, e.g. {@code team_chat}. Never null. */
  String wire();
}
