package at.ozeanlicht.support.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the tool reads from its surroundings, passed in so tests can run commands in-process.
 *
 * @param variables environment variables
 * @param workingDir the current directory
 * @param interactive whether a terminal is attached (progress bars only then)
 */
record Environment(Map<String, String> variables, Path workingDir, boolean interactive) {
  Environment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(workingDir, "workingDir");
  }

  /** A non-blank variable, or null. */
  @Nullable String get(String name) {
    String v = variables.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
