package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** The kind of channel an inbox receives from. */
public enum ChannelType implements Wire {
  WEB,
  WHATSAPP,
  EMAIL,
  TELEGRAM,
  API;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
