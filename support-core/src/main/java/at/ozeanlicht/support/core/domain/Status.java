package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** The life-cycle state of a conversation. A resolved conversation reopens when the customer writes again. */
public enum Status implements Wire {
  OPEN,
  PENDING,
  SNOOZED,
  RESOLVED;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
