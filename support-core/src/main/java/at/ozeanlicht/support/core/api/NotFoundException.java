package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** A referenced object does not exist. */
public final class NotFoundException extends SupportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the object or field. */
  public NotFoundException(String message) {
    super(message, null);
  }

  /** Creates the exception wrapping its cause. */
  public NotFoundException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.NOT_FOUND;
  }
}
