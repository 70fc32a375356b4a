package at.ozeanlicht.support.core.domain;

import java.util.Locale;

/** The three kinds of conversation held in one model: customer support, internal team chat and dev tickets. */
public enum ConversationKind implements Wire {
  SUPPORT,
  TEAM_CHAT,
  DEV_TICKET;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
