package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** A concurrent change won, or the change breaks a uniqueness rule. */
public final class ConflictException extends SupportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the object or field. */
  public ConflictException(String message) {
    super(message, null);
  }

  /** Creates the exception wrapping its cause. */
  public ConflictException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CONFLICT;
  }
}
