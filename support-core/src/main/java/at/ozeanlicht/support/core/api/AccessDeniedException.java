package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** The actor may not perform the operation. */
public final class AccessDeniedException extends SupportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the object or field. */
  public AccessDeniedException(String message) {
    super(message, null);
  }

  /** Creates the exception wrapping its cause. */
  public AccessDeniedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.ACCESS_DENIED;
  }
}
