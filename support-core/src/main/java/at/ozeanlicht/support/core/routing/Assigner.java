package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Availability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Picks an agent of a team for a conversation: a pure function of the team's agents and their
 * current state. Filters, in order: availability (never offline; away only when nobody online is
 * left), capacity, the fairness window, language (German → German-speaking, when anyone speaks
 * it), VIP → senior (seniority {@value #SENIOR} or more, else the most senior). Then the strategy:
 * {@code least-loaded} (lowest open/capacity ratio), {@code round-robin} (the next after the last
 * one assigned, by handle), {@code claim} (nobody: agents pick from the queue). Thread-safe.
 */
public final class Assigner {
  /** The seniority from which an agent counts as senior for VIP contacts. */
  public static final int SENIOR = 2;

  private Assigner() {}

  /**
   * One agent as assignment sees it now.
   *
   * @param agent the agent
   * @param availability current availability (may differ from the workspace file)
   * @param open conversations open or pending and assigned to the agent
   * @param recent assignments the agent got within the fairness window
   */
  public record AgentState(Agent agent, Availability availability, int open, int recent) {
    /** Checks for nulls. */
    public AgentState {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(availability, "availability");
    }

    /** From the workspace only: its availability, no load. */
    public static AgentState idle(Agent agent) {
      return new AgentState(agent, agent.availability(), 0, 0);
    }
  }

  /**
   * What to assign.
   *
   * @param team the team whose agents to consider
   * @param assignTo a strategy or an agent handle; null means least-loaded
   * @param language the message language, or null
   * @param vip whether the contact is a VIP
   * @param lastAssigned the team's last round-robin agent, or null
   * @param fairnessCap most assignments per agent within the fairness window, or 0 for none
   */
  public record Request(
      @Nullable String team,
      @Nullable String assignTo,
      @Nullable String language,
      boolean vip,
      @Nullable String lastAssigned,
      int fairnessCap) {}

  /**
   * The agents {@link #assign} could choose for {@code request}, sorted by handle: the team's
   * agents (all agents without a team) plus an agent named by a rule; none for {@code claim}.
   * The engine locks exactly these, in this order, before reading their load, so assignments
   * whose candidates do not overlap run in parallel and capacity is never exceeded.
   */
  public static List<String> candidates(Request request, List<Agent> agents) {
    String how = request.assignTo() == null ? "least-loaded" : request.assignTo();
    if (how.equals("claim")) {
      return List.of();
    }
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    for (Agent a : agents) {
      if (request.team() == null || a.teams().contains(request.team()) || a.id().equals(how)) {
        ids.add(a.id());
      }
    }
    return List.copyOf(ids);
  }

  /** Decides; never throws for a team without agents (nobody is assigned, with the reason). */
  public static Assignment assign(Request request, List<AgentState> agents) {
    String how = request.assignTo() == null ? "least-loaded" : request.assignTo();
    if (how.equals("claim")) {
      return new Assignment(null, request.team(), "claim", List.of(), Map.of(),
          "claim: waits in the " + request.team() + " queue for an agent to pick it");
    }
    Map<String, String> skipped = new LinkedHashMap<>();
    if (!RoutingLoader.STRATEGIES.contains(how)) {
      String handle = how;
      AgentState named = agents.stream().filter(a -> a.agent().id().equals(handle)).findFirst().orElse(null);
      if (named != null && named.availability() != Availability.OFFLINE) {
        return new Assignment(how, request.team(), "agent", List.of(how), Map.of(),
            "assigned to " + how + " as a rule said");
      }
      skipped.put(how, named == null ? "unknown agent" : "offline");
      how = "least-loaded";
    }
    List<AgentState> pool = new ArrayList<>();
    for (AgentState a : agents) {
      if (request.team() != null && !a.agent().teams().contains(request.team())) {
        continue;
      }
      String id = a.agent().id();
      if (a.availability() == Availability.OFFLINE) {
        skipped.put(id, "offline");
      } else if (a.open() >= a.agent().capacity()) {
        skipped.put(id, "at capacity (" + a.open() + "/" + a.agent().capacity() + ")");
      } else if (request.fairnessCap() > 0 && a.recent() >= request.fairnessCap()) {
        skipped.put(id, "fairness window: already " + a.recent() + " assignments");
      } else {
        pool.add(a);
      }
    }
    String lang = request.language();
    if (lang != null && pool.stream().anyMatch(a -> a.agent().speaks(lang))) {
      pool.removeIf(a -> {
        if (!a.agent().speaks(lang)) {
          skipped.put(a.agent().id(), "does not speak " + lang);
          return true;
        }
        return false;
      });
    }
    if (request.vip() && !pool.isEmpty()) {
      int need = pool.stream().anyMatch(a -> a.agent().seniority() >= SENIOR) ? SENIOR
          : pool.stream().mapToInt(a -> a.agent().seniority()).max().orElse(0);
      pool.removeIf(a -> {
        if (a.agent().seniority() < need) {
          skipped.put(a.agent().id(), "VIP contact needs seniority " + need + ", has " + a.agent().seniority());
          return true;
        }
        return false;
      });
    }
    if (pool.stream().anyMatch(a -> a.availability() == Availability.ONLINE)) {
      pool.removeIf(a -> {
        if (a.availability() == Availability.AWAY) {
          skipped.put(a.agent().id(), "away (only a last resort)");
          return true;
        }
        return false;
      });
    }
    if (pool.isEmpty()) {
      return new Assignment(null, request.team(), how, List.of(), skipped,
          "nobody available: waits in the " + request.team() + " queue");
    }
    List<AgentState> ordered = new ArrayList<>(pool);
    if (how.equals("round-robin")) {
      ordered.sort(Comparator.comparing(a -> a.agent().id()));
      String last = request.lastAssigned();
      int start = 0;
      if (last != null) {
        for (int i = 0; i < ordered.size(); i++) {
          if (ordered.get(i).agent().id().compareTo(last) > 0) {
            start = i;
            break;
          }
          start = 0;
        }
      }
      List<AgentState> rotated = new ArrayList<>(ordered.subList(start, ordered.size()));
      rotated.addAll(ordered.subList(0, start));
      ordered = rotated;
    } else {
      ordered.sort(Comparator.<AgentState>comparingDouble(a -> (double) a.open() / a.agent().capacity())
          .thenComparingInt(AgentState::open)
          .thenComparing(a -> -a.agent().seniority())
          .thenComparing(a -> a.agent().id()));
    }
    AgentState chosen = ordered.get(0);
    List<String> ids = ordered.stream().map(a -> a.agent().id()).toList();
    String why = how.equals("round-robin")
        ? "round-robin: next after " + (request.lastAssigned() == null ? "nobody" : request.lastAssigned())
        : "least-loaded: " + chosen.open() + "/" + chosen.agent().capacity() + " open";
    if (chosen.availability() == Availability.AWAY) {
      why += "; away, but nobody online was eligible";
    }
    return new Assignment(chosen.agent().id(), request.team(), how, ids, skipped, why);
  }
}
