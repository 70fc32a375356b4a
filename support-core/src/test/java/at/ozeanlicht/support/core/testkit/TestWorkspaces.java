package at.ozeanlicht.support.core.testkit;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.ZoneId;
import java.util.List;

/** Small workspaces built in code for tests that must not depend on YAML loading. */
public final class TestWorkspaces {
  private TestWorkspaces() {}

  /**
   * Two brands, inboxes {@code wa} (WhatsApp), {@code web}, {@code mail} (e-mail), {@code tg}
   * (Telegram); teams {@code support}, {@code tech}; agents {@code thomas} (lead, de/en),
   * {@code anna} (agent, de), {@code marco} (admin, en).
   */
  public static Workspace small() {
    return new Workspace("test",
        new Workspace.Defaults("de", ZoneId.of("Europe/Vienna")),
        List.of(new Brand("ol", "Ozean Licht", "de"), new Brand("ka", "Kids Ascension", "de")),
        List.of(new Inbox("wa", "WhatsApp", ChannelType.WHATSAPP, "ol", null),
            new Inbox("web", "Web chat", ChannelType.WEB, "ol", null),
            new Inbox("mail", "E-mail", ChannelType.EMAIL, "ka", null),
            new Inbox("tg", "Telegram", ChannelType.TELEGRAM, "ol", null)),
        List.of(new Team("support", "Support", "thomas"), new Team("tech", "Tech Support", "marco")),
        List.of(
            new Agent("thomas", "Thomas Berger", List.of("de", "en"), List.of("support"),
                AgentRole.LEAD, 3, 8, Availability.ONLINE),
            new Agent("anna", "Anna Huber", List.of("de"), List.of("support"),
                AgentRole.AGENT, 1, 6, Availability.ONLINE),
            new Agent("marco", "Marco Rossi", List.of("en", "it"), List.of("tech"),
                AgentRole.ADMIN, 4, 5, Availability.AWAY)),
        List.of(new Label("billing", "Zahlung"), new Label("bug", "Fehler")));
  }
}
