package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaDurations;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.workspace.SlaSpec.CalendarSpec;
import at.ozeanlicht.support.core.workspace.SlaSpec.PolicySpec;
import at.ozeanlicht.support.core.workspace.SlaSpec.SpecialDaySpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns a read {@link SlaSpec} into an {@link SlaConfig}, checking every value and reference
 * against the workspace and collecting every problem before giving up.
 */
final class SlaChecker {
  private static final String SLUG = "[a-z0-9][a-z0-9_-]*";

  private final Problems problems;
  private final Workspace workspace;

  private SlaChecker(Problems problems, Workspace workspace) {
    this.problems = problems;
    this.workspace = workspace;
  }

  static SlaConfig check(SlaSpec spec, Workspace workspace, Problems problems) {
    return new SlaChecker(problems, workspace).run(spec);
  }

  private SlaConfig run(SlaSpec spec) {
    Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
    List<@Nullable CalendarSpec> calendarSpecs = orEmpty(spec.calendars);
    for (int i = 0; i < calendarSpecs.size(); i++) {
      CalendarSpec c = calendarSpecs.get(i);
      String at = "calendars[" + i + "]";
      if (c == null) {
        problems.add(at, "must be an entry, was empty");
        continue;
      }
      String id = slug(at + ".id", c.id);
      if (id != null && calendars.containsKey(id)) {
        problems.add(at + ".id", "duplicate id '" + id + "', already used by another calendar");
        id = null;
      }
      BusinessCalendar calendar = calendar(at, c);
      if (id != null && calendar != null) {
        calendars.put(id, calendar);
      }
    }
    String defaultCalendar = spec.defaultCalendar;
    if (defaultCalendar != null && !calendars.containsKey(defaultCalendar)) {
      problems.add("defaultCalendar", unknownCalendar(defaultCalendar, calendars.keySet()));
      defaultCalendar = null;
    }

    List<Supplier<SlaPolicy>> policies = new ArrayList<>();
    Map<String, Integer> ids = new LinkedHashMap<>();
    Map<String, Integer> scopes = new LinkedHashMap<>();
    List<@Nullable PolicySpec> policySpecs = orEmpty(spec.policies);
    for (int i = 0; i < policySpecs.size(); i++) {
      PolicySpec p = policySpecs.get(i);
      String at = "policies[" + i + "]";
      if (p == null) {
        problems.add(at, "must be an entry, was empty");
        continue;
      }
      Supplier<SlaPolicy> policy = policy(at, p);
      String id = p.id;
      if (id != null) {
        Integer first = ids.putIfAbsent(id, i);
        if (first != null) {
          problems.add(at + ".id", "duplicate id '" + id + "', already used by policies[" + first + "]");
        }
      }
      String scope = p.priority + "|" + p.brand + "|" + p.inbox + "|" + p.vip;
      Integer sameScope = scopes.putIfAbsent(scope, i);
      if (sameScope != null) {
        problems.add(at, "applies to the same priority, brand, inbox and vip as policies[" + sameScope
            + "], expected at most one policy per scope");
      }
      if (policy != null) {
        policies.add(policy);
      }
    }
    problems.throwIfAny();
    return new SlaConfig(workspace.defaults().zone(), calendars, defaultCalendar,
        policies.stream().map(Supplier::get).toList());
  }

  private @Nullable BusinessCalendar calendar(String at, CalendarSpec c) {
    ZoneId zone = workspace.defaults().zone();
    if (c.zone != null) {
      try {
        zone = ZoneId.of(c.zone);
      } catch (DateTimeException e) {
        problems.add(at + ".zone", "must be a time zone id such as Europe/Vienna, was '" + c.zone + "'");
        return null;
      }
    }
    BusinessCalendar.Builder b = BusinessCalendar.builder(zone);
    boolean ok = true;
    if (c.hours == null || c.hours.isBlank()) {
      problems.add(at + ".hours", "is required, expected e.g. 'mon-fri 09:00-18:00' or '24/7'");
      ok = false;
    } else {
      ok &= attempt(at + ".hours", () -> b.hours(BusinessHours.parse(c.hours)));
    }
    if (c.holidayRegion != null) {
      ok &= attempt(at + ".holidayRegion", () -> b.holidayRegion(c.holidayRegion));
    }
    List<@Nullable String> holidays = orEmpty(c.holidays);
    for (int j = 0; j < holidays.size(); j++) {
      LocalDate d = date(at + ".holidays[" + j + "]", holidays.get(j));
      if (d == null) {
        ok = false;
      } else {
        b.holiday(d);
      }
    }
    List<@Nullable SpecialDaySpec> specials = orEmpty(c.specialDays);
    for (int j = 0; j < specials.size(); j++) {
      SpecialDaySpec s = specials.get(j);
      String sat = at + ".specialDays[" + j + "]";
      if (s == null) {
        problems.add(sat, "must be an entry, was empty");
        ok = false;
        continue;
      }
      LocalDate d = date(sat + ".date", s.date);
      if (s.hours == null || s.hours.isBlank()) {
        problems.add(sat + ".hours", "is required, expected e.g. '09:00-13:00' or 'closed'");
        ok = false;
      } else if (d != null) {
        ok &= attempt(sat + ".hours", () -> b.specialDay(d, s.hours));
      }
      ok &= d != null;
    }
    return ok ? b.build() : null;
  }

