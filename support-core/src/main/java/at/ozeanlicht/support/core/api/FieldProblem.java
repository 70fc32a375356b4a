package at.ozeanlicht.support.core.api;

import java.util.Objects;

/**
 * One problem with one field of some input.
 *
 * @param source where the input came from (a file, {@code line 12}, a command name); may be empty
 * @param field the field path, e.g. {@code inboxes[2].channel}
 * @param message what is wrong and what was expected
 */
public record FieldProblem(String source, String field, String message) {
  /** Checks for nulls. */
  public FieldProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** A problem without a source. */
  public static FieldProblem of(String field, String message) {
    return new FieldProblem("", field, message);
  }

  @Override
  public String toString() {
    return (source.isEmpty() ? "" : source + ": ") + field + ": " + message;
  }
}
