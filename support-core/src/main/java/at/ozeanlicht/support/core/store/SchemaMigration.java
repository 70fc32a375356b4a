package at.ozeanlicht.support.core.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One schema migration and whether it is applied.
 *
 * @param version migration version, e.g. {@code 1}
 * @param description what it does
 * @param state Flyway's state in lower case: {@code success}, {@code pending}, {@code failed} …
 * @param installedOn when it was applied, or null while pending
 */
public record SchemaMigration(String version, String description, String state, @Nullable Instant installedOn) {
  /** Checks for nulls. */
  public SchemaMigration {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(state, "state");
  }
}
