package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** What a message is. Notes are private by construction and never reach a customer channel; activity messages record what happened. */
public enum MessageKind implements Wire {
  INCOMING,
  OUTGOING,
  NOTE,
  ACTIVITY;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
