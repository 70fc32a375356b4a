package at.ozeanlicht.support.core.api;

import org.jspecify.annotations.Nullable;

/** The engine, a workspace or an adapter is configured wrongly. */
public final class ConfigurationException extends SupportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the object or field. */
  public ConfigurationException(String message) {
    super(message, null);
  }

  /** Creates the exception wrapping its cause. */
  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.CONFIGURATION;
  }
}
