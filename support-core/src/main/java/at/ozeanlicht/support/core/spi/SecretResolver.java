package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.api.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Resolves a secret reference to its value. References are {@code env:NAME} (an environment
 * variable) or {@code file:PATH} (a file's content, trailing line breaks removed); secrets are
 * never written inline in configuration. Values are never logged, and error messages name only
 * the reference.
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The secret {@code reference} points at.
   *
   * @param field the configuration field, for error messages (e.g. {@code appSecret})
   * @param reference {@code env:NAME} or {@code file:PATH}
   * @throws ConfigurationException if the reference is malformed or points at nothing
   */
  String resolve(String field, String reference);

  /** Resolves from the process environment and the file system. */
  static SecretResolver standard() {
    return of(System::getenv, Path.of(""));
  }

  /**
   * Resolves {@code env:} through {@code environment} and relative {@code file:} paths against
   * {@code base} (e.g. the workspace directory).
   */
  static SecretResolver of(UnaryOperator<String> environment, Path base) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(base, "base");
    return (field, reference) -> {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reference, "reference");
      if (reference.startsWith("env:") && reference.length() > 4) {
        String value = environment.apply(reference.substring(4));
        if (value == null || value.isEmpty()) {
          throw new ConfigurationException(field + ": environment variable "
              + reference.substring(4) + " is not set (referenced as '" + reference + "')");
        }
        return value;
      }
      if (reference.startsWith("file:") && reference.length() > 5) {
        Path path = base.resolve(reference.substring(5));
        try {
          String value = Files.readString(path, StandardCharsets.UTF_8).strip();
          if (value.isEmpty()) {
            throw new ConfigurationException(field + ": secret file '" + path + "' is empty");
          }
          return value;
        } catch (IOException e) {
          throw new ConfigurationException(field + ": cannot read secret file '" + path + "' ("
              + e.getClass().getSimpleName() + ")", e);
        }
      }
      throw new ConfigurationException(field + ": must be a secret reference env:NAME or file:PATH,"
          + " was a value of " + reference.length() + " characters (not shown; secrets are never"
          + " written inline)");
    };
  }
}
