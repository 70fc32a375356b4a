package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** Conversation priority, most urgent first. */
public enum Priority implements Wire {
  CRITICAL,
  HIGH,
  NORMAL,
  LOW;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
