package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** Whether an agent takes new conversations: never offline ones, away ones only as a last resort. */
public enum Availability implements Wire {
  ONLINE,
  AWAY,
  OFFLINE;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
