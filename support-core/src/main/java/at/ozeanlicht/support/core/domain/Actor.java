package at.ozeanlicht.support.core.domain;

import java.util.Objects;
import java.util.Set;

/**
 * Who runs a command or query: an agent of the workspace (with its role and teams), the engine
 * itself ({@link #system()}), or a service the host defines (an integration, the MCP server).
 *
 * <p>Queries use the actor for "me" filters, unread state and visibility; the access policy
 * decides from it what the actor may read and change; the audit log records it.
 *
 * @param kind agent, system or service
 * @param id agent handle, {@code system}, or the service name
 * @param role the agent's role; services act with the role the host grants them; system is admin
 * @param teams team ids the actor belongs to (empty for system and services)
 */
public record Actor(Kind kind, String id, AgentRole role, Set<String> teams) {

  /** The kinds of actors. */
  public enum Kind implements Wire {
    /** A person of the support team. */
    AGENT,
    /** The engine itself: ticks, routing, imports run by an operator. */
    SYSTEM,
    /** A host-defined integration, such as the MCP server or a back-office job. */
    SERVICE;

    @Override
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Actor SYSTEM = new Actor(Kind.SYSTEM, "system", AgentRole.ADMIN, Set.of());

  /** Checks for nulls; copies the team set. */
  public Actor {
    Objects.requireNonNull(kind, "kind");
    Checks.text(id, "id");
    Objects.requireNonNull(role, "role");
    teams = Set.copyOf(teams);
  }

  /** The engine itself, with every right. */
  public static Actor system() {
    return SYSTEM;
  }

  /** An agent of the workspace, with the agent's role and teams. */
  public static Actor of(Agent agent) {
    return new Actor(Kind.AGENT, agent.id(), agent.role(), Set.copyOf(agent.teams()));
  }

  /** A host-defined service acting with {@code role}. */
  public static Actor service(String name, AgentRole role) {
    return new Actor(Kind.SERVICE, name, role, Set.of());
  }

  /** Whether this actor is the agent {@code handle}. */
  public boolean is(String handle) {
    return kind == Kind.AGENT && id.equals(handle);
  }
}
