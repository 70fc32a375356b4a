package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** The database failed; the change was rolled back. */
public final class StoreException extends SupportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the object or field. */
  public StoreException(String message) {
    super(message, null);
  }

  /** Creates the exception wrapping its cause. */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.STORE;
  }
}
