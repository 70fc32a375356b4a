package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.domain.Wire;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.workspace.WorkspaceSpec.AgentSpec;
import at.ozeanlicht.support.core.workspace.WorkspaceSpec.BrandSpec;
import at.ozeanlicht.support.core.workspace.WorkspaceSpec.InboxSpec;
import at.ozeanlicht.support.core.workspace.WorkspaceSpec.LabelSpec;
import at.ozeanlicht.support.core.workspace.WorkspaceSpec.TeamSpec;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Turns a read {@link WorkspaceSpec} into a {@link Workspace}: bean constraints first, then values
 * (enums, languages, zone) and cross-references, collecting every problem before giving up.
 */
final class SpecChecker {
  static final int DEFAULT_CAPACITY = 10;
  static final int DEFAULT_SENIORITY = 0;
  static final AgentRole DEFAULT_ROLE = AgentRole.AGENT;
  static final Availability DEFAULT_AVAILABILITY = Availability.OFFLINE;

  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
  private static final java.util.regex.Pattern INDEX =
      java.util.regex.Pattern.compile("\\[(\\d+)]");

  private final Problems problems;

  private SpecChecker(Problems problems) {
    this.problems = problems;
  }

  /** Checks {@code spec}; throws {@link ValidationException} with every problem found. */
  static Workspace check(WorkspaceSpec spec, Problems problems) {
    return new SpecChecker(problems).run(spec);
  }

