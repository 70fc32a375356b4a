package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** The shape of a message body. */
public enum ContentType implements Wire {
  TEXT,
  ATTACHMENT,
  TEMPLATE,
  CARD;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
