package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** Who wrote a message. */
public enum SenderType implements Wire {
  CONTACT,
  AGENT,
  BOT,
  SYSTEM;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
