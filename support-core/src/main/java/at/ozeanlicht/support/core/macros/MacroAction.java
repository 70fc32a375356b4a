package at.ozeanlicht.support.core.macros;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** One step of a {@link Macro}. Values are checked against the workspace when it is loaded. */
public sealed interface MacroAction {
  /** A short description for reports, e.g. {@code send /greeting}. */
  String describe();

  /**
   * Sends a canned response as a public reply, rendered in the contact's language.
   *
   * @param shortcut the canned response's shortcut, e.g. {@code /greeting}
   */
  record Send(String shortcut) implements MacroAction {
    /** Checks for null. */
    public Send {
      Objects.requireNonNull(shortcut, "shortcut");
    }

    @Override
    public String describe() {
      return "send " + shortcut;
    }
  }

  /**
   * Adds labels.
   *
   * @param labels the labels to add
   */
  record AddLabels(Set<String> labels) implements MacroAction {
    /** Copies the labels. */
    public AddLabels {
      labels = Set.copyOf(labels);
    }

    @Override
    public String describe() {
      return "add labels " + String.join(",", new java.util.TreeSet<>(labels));
    }
  }

  /**
   * Removes labels.
   *
   * @param labels the labels to remove
   */
  record RemoveLabels(Set<String> labels) implements MacroAction {
    /** Copies the labels. */
    public RemoveLabels {
      labels = Set.copyOf(labels);
    }

    @Override
    public String describe() {
      return "remove labels " + String.join(",", new java.util.TreeSet<>(labels));
    }
  }

  /**
   * Moves the conversation to a team's queue (the assignee stays).
   *
   * @param team team id
   */
  record AssignTeam(String team) implements MacroAction {
    /** Checks for null. */
    public AssignTeam {
      Objects.requireNonNull(team, "team");
    }

    @Override
    public String describe() {
      return "assign team " + team;
    }
  }

  /**
   * Assigns the conversation to an agent.
   *
   * @param agent agent handle
   */
  record AssignAgent(String agent) implements MacroAction {
    /** Checks for null. */
    public AssignAgent {
      Objects.requireNonNull(agent, "agent");
    }

    @Override
    public String describe() {
      return "assign agent " + agent;
    }
  }

  /**
   * Sets the priority.
   *
   * @param priority the new priority
   */
  record Prioritize(Priority priority) implements MacroAction {
    /** Checks for null. */
    public Prioritize {
      Objects.requireNonNull(priority, "priority");
    }

    @Override
    public String describe() {
      return "set priority " + priority.wire();
    }
  }

  /**
   * Sets the status (open, pending or resolved; use {@link Snooze} to snooze).
   *
   * @param status the new status
   */
  record SetStatus(Status status) implements MacroAction {
    /** Checks for null and refuses snoozed. */
    public SetStatus {
      Objects.requireNonNull(status, "status");
      if (status == Status.SNOOZED) {
        throw new IllegalArgumentException("status: use Snooze to snooze");
      }
    }

    @Override
    public String describe() {
      return "set status " + status.wire();
    }
  }

  /**
   * Adds a private note; the text is a template like a canned response's.
   *
   * @param template the note's template
   */
  record Note(String template) implements MacroAction {
    /** Checks for null. */
    public Note {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public String describe() {
      return "add note";
    }
  }

  /**
   * Snoozes the conversation for a while.
   *
   * @param duration how long, positive
   */
  record Snooze(Duration duration) implements MacroAction {
    /** Checks the duration is positive. */
    public Snooze {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration: must be positive, was " + duration);
      }
    }

    @Override
    public String describe() {
      return "snooze " + duration;
    }
  }

  /**
   * Escalates: moves the conversation to a team's queue, clears the assignee so the team's lead
   * or routing picks it up, and raises the priority to at least high.
   *
   * @param team team id
   */
  record Escalate(String team) implements MacroAction {
    /** Checks for null. */
    public Escalate {
      Objects.requireNonNull(team, "team");
    }

    @Override
    public String describe() {
      return "escalate to " + team;
    }
  }
}