  private Workspace run(WorkspaceSpec spec) {
    constraints(spec);

    var defaults = spec.defaults;
    String defaultLanguage =
        defaults == null ? null : language("defaults.language", defaults.language);
    ZoneId zone = defaults == null ? null : zone("defaults.zone", defaults.zone);

    List<BrandSpec> brandSpecs = orEmpty(spec.brands);
    List<InboxSpec> inboxSpecs = orEmpty(spec.inboxes);
    List<TeamSpec> teamSpecs = orEmpty(spec.teams);
    List<AgentSpec> agentSpecs = orEmpty(spec.agents);
    List<LabelSpec> labelSpecs = orEmpty(spec.labels);

    Map<String, Integer> brandIds = unique("brands", "id", brandSpecs, (BrandSpec x) -> x.id);
    unique("inboxes", "id", inboxSpecs, (InboxSpec x) -> x.id);
    Map<String, Integer> teamIds = unique("teams", "id", teamSpecs, (TeamSpec x) -> x.id);
    Map<String, Integer> agentIds = unique("agents", "id", agentSpecs, (AgentSpec x) -> x.id);
    unique("labels", "name", labelSpecs, (LabelSpec x) -> x.name);

    List<Supplier<Brand>> brands = new ArrayList<>();
    for (int i = 0; i < brandSpecs.size(); i++) {
      BrandSpec b = brandSpecs.get(i);
      if (b == null) {
        continue;
      }
      String lang =
          b.language == null ? defaultLanguage : language(at("brands", i, "language"), b.language);
      if (b.id != null && b.name != null && lang != null) {
        String id = b.id;
        String name = b.name;
        brands.add(() -> new Brand(id, name, lang));
      }
    }

    List<Supplier<Inbox>> inboxes = new ArrayList<>();
    for (int i = 0; i < inboxSpecs.size(); i++) {
      InboxSpec s = inboxSpecs.get(i);
      if (s == null) {
        continue;
      }
      ChannelType channel = wire(ChannelType.class, at("inboxes", i, "channel"), s.channel, null);
      String brand = reference(at("inboxes", i, "brand"), "brand", s.brand, brandIds);
      if (s.id != null && s.name != null && channel != null && brand != null) {
        String id = s.id;
        String name = s.name;
        String calendar = s.calendar;
        inboxes.add(() -> new Inbox(id, name, channel, brand, calendar));
      }
    }

    List<Supplier<Agent>> agents = new ArrayList<>();
    Map<String, AgentRole> roles = new LinkedHashMap<>();
    for (int i = 0; i < agentSpecs.size(); i++) {
      AgentSpec a = agentSpecs.get(i);
      if (a == null) {
        continue;
      }
      List<String> languages = new ArrayList<>();
      List<@Nullable String> langSpecs = orEmpty(a.languages);
      for (int j = 0; j < langSpecs.size(); j++) {
        String lang = language(at("agents", i, "languages") + "[" + j + "]", langSpecs.get(j));
        if (lang != null) {
          languages.add(lang);
        }
      }
      List<String> teams = new ArrayList<>();
      List<@Nullable String> teamRefs = orEmpty(a.teams);
      for (int j = 0; j < teamRefs.size(); j++) {
        String field = at("agents", i, "teams") + "[" + j + "]";
        String ref = teamRefs.get(j);
        if (ref == null || ref.isBlank()) {
          problems.add(field, "must name a team, was empty");
        }
        String team = reference(field, "team", ref, teamIds);
        if (team != null) {
          teams.add(team);
        }
      }
      AgentRole role = wire(AgentRole.class, at("agents", i, "role"), a.role, DEFAULT_ROLE);
      Availability availability =
          wire(
              Availability.class,
              at("agents", i, "availability"),
              a.availability,
              DEFAULT_AVAILABILITY);
      int seniority = whole(a.seniority, DEFAULT_SENIORITY);
      int capacity = whole(a.capacity, DEFAULT_CAPACITY);
      if (a.id != null && role != null) {
        roles.putIfAbsent(a.id, role);
      }
      if (a.id != null
          && a.name != null
          && role != null
          && availability != null
          && seniority >= 0
          && capacity >= 1
          && languages.size() == langSpecs.size()
          && !languages.isEmpty()
          && teams.size() == teamRefs.size()) {
        String id = a.id;
        String name = a.name;
        agents.add(
            () -> new Agent(id, name, languages, teams, role, seniority, capacity, availability));
      }
    }

    List<Supplier<Team>> teams = new ArrayList<>();
    for (int i = 0; i < teamSpecs.size(); i++) {
      TeamSpec t = teamSpecs.get(i);
      if (t == null) {
        continue;
      }
      if (t.lead != null) {
        lead(at("teams", i, "lead"), t.lead, agentIds, roles);
      }
      if (t.id != null && t.name != null) {
        String id = t.id;
        String name = t.name;
        String lead = t.lead;
        teams.add(() -> new Team(id, name, lead));
      }
    }

    List<Supplier<Label>> labels = new ArrayList<>();
    for (LabelSpec l : labelSpecs) {
      if (l != null && l.name != null) {
        String name = l.name;
        String description = Objects.requireNonNullElse(l.description, "");
        labels.add(() -> new Label(name, description));
      }
    }

    problems.throwIfAny();
    // Built only now: with no problems, every value the domain records check is present and valid.
    return new Workspace(
        Objects.requireNonNull(spec.name),
        new Workspace.Defaults(
            Objects.requireNonNull(defaultLanguage), Objects.requireNonNull(zone)),
        build(brands),
        build(inboxes),
        build(teams),
        build(agents),
        build(labels));
  }

  private void constraints(WorkspaceSpec spec) {
    Set<ConstraintViolation<WorkspaceSpec>> violations = Validators.VALIDATOR.validate(spec);
    violations.stream()
        .map(v -> new FieldProblem(problems.source(), path(v.getPropertyPath()), message(v)))
        .sorted(Comparator.comparing(p -> sortKey(p.field())))
        .forEach(p -> problems.add(p.field(), p.message()));
  }

