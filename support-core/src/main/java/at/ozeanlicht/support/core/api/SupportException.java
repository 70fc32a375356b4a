package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** Base of every exception the library throws on purpose. Unchecked. */
public abstract class SupportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SupportException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Why this was raised; never null. */
  public abstract ErrorCode code();
}
