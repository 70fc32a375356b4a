package at.ozeanlicht.support.core.routing;

import java.util.Objects;

/**
 * One line of the explain trace: whether a rule matched, and why or why not.
 *
 * @param rule the rule's name (or {@code guard} for the AI boundary guard, {@code analyzer} for
 *     the analysis source)
 * @param matched whether it matched (for the guard: whether it blocked AI)
 * @param reason what matched, or the first thing that did not
 */
public record RuleTrace(String rule, boolean matched, String reason) {
  /** Checks for nulls. */
  public RuleTrace {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return (matched ? "[x] " : "[ ] ") + rule + ": " + reason;
  }
}
