package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** What an agent may do. */
public enum AgentRole implements Wire {
  AGENT,
  LEAD,
  ADMIN;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