  private static String message(ConstraintViolation<?> v) {
    Object value = v.getInvalidValue();
    if (value instanceof String
        && v.getConstraintDescriptor().getAnnotation() instanceof NotBlank) {
      return "must not be blank";
    }
    if (value instanceof String || value instanceof BigDecimal) {
      String shown = value instanceof BigDecimal d ? d.toPlainString() : (String) value;
      return v.getMessage() + ", was '" + shown + "'";
    }
    return v.getMessage();
  }

  /** {@code agents[0].languages[1]}, from the validator's path nodes. */
  static String path(Path path) {
    StringBuilder sb = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable() && node.getIndex() != null) {
        sb.append('[').append(node.getIndex()).append(']');
      }
      boolean named = node.getKind() == ElementKind.PROPERTY && node.getName() != null;
      if (named) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(node.getName());
      }
    }
    return sb.toString();
  }

  /** Sorts {@code x[10]} after {@code x[9]}. */
  private static String sortKey(String field) {
    Matcher m = INDEX.matcher(field);
    return m.replaceAll(r -> String.format(Locale.ROOT, "[%09d]", Long.parseLong(r.group(1))));
  }

  private static String at(String list, int index, String field) {
    return list + "[" + index + "]." + field;
  }

  private <T> Map<String, Integer> unique(
      String list, String key, List<T> specs, Function<T, @Nullable String> id) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      T spec = specs.get(i);
      String value = spec == null ? null : id.apply(spec);
      if (value == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(value, i);
      if (first != null) {
        problems.add(
            at(list, i, key),
            "duplicate " + key + " '" + value + "', already used by " + list + "[" + first + "]");
      }
    }
    return seen;
  }

  private @Nullable String language(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      problems.add(field, "is required");
      return null;
    }
    if (value.length() != 2 || !LANGUAGES.contains(value)) {
      problems.add(
          field,
          "must be a two-letter lower-case ISO 639-1 code such as de or en, was '" + value + "'");
      return null;
    }
    return value;
  }

  private @Nullable ZoneId zone(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null; // reported as a constraint
    }
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      problems.add(field, "must be a time zone id such as Europe/Vienna, was '" + value + "'");
      return null;
    }
  }

  private <E extends Enum<E> & Wire> @Nullable E wire(
      Class<E> type, String field, @Nullable String value, @Nullable E fallback) {
    if (value == null) {
      return fallback; // when there is no fallback the field is required and reported as such
    }
    try {
      return Wires.parse(type, field, value);
    } catch (ValidationException e) {
      e.problems().forEach(p -> problems.add(field, p.message()));
      return null;
    }
  }

  private @Nullable String reference(
      String field, String kind, @Nullable String value, Map<String, Integer> known) {
    if (value == null || value.isBlank()) {
      return null; // a missing inbox brand is reported as a constraint
    }
    if (!known.containsKey(value)) {
      problems.add(field, "unknown " + kind + " '" + value + "', expected one of " + oneOf(known));
      return null;
    }
    return value;
  }

  private void lead(
      String field, String value, Map<String, Integer> agents, Map<String, AgentRole> roles) {
    if (!agents.containsKey(value)) {
      problems.add(
          field,
          "unknown agent '" + value + "', expected the id of an agent with role lead or admin");
      return;
    }
    AgentRole role = roles.get(value);
    if (role == AgentRole.AGENT) {
      problems.add(
          field, "agent '" + value + "' has role agent, expected an agent with role lead or admin");
    }
  }

  private static String oneOf(Map<String, Integer> known) {
    return known.isEmpty() ? "none (the list is empty)" : String.join(", ", known.keySet());
  }

  /** The value if it is a whole number in int range (checked as constraints), else -1. */
  private static int whole(@Nullable BigDecimal value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  private static <T> List<T> build(List<Supplier<T>> suppliers) {
    return suppliers.stream().map(Supplier::get).toList();
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Built once: a validator factory is expensive and thread-safe. Lazy via the holder idiom. */
  private static final class Validators {
    static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    static final Validator VALIDATOR = FACTORY.getValidator();

    private Validators() {}
  }
}