  private @Nullable Supplier<SlaPolicy> policy(String at, PolicySpec p) {
    String id = slug(at + ".id", p.id);
    Priority priority = null;
    if (p.priority == null) {
      problems.add(at + ".priority", "is required, expected one of critical, high, normal, low");
    } else {
      try {
        priority = Wires.parse(Priority.class, at + ".priority", p.priority);
      } catch (ValidationException e) {
        problems.add(at + ".priority", e.problems().get(0).message());
      }
    }
    boolean ok = id != null && priority != null;
    if (p.brand != null && workspace.brand(p.brand).isEmpty()) {
      problems.add(at + ".brand", "unknown brand '" + p.brand + "', expected one of "
          + workspace.brands().stream().map(Brand::id).collect(Collectors.joining(", ")));
      ok = false;
    }
    if (p.inbox != null && workspace.inbox(p.inbox).isEmpty()) {
      problems.add(at + ".inbox", "unknown inbox '" + p.inbox + "', expected one of "
          + workspace.inboxes().stream().map(Inbox::id).collect(Collectors.joining(", ")));
      ok = false;
    }
    Map<SlaMetric, Duration> targets = new EnumMap<>(SlaMetric.class);
    ok &= target(at + ".firstResponse", p.firstResponse, SlaMetric.FIRST_RESPONSE, targets);
    ok &= target(at + ".nextResponse", p.nextResponse, SlaMetric.NEXT_RESPONSE, targets);
    ok &= target(at + ".resolution", p.resolution, SlaMetric.RESOLUTION, targets);
    if (ok && targets.isEmpty()) {
      problems.add(at, "sets no target, expected at least one of firstResponse, nextResponse, resolution");
      ok = false;
    }
    double warnAt = SlaPolicy.DEFAULT_WARN_AT;
    if (p.warnAt != null) {
      warnAt = p.warnAt.doubleValue();
      if (!(warnAt > 0 && warnAt < 1)) {
        problems.add(at + ".warnAt", "must be above 0 and below 1, e.g. 0.8, was '"
            + p.warnAt.toPlainString() + "'");
        ok = false;
      }
    }
    List<EscalationAction> onWarning = actions(at + ".onWarning", p.onWarning, List.of());
    List<EscalationAction> onBreach = actions(at + ".onBreach", p.onBreach,
        List.of(EscalationAction.NOTIFY));
    if (!ok || onWarning == null || onBreach == null) {
      return null;
    }
    String pid = Objects.requireNonNull(id);
    Priority pr = Objects.requireNonNull(priority);
    double w = warnAt;
    return () -> new SlaPolicy(pid, pr, p.brand, p.inbox, p.vip, targets,
        p.businessHours == null || p.businessHours, w, onWarning, onBreach,
        p.urgent != null && p.urgent);
  }

  private boolean target(String field, @Nullable String value, SlaMetric metric, Map<SlaMetric, Duration> out) {
    if (value == null) {
      return true;
    }
    try {
      out.put(metric, SlaDurations.parse(field, value));
      return true;
    } catch (ValidationException e) {
      problems.add(field, e.problems().get(0).message());
      return false;
    }
  }

  private @Nullable List<EscalationAction> actions(String field, @Nullable List<@Nullable String> values,
      List<EscalationAction> fallback) {
    if (values == null) {
      return fallback;
    }
    List<EscalationAction> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        out.add(Wires.parse(EscalationAction.class, field + "[" + i + "]", values.get(i)));
      } catch (ValidationException e) {
        problems.add(field + "[" + i + "]", e.problems().get(0).message());
      }
    }
    return out.size() == values.size() ? List.copyOf(out) : null;
  }

  private boolean attempt(String field, Runnable r) {
    try {
      r.run();
      return true;
    } catch (ValidationException e) {
      problems.add(field, e.problems().get(0).message());
      return false;
    }
  }

  private @Nullable String slug(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      problems.add(field, "is required");
      return null;
    }
    if (!value.matches(SLUG)) {
      problems.add(field, "must be a lower-case slug matching " + SLUG + ", was '" + value + "'");
      return null;
    }
    return value;
  }

  private @Nullable LocalDate date(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      problems.add(field, "is required, expected a date such as 2026-12-24");
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeException e) {
      problems.add(field, "must be a date such as 2026-12-24, was '" + value + "'");
      return null;
    }
  }

  static String unknownCalendar(String id, Set<String> known) {
    return "unknown calendar '" + id + "', expected one of "
        + (known.isEmpty() ? "none (sla.yaml defines no calendars)" : String.join(", ", known));
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
