package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Wire;
import java.util.Locale;

/** How CSAT figures are grouped over time, in the workspace's time zone. */
public enum CsatPeriod implements Wire {
  /** Calendar days. */
  DAY,
  /** ISO weeks, starting Monday. */
  WEEK,
  /** Calendar months. */
  MONTH;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
