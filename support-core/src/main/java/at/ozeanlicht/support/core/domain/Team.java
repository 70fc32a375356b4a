package at.ozeanlicht.support.core.domain;

import org.jspecify.annotations.Nullable;

/**
 * A team with its own queue.
 *
 * @param id stable key, e.g. {@code tech}
 * @param name display name
 * @param lead handle of the team lead, or null when the team has none
 */
public record Team(String id, String name, @Nullable String lead) {
  /** Checks for nulls and blanks. */
  public Team {
    Checks.text(id, "id");
    Checks.text(name, "name");
  }
}
