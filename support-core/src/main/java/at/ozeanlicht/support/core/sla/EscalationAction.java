package at.ozeanlicht.support.core.sla;

import at.ozeanlicht.support.core.domain.Wire;
import java.util.Locale;

/** What happens when an SLA clock warns or breaches. */
public enum EscalationAction implements Wire {
  /** Tell people through the {@link at.ozeanlicht.support.core.spi.Notifier}, respecting the calendar. */
  NOTIFY,
  /** Assign the conversation to its team's lead. */
  REASSIGN_TO_LEAD,
  /** Raise the conversation's priority by one step (low, normal, high, critical). */
  RAISE_PRIORITY;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
