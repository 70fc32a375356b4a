package at.ozeanlicht.support.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A member of the support team.
 *
 * @param id handle, e.g. {@code thomas}; used in mentions ({@code @thomas}) and assignment
 * @param name display name
 * @param languages languages the agent answers in (ISO 639-1), first is preferred
 * @param teams team ids the agent works in
 * @param role what the agent may do
 * @param seniority 0 for new, higher for more senior (VIP contacts go to senior agents)
 * @param capacity how many open conversations the agent takes at once, at least 1
 * @param availability whether the agent takes new conversations now
 */
public record Agent(
    String id,
    String name,
    List<String> languages,
    List<String> teams,
    AgentRole role,
    int seniority,
    int capacity,
    Availability availability) {
  /** Checks for nulls and ranges; copies the lists. */
  public Agent {
    Checks.text(id, "id");
    Checks.text(name, "name");
    languages = List.copyOf(languages);
    teams = List.copyOf(teams);
    Objects.requireNonNull(role, "role");
    Checks.atLeast(seniority, 0, "seniority");
    Checks.atLeast(capacity, 1, "capacity");
    Objects.requireNonNull(availability, "availability");
  }

  /** Whether the agent speaks {@code language}. */
  public boolean speaks(String language) {
    return languages.contains(language);
  }
}
