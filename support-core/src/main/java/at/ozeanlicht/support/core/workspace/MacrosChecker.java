package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wire;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.macros.CannedResponse;
import at.ozeanlicht.support.core.macros.Macro;
import at.ozeanlicht.support.core.macros.MacroAction;
import at.ozeanlicht.support.core.macros.MacroCatalog;
import at.ozeanlicht.support.core.macros.Templates;
import at.ozeanlicht.support.core.workspace.MacrosSpec.ActionSpec;
import at.ozeanlicht.support.core.workspace.MacrosSpec.CannedSpec;
import at.ozeanlicht.support.core.workspace.MacrosSpec.MacroSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a read {@link MacrosSpec} into a {@link MacroCatalog}, checking every template against the
 * known variables and every reference (shortcut, team, agent, label) against the workspace.
 */
final class MacrosChecker {
  private static final Pattern SHORTCUT = Pattern.compile("/[a-z0-9][a-z0-9-]*");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");
  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,4})([mhdw])");
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

  private final Problems problems;
  private final Workspace workspace;

  private MacrosChecker(Problems problems, Workspace workspace) {
    this.problems = problems;
    this.workspace = workspace;
  }

  static MacroCatalog check(MacrosSpec spec, Problems problems, Workspace workspace) {
    return new MacrosChecker(problems, workspace).run(spec);
  }

  private MacroCatalog run(MacrosSpec spec) {
    Map<String, List<String>> context = context(spec.context);
    List<CannedResponse> canned = new ArrayList<>();
    Set<String> shortcuts = new LinkedHashSet<>();
    List<@Nullable CannedSpec> cannedSpecs = spec.canned == null ? List.of() : spec.canned;
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < cannedSpecs.size(); i++) {
      CannedSpec c = cannedSpecs.get(i);
      String at = "canned[" + i + "]";
      if (c == null) {
        problems.add(at, "must be an entry, was empty");
        continue;
      }
      boolean ok = true;
      if (c.shortcut == null || c.shortcut.isBlank()) {
        problems.add(at + ".shortcut", "is required");
        ok = false;
      } else if (!SHORTCUT.matcher(c.shortcut).matches()) {
        problems.add(at + ".shortcut", "must be a slash and a lower-case slug like /greeting, was '"
            + c.shortcut + "'");
        ok = false;
      } else {
        Integer first = seen.putIfAbsent(c.shortcut, i);
        if (first != null) {
          problems.add(at + ".shortcut", "duplicate shortcut '" + c.shortcut
              + "', already used by canned[" + first + "]");
          ok = false;
        }
      }
      if (c.title == null || c.title.isBlank()) {
        problems.add(at + ".title", "is required");
        ok = false;
      }
      Map<String, String> texts = new LinkedHashMap<>();
      if (c.text == null || c.text.isEmpty()) {
        problems.add(at + ".text", "must hold a text per language, e.g. de: and en:");
        ok = false;
      } else {
        for (Map.Entry<String, @Nullable String> t : c.text.entrySet()) {
          String field = at + ".text." + t.getKey();
          if (!LANGUAGES.contains(t.getKey()) || t.getKey().length() != 2) {
            problems.add(field, "must be keyed by a two-letter ISO 639-1 code such as de or en, was '"
                + t.getKey() + "'");
            ok = false;
          } else if (t.getValue() == null || t.getValue().isBlank()) {
            problems.add(field, "must not be blank");
            ok = false;
          } else if (template(field, t.getValue(), context)) {
            texts.put(t.getKey(), t.getValue());
          } else {
            ok = false;
          }
        }
        String lang = workspace.defaults().language();
        if (!c.text.containsKey(lang)) {
          problems.add(at + ".text", "must have a text in the workspace language '" + lang
              + "', the fallback for contacts whose language has no text");
          ok = false;
        }
      }
      if (ok && c.shortcut != null && c.title != null) {
        shortcuts.add(c.shortcut);
        canned.add(new CannedResponse(c.shortcut, c.title, texts));
      }
    }

    List<Macro> macros = new ArrayList<>();
    List<@Nullable MacroSpec> macroSpecs = spec.macros == null ? List.of() : spec.macros;
    Map<String, Integer> names = new LinkedHashMap<>();
    for (int i = 0; i < macroSpecs.size(); i++) {
      MacroSpec m = macroSpecs.get(i);
      String at = "macros[" + i + "]";
      if (m == null) {
        problems.add(at, "must be an entry, was empty");
        continue;
      }
      boolean ok = true;
      if (m.name == null || m.name.isBlank()) {
        problems.add(at + ".name", "is required");
        ok = false;
      } else if (!SLUG.matcher(m.name).matches()) {
        problems.add(at + ".name", "must be a lower-case slug matching [a-z0-9][a-z0-9_-]*, was '"
            + m.name + "'");
        ok = false;
      } else {
        Integer first = names.putIfAbsent(m.name, i);
        if (first != null) {
          problems.add(at + ".name", "duplicate name '" + m.name + "', already used by macros["
              + first + "]");
          ok = false;
        }
      }
      List<MacroAction> actions = new ArrayList<>();
      List<@Nullable ActionSpec> actionSpecs = m.actions == null ? List.of() : m.actions;
      if (actionSpecs.isEmpty()) {
        problems.add(at + ".actions", "must list at least one action");
        ok = false;
      }
      for (int j = 0; j < actionSpecs.size(); j++) {
        MacroAction a = action(at + ".actions[" + j + "]", actionSpecs.get(j), seen.keySet(),
            context);
        if (a == null) {
          ok = false;
        } else {
          actions.add(a);
        }
      }
      if (ok && m.name != null) {
        macros.add(new Macro(m.name, m.description == null ? "" : m.description, actions));
      }
    }
    problems.throwIfAny();
    return new MacroCatalog(context, canned, macros);
  }

  private Map<String, List<String>> context(@Nullable Map<String, @Nullable List<@Nullable String>> spec) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    if (spec == null) {
      return context;
    }
    for (Map.Entry<String, @Nullable List<@Nullable String>> e : spec.entrySet()) {
      String field = "context." + e.getKey();
      if (!NAME.matcher(e.getKey()).matches()) {
        problems.add(field, "namespace must be a word like course, was '" + e.getKey() + "'");
        continue;
      }
      if (Templates.builtInNamespaces().contains(e.getKey())) {
        problems.add(field, "namespace '" + e.getKey() + "' is built in; choose another name");
        continue;
      }
      List<String> keys = new ArrayList<>();
      List<@Nullable String> values = e.getValue() == null ? List.of() : e.getValue();
      if (values.isEmpty()) {
        problems.add(field, "must list the variable names, e.g. [module, title]");
      }
      for (int i = 0; i < values.size(); i++) {
        String k = values.get(i);
        if (k == null || !NAME.matcher(k).matches()) {
          problems.add(field + "[" + i + "]", "must be a word like module, was '" + k + "'");
        } else {
          keys.add(k);
        }
      }
      context.put(e.getKey(), keys);
    }
    return context;
  }

  private boolean template(String field, String template, Map<String, List<String>> context) {
    List<String> found = Templates.check(template, context);
    // Several problems in one template share the field; Problems keeps the first per field.
    if (!found.isEmpty()) {
      problems.add(field, String.join("; ", found));
      return false;
    }
    return true;
  }

  private @Nullable MacroAction action(String at, @Nullable ActionSpec a, Set<String> shortcuts,
      Map<String, List<String>> context) {
    if (a == null) {
      problems.add(at, "must be an action, was empty");
      return null;
    }
    List<String> set = new ArrayList<>();
    if (a.send != null) set.add("send");
    if (a.addLabels != null) set.add("addLabels");
    if (a.removeLabels != null) set.add("removeLabels");
    if (a.team != null) set.add("team");
    if (a.agent != null) set.add("agent");
    if (a.priority != null) set.add("priority");
    if (a.status != null) set.add("status");
    if (a.note != null) set.add("note");
    if (a.snooze != null) set.add("snooze");
    if (a.escalate != null) set.add("escalate");
    if (set.size() != 1) {
      problems.add(at, "must hold exactly one of send, addLabels, removeLabels, team, agent, "
          + "priority, status, note, snooze, escalate, " + (set.isEmpty() ? "was none"
          : "was " + String.join(", ", set)));
      return null;
    }
    String key = set.get(0);
    String field = at + "." + key;
    switch (key) {
      case "send": {
        String s = a.send.startsWith("/") ? a.send : "/" + a.send;
        if (!shortcuts.contains(s)) {
          problems.add(field, "unknown canned response '" + a.send + "', expected one of "
              + (shortcuts.isEmpty() ? "none (canned is empty)" : String.join(", ", shortcuts)));
          return null;
        }
        return new MacroAction.Send(s);
      }
      case "addLabels":
      case "removeLabels": {
        List<@Nullable String> labels = key.equals("addLabels") ? a.addLabels : a.removeLabels;
        Set<String> known = new LinkedHashSet<>(workspace.labels().stream().map(Label::name).toList());
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) {
          String l = labels.get(i);
          if (l == null || !known.contains(l)) {
            problems.add(field + "[" + i + "]", "unknown label '" + l + "', expected one of "
                + (known.isEmpty() ? "none (workspace labels are empty)" : String.join(", ", known)));
          } else {
            out.add(l);
          }
        }
        if (labels.isEmpty()) {
          problems.add(field, "must list at least one label");
          return null;
        }
        if (out.size() != labels.size()) {
          return null;
        }
        return key.equals("addLabels") ? new MacroAction.AddLabels(out) : new MacroAction.RemoveLabels(out);
      }
      case "team":
      case "escalate": {
        String team = key.equals("team") ? a.team : a.escalate;
        if (workspace.team(team).isEmpty()) {
          problems.add(field, "unknown team '" + team + "', expected one of "
              + String.join(", ", workspace.teams().stream().map(t -> t.id()).toList()));
          return null;
        }
        return key.equals("team") ? new MacroAction.AssignTeam(team) : new MacroAction.Escalate(team);
      }
      case "agent":
        if (workspace.agent(a.agent).isEmpty()) {
          problems.add(field, "unknown agent '" + a.agent + "', expected one of "
              + String.join(", ", workspace.agents().stream().map(x -> x.id()).toList()));
          return null;
        }
        return new MacroAction.AssignAgent(a.agent);
      case "priority": {
        Priority p = wire(Priority.class, field, a.priority);
        return p == null ? null : new MacroAction.Prioritize(p);
      }
      case "status": {
        Status s = wire(Status.class, field, a.status);
        if (s == Status.SNOOZED) {
          problems.add(field, "use a snooze action to snooze, e.g. snooze: 2d");
          return null;
        }
        return s == null ? null : new MacroAction.SetStatus(s);
      }
      case "note":
        if (a.note.isBlank()) {
          problems.add(field, "must not be blank");
          return null;
        }
        return template(field, a.note, context) ? new MacroAction.Note(a.note) : null;
      case "snooze": {
        Duration d = duration(a.snooze);
        if (d == null || d.isZero() || d.isNegative()) {
          problems.add(field, "must be a positive duration like 30m, 4h, 2d, 1w or PT4H, was '"
              + a.snooze + "'");
          return null;
        }
        return new MacroAction.Snooze(d);
      }
      default:
        throw new IllegalStateException(key);
    }
  }

  private <E extends Enum<E> & Wire> @Nullable E wire(Class<E> type, String field, String value) {
    try {
      return Wires.parse(type, field, value);
    } catch (ValidationException e) {
      e.problems().forEach(p -> problems.add(field, p.message()));
      return null;
    }
  }

  /** {@code 30m}, {@code 4h}, {@code 2d}, {@code 1w} or ISO-8601 ({@code PT4H}); null if neither. */
  static @Nullable Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
