package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.macros.MacroCatalog;
import at.ozeanlicht.support.core.sla.SlaConfig;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated workspace: the configuration (brands, inboxes, teams, agents, labels, defaults) a
 * support engine runs with. Load one from a directory with {@link WorkspaceLoader}, or build it
 * in code.
 *
 * @param name workspace name
 * @param defaults language and time zone used where nothing more specific is set
 * @param brands brands
 * @param inboxes inboxes
 * @param teams teams
 * @param agents agents
 * @param labels known labels
 * @param macros canned responses and macros ({@code macros.yaml}); empty when there are none
 * @param sla business calendars and SLA policies ({@code sla.yaml}); none when absent
 */
public record Workspace(
    String name,
    Defaults defaults,
    List<Brand> brands,
    List<Inbox> inboxes,
    List<Team> teams,
    List<Agent> agents,
    List<Label> labels,
    MacroCatalog macros,
    SlaConfig sla) {

  /**
   * Workspace-wide defaults.
   *
   * @param language default language (ISO 639-1), e.g. {@code de}
   * @param zone time zone, e.g. {@code Europe/Vienna}
   */
  public record Defaults(String language, ZoneId zone) {
    /** Checks for nulls. */
    public Defaults {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(zone, "zone");
    }
  }

  /** Checks for nulls; copies lists. Cross-references are checked by {@link WorkspaceLoader}. */
  public Workspace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaults, "defaults");
    brands = List.copyOf(brands);
    inboxes = List.copyOf(inboxes);
    teams = List.copyOf(teams);
    agents = List.copyOf(agents);
    labels = List.copyOf(labels);
    Objects.requireNonNull(macros, "macros");
    Objects.requireNonNull(sla, "sla");
  }

  /** A workspace without canned responses, macros and SLA configuration. */
  public Workspace(
      String name,
      Defaults defaults,
      List<Brand> brands,
      List<Inbox> inboxes,
      List<Team> teams,
      List<Agent> agents,
      List<Label> labels) {
    this(name, defaults, brands, inboxes, teams, agents, labels, MacroCatalog.empty(),
        SlaConfig.none(Objects.requireNonNull(defaults, "defaults").zone()));
  }

  /** This workspace with other canned responses and macros. */
  public Workspace withMacros(MacroCatalog macros) {
    return new Workspace(name, defaults, brands, inboxes, teams, agents, labels, macros, sla);
  }

  /** This workspace with another SLA configuration. */
  public Workspace withSla(SlaConfig sla) {
    return new Workspace(name, defaults, brands, inboxes, teams, agents, labels, macros, sla);
  }

  /** The inbox with this id. */
  public Optional<Inbox> inbox(String id) {
    return inboxes.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  /** The team with this id. */
  public Optional<Team> team(String id) {
    return teams.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The agent with this handle. */
  public Optional<Agent> agent(String id) {
    return agents.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The brand with this id. */
  public Optional<Brand> brand(String id) {
    return brands.stream().filter(b -> b.id().equals(id)).findFirst();
  }
}
