package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** The tone of a customer message. Negative sentiment always keeps AI from answering. */
public enum Sentiment implements Wire {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
