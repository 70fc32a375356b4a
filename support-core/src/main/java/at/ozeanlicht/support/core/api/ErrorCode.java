package at.ozeanlicht.support.core.api;

/**
 * Why a {@link SupportException} was raised; also gives the CLI exit code (2 for the caller's
 * mistakes, 1 for everything else).
 */
public enum ErrorCode {
  /** Input failed validation; lists every field problem. */
  VALIDATION(2),
  /** A referenced conversation, contact, agent or inbox does not exist. */
  NOT_FOUND(1),
  /** A concurrent change won (optimistic version) or a unique rule was broken. */
  CONFLICT(1),
  /** The engine or workspace is configured wrongly. */
  CONFIGURATION(2),
  /** The actor may not do this. */
  ACCESS_DENIED(1),
  /** A channel or AI adapter failed. */
  ADAPTER(1),
  /** The database failed. */
  STORE(1);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI uses for this error. */
  public int exitCode() {
    return exitCode;
  }
}
