package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who an escalation to {@code admin} ("complex → admin") goes to, by the agents' live availability
 * (as set through {@link SupportEngine#setAvailability}, over the workspace file's): an online
 * admin, else an away admin (last resort), else the lead of the conversation's team, else the
 * admin team's lead, as long as they are not offline; null when nobody is reachable.
 */
final class EscalationTargets {
  private EscalationTargets() {}

  static @Nullable String admin(Workspace workspace, Map<String, Availability> live, @Nullable String team) {
    List<Agent> admins = workspace.agents().stream().filter(a -> a.role() == AgentRole.ADMIN).toList();
    for (Availability wanted : List.of(Availability.ONLINE, Availability.AWAY)) {
      for (Agent a : admins) {
        if (availability(a, live) == wanted) {
          return a.id();
        }
      }
    }
    List<String> leads = new ArrayList<>();
    if (team != null) {
      workspace.team(team).map(t -> t.lead()).ifPresent(leads::add);
    }
    workspace.team("admin").map(t -> t.lead()).ifPresent(leads::add);
    for (String lead : leads) {
      Agent a = lead == null ? null : workspace.agent(lead).orElse(null);
      if (a != null && availability(a, live) != Availability.OFFLINE) {
        return a.id();
      }
    }
    return null;
  }

  private static Availability availability(Agent a, Map<String, Availability> live) {
    return live.getOrDefault(a.id(), a.availability());
  }
}
