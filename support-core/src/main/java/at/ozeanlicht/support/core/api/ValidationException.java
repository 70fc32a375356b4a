package at.ozeanlicht.support.core.api;

import java.util.List;
import java.util.stream.Collectors;

/** Input failed validation. Carries every field problem found, not only the first. */
public final class ValidationException extends SupportException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldProblem> problems;

  /** Creates the exception; {@code problems} must not be empty. */
  public ValidationException(List<FieldProblem> problems) {
    super(describe(problems), null);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: must not be empty");
    }
    this.problems = List.copyOf(problems);
  }

  /** One problem. */
  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(FieldProblem.of(field, message)));
  }

  /** Every problem, in the order found. */
  public List<FieldProblem> problems() {
    return problems;
  }

  @Override
  public ErrorCode code() {
    return ErrorCode.VALIDATION;
  }

  private static String describe(List<FieldProblem> problems) {
    return problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
  }
}
