package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.domain.Wire;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code routing.yaml} into rules, checking everything against the workspace and reporting
 * every problem at once as {@link FieldProblem}s with a field path such as {@code
 * rules[3].when.any[1].text}.
 */
final class RoutingLoader {
  static final String FILE = "routing.yaml";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(m|min|h|d)");
  private static final Set<String> TOP = Set.of("keywords", "rules", "defaults", "escalation",
      "business_hours");
  private static final Set<String> RULE_KEYS = Set.of("name", "on", "after", "when", "then", "stop");
  private static final Set<String> ACTIONS = Set.of("team", "priority", "labels", "assign",
      "ai_allowed", "reply", "notify", "escalation");
  static final Set<String> STRATEGIES = Set.of("claim", "round-robin", "least-loaded");
  private static final Set<String> CATEGORIES_HINT = Set.of();

  private final Workspace workspace;
  private final String source;
  private final Map<String, FieldProblem> problems = new LinkedHashMap<>();
  private final KeywordMatcher.Builder keywords = new KeywordMatcher.Builder();
  private final Map<String, int[]> lists = new LinkedHashMap<>();
  private final Map<String, List<EscalationStep>> policies = new LinkedHashMap<>();

  private RoutingLoader(Workspace workspace, String source) {
    this.workspace = workspace;
    this.source = source;
  }

  /** What a routing file compiles to. */
  record Compiled(
      List<Rule> rules,
      KeywordMatcher matcher,
      Map<String, int[]> guardIds,
      int[] positiveIds,
      int[][] textSlots,
      int textCount,
      @Nullable String defaultTeam,
      @Nullable String defaultAssign,
      @Nullable String defaultPolicy,
      Map<String, List<EscalationStep>> policies,
      @Nullable BusinessHours hours,
      int keywordCount,
      int fairnessCap,
      Duration fairnessWindow) {}

  static Compiled compile(Workspace workspace, String source, @Nullable String yaml) {
    return new RoutingLoader(workspace, source).run(yaml);
  }

  private Compiled run(@Nullable String yaml) {
    JsonNode root = null;
    if (yaml != null) {
      try {
        root = YAML.readTree(yaml);
      } catch (JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines().findFirst().orElse("");
        problem("", "invalid YAML" + (e.getLocation() == null ? "" : " at line "
            + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ": " + msg);
        throw new ValidationException(List.copyOf(problems.values()));
      }
    }
    if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
      problem("", "must be a mapping with keywords, rules, defaults, escalation, business_hours");
      throw new ValidationException(List.copyOf(problems.values()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = YAML.createObjectNode();
    }
    unknownKeys(root, "", TOP);
    Map<String, int[]> guard = AiBoundaryGuard.register(keywords);
    int[] positive = FallbackAnalysis.POSITIVE_KEYWORDS.stream().mapToInt(keywords::add).toArray();

    JsonNode kw = root.path("keywords");
    if (!kw.isMissingNode() && !kw.isNull()) {
      if (!kw.isObject()) {
        problem("keywords", "must be a mapping of list name to keywords");
      } else {
        kw.fields().forEachRemaining(e -> lists.put(e.getKey(),
            keywordList("keywords." + e.getKey(), e.getValue())));
      }
    }
    JsonNode esc = root.path("escalation");
    String defaultPolicy = null;
    if (!esc.isMissingNode() && !esc.isNull()) {
      unknownKeys(esc, "escalation", Set.of("default", "policies"));
      JsonNode ps = esc.path("policies");
      if (ps.isObject()) {
        ps.fields().forEachRemaining(e -> policies.put(e.getKey(),
            steps("escalation.policies." + e.getKey(), e.getValue())));
      } else if (!ps.isMissingNode()) {
        problem("escalation.policies", "must be a mapping of policy name to a list of steps");
      }
      defaultPolicy = text(esc, "default", "escalation.default");
      if (defaultPolicy != null && !policies.containsKey(defaultPolicy)) {
        problem("escalation.default", "unknown policy '" + defaultPolicy + "', expected one of "
            + oneOf(policies.keySet()));
      }
    }
    JsonNode defaults = root.path("defaults");
    String defaultTeam = null;
    String defaultAssign = null;
    int fairnessCap = 0;
    Duration fairnessWindow = Duration.ZERO;
    if (!defaults.isMissingNode() && !defaults.isNull()) {
      unknownKeys(defaults, "defaults", Set.of("team", "assign", "fairness"));
      defaultTeam = team(text(defaults, "team", "defaults.team"), "defaults.team");
      defaultAssign = assign(text(defaults, "assign", "defaults.assign"), "defaults.assign");
      JsonNode f = defaults.path("fairness");
      if (!f.isMissingNode() && !f.isNull()) {
        unknownKeys(f, "defaults.fairness", Set.of("max", "per"));
        JsonNode max = f.path("max");
        if (!max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1 || max.intValue() > 10_000) {
          problem("defaults.fairness.max", "must be a whole number from 1 to 10000, was '" + max.asText() + "'");
        } else {
          fairnessCap = max.intValue();
        }
        String per = text(f, "per", "defaults.fairness.per");
        if (per == null) {
          problem("defaults.fairness.per", "is required, e.g. 1h");
        } else {
          Duration d = duration("defaults.fairness.per", per);
          if (d != null) {
            fairnessWindow = d;
          }
        }
      }
    }
    BusinessHours hours = hours(root.path("business_hours"));

    List<Rule> rules = new ArrayList<>();
    JsonNode rs = root.path("rules");
    if (!rs.isMissingNode() && !rs.isNull()) {
      if (!rs.isArray()) {
        problem("rules", "must be a list of rules");
      } else {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rs.size(); i++) {
          Rule r = rule("rules[" + i + "]", rs.get(i));
          if (r != null) {
            if (!names.add(r.name())) {
              problem("rules[" + i + "].name", "duplicate rule name '" + r.name() + "'");
            }
            rules.add(r);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(List.copyOf(problems.values()));
    }
    KeywordMatcher matcher = keywords.build();
    // Index the text conditions: keyword id -> the conditions it satisfies, so that one pass over
    // the keywords a scan found marks every text condition that holds.
    List<Condition.Text> texts = new ArrayList<>();
    List<Rule> indexed = new ArrayList<>(rules.size());
    for (Rule r : rules) {
      indexed.add(new Rule(r.name(), r.on(), r.after(), slot(r.when(), texts), r.then(), r.stop()));
    }
    List<List<Integer>> byKeyword = new ArrayList<>();
    for (int i = 0; i < matcher.size(); i++) {
      byKeyword.add(new ArrayList<>());
    }
    for (Condition.Text t : texts) {
      for (int id : t.ids()) {
        List<Integer> slots = byKeyword.get(id);
        if (!slots.contains(t.slot())) {
          slots.add(t.slot());
        }
      }
    }
    int[][] textSlots = new int[matcher.size()][];
    for (int i = 0; i < textSlots.length; i++) {
      textSlots[i] = byKeyword.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    rules = indexed;
    return new Compiled(List.copyOf(rules), matcher, guard, positive, textSlots, texts.size(),
        defaultTeam, defaultAssign,
        defaultPolicy, Map.copyOf(policies), hours, matcher.size(),
        fairnessCap, fairnessWindow);
  }

  /** The condition with every text condition given the next slot (collected in {@code texts}). */
  private static Condition slot(Condition c, List<Condition.Text> texts) {
    if (c instanceof Condition.Text t) {
      Condition.Text s = new Condition.Text(t.name(), t.ids(), texts.size());
      texts.add(s);
      return s;
    }
    if (c instanceof Condition.All a) {
      return new Condition.All(a.parts().stream().map(p -> slot(p, texts)).toList());
    }
    if (c instanceof Condition.Any a) {
      return new Condition.Any(a.parts().stream().map(p -> slot(p, texts)).toList());
    }
    if (c instanceof Condition.Not n) {
      return new Condition.Not(slot(n.part(), texts));
    }
    return c;
  }

  private @Nullable Rule rule(String at, JsonNode node) {
    if (!node.isObject()) {
      problem(at, "must be a mapping with name, when, then");
      return null;
    }
    unknownKeys(node, at, RULE_KEYS);
    String name = text(node, "name", at + ".name");
    if (name == null || name.isBlank()) {
      problem(at + ".name", "is required");
    }
    Set<Trigger> on = EnumSet.noneOf(Trigger.class);
    JsonNode onNode = node.path("on");
    if (onNode.isMissingNode() || onNode.isNull()) {
      on.add(Trigger.MESSAGE_RECEIVED);
    } else {
      for (String t : strings(onNode, at + ".on")) {
        Trigger trigger = wire(Trigger.class, at + ".on", t);
        if (trigger != null) {
          on.add(trigger);
        }
      }
    }
    Duration after = null;
    String afterText = text(node, "after", at + ".after");
    if (afterText != null) {
      after = duration(at + ".after", afterText);
    }
    boolean timed = on.stream().anyMatch(Trigger::timed);
    if (timed && after == null && afterText == null) {
      problem(at + ".after", "is required for the triggers no_human_reply and waiting_on_us, e.g. 30m");
    }
    if (!timed && afterText != null) {
      problem(at + ".after", "only applies to the triggers no_human_reply and waiting_on_us, was '" + afterText + "'");
    }
    if (timed && on.size() > 1) {
      problem(at + ".on", "a timed trigger (no_human_reply, waiting_on_us) must be the rule's only trigger");
    }
    JsonNode when = node.path("when");
    Condition condition = when.isMissingNode() || when.isNull()
        ? new Condition.Always() : condition(at + ".when", when);
    JsonNode then = node.path("then");
    Rule.Actions actions = null;
    if (then.isMissingNode() || then.isNull()) {
      problem(at + ".then", "is required: at least one action");
    } else {
      actions = actions(at + ".then", then);
    }
    boolean stop = false;
    JsonNode stopNode = node.path("stop");
    if (!stopNode.isMissingNode()) {
      if (!stopNode.isBoolean()) {
        problem(at + ".stop", "must be true or false, was '" + stopNode.asText() + "'");
      } else {
        stop = stopNode.booleanValue();
      }
    }
    if (name == null || condition == null || actions == null) {
      return null;
    }
    return new Rule(name, Set.copyOf(on), after, condition, actions, stop);
  }

  private @Nullable Condition condition(String at, JsonNode node) {
    if (node.isArray()) {
      // A bare list means all of them.
      return new Condition.All(conditions(at, node));
    }
    if (!node.isObject() || node.size() == 0) {
      problem(at, "must be a condition mapping such as {text: [...]} or {all: [...]}");
      return null;
    }
    if (node.size() > 1) {
      // Several keys in one mapping mean all of them.
      List<Condition> parts = new ArrayList<>();
      node.fields().forEachRemaining(e -> {
        Condition c = single(at + "." + e.getKey(), e.getKey(), e.getValue());
        if (c != null) {
          parts.add(c);
        }
      });
      return new Condition.All(parts);
    }
    Map.Entry<String, JsonNode> e = node.fields().next();
    return single(at + "." + e.getKey(), e.getKey(), e.getValue());
  }

  private List<Condition> conditions(String at, JsonNode node) {
    List<Condition> out = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problem(at, "must be a non-empty list of conditions");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      Condition c = condition(at + "[" + i + "]", node.get(i));
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private @Nullable Condition single(String at, String key, JsonNode v) {
    switch (key) {
      case "all":
        return new Condition.All(conditions(at, v));
      case "any":
        return new Condition.Any(conditions(at, v));
      case "not": {
        Condition c = condition(at, v);
        return c == null ? null : new Condition.Not(c);
      }
      case "text": {
        if (v.isTextual() && lists.containsKey(v.asText())) {
          return new Condition.Text(v.asText(), lists.get(v.asText()));
        }
        return new Condition.Text("inline list", keywordList(at, v));
      }
      case "keywords": {
        List<String> names = strings(v, at);
        List<Integer> ids = new ArrayList<>();
        for (String n : names) {
          int[] list = lists.get(n);
          if (list == null) {
            problem(at, "unknown keyword list '" + n + "', expected one of " + oneOf(lists.keySet()));
          } else {
            Arrays.stream(list).forEach(ids::add);
          }
        }
        return new Condition.Text(String.join("+", names), ids.stream().mapToInt(Integer::intValue).distinct().toArray());
      }
      case "language":
        return new Condition.OneOf("language", checked(at, strings(v, at), x -> x.matches("[a-z]{2}"),
            "a two-letter ISO 639-1 code such as de"));
      case "channel":
        return new Condition.OneOf("channel", wires(ChannelType.class, at, v));
      case "inbox":
        return new Condition.OneOf("inbox", checked(at, strings(v, at), x -> workspace.inbox(x).isPresent(),
            "an inbox of the workspace: " + workspace.inboxes().stream().map(i -> i.id()).collect(Collectors.joining(", "))));
      case "brand":
        return new Condition.OneOf("brand", checked(at, strings(v, at), x -> workspace.brand(x).isPresent(),
            "a brand of the workspace: " + workspace.brands().stream().map(b -> b.id()).collect(Collectors.joining(", "))));
      case "sentiment":
        return new Condition.OneOf("sentiment", wires(Sentiment.class, at, v));
      case "category":
        return new Condition.OneOf("category", new LinkedHashSet<>(strings(v, at)));
      case "priority":
        return new Condition.OneOf("priority", wires(Priority.class, at, v));
      case "team":
        return new Condition.OneOf("team", checked(at, strings(v, at), x -> workspace.team(x).isPresent(),
            "a team of the workspace"));
      case "label":
      case "labels":
        return new Condition.HasLabel(new LinkedHashSet<>(strings(v, at)));
      case "vip":
        if (!v.isBoolean()) {
          problem(at, "must be true or false, was '" + v.asText() + "'");
          return null;
        }
        return new Condition.Vip(v.booleanValue());
      case "question":
        if (!v.isBoolean()) {
          problem(at, "must be true or false, was '" + v.asText() + "'");
          return null;
        }
        return new Condition.Question(v.booleanValue());
      case "business_hours": {
        String s = v.asText();
        if (!s.equals("inside") && !s.equals("outside")) {
          problem(at, "must be inside or outside, was '" + s + "'");
          return null;
        }
        return new Condition.AfterHours(s.equals("outside"));
      }
      case "attribute":
      case "attributes": {
        if (!v.isObject()) {
          problem(at, "must be a mapping of contact attribute to value");
          return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(x -> m.put(x.getKey(), x.getValue().asText()));
        return new Condition.Attributes(m);
      }
      default:
        problem(at, "unknown condition '" + key + "', expected one of all, any, not, text, keywords,"
            + " language, channel, inbox, brand, vip, attribute, sentiment, category,"
            + " business_hours, question, priority, label, team");
        return null;
    }
  }

  private Rule.@Nullable Actions actions(String at, JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      problem(at, "must be a mapping of actions: " + String.join(", ", new java.util.TreeSet<>(ACTIONS)));
      return null;
    }
    unknownKeys(node, at, ACTIONS);
    String team = team(text(node, "team", at + ".team"), at + ".team");
    String p = text(node, "priority", at + ".priority");
    Priority priority = p == null ? null : wire(Priority.class, at + ".priority", p);
    List<String> labels = node.has("labels") ? strings(node.get("labels"), at + ".labels") : List.of();
    for (String l : labels) {
      if (!l.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        problem(at + ".labels", "label must be lower-case letters, digits, '-' or '_', was '" + l + "'");
      }
    }
    String assign = assign(text(node, "assign", at + ".assign"), at + ".assign");
    Boolean ai = null;
    if (node.has("ai_allowed")) {
      JsonNode a = node.get("ai_allowed");
      if (!a.isBoolean()) {
        problem(at + ".ai_allowed", "must be true or false, was '" + a.asText() + "'");
      } else {
        ai = a.booleanValue();
      }
    }
    String reply = text(node, "reply", at + ".reply");
    List<String> notify = node.has("notify") ? strings(node.get("notify"), at + ".notify") : List.of();
    for (String n : notify) {
      if (!n.equals("lead") && !n.equals("on-call") && workspace.agent(n).isEmpty()) {
        problem(at + ".notify", "must be lead, on-call or an agent handle, was '" + n + "'");
      }
    }
    String escalation = text(node, "escalation", at + ".escalation");
    if (escalation != null && !policies.containsKey(escalation)) {
      problem(at + ".escalation", "unknown policy '" + escalation + "', expected one of " + oneOf(policies.keySet()));
    }
    return new Rule.Actions(team, priority, labels, assign, ai, reply, notify, escalation);
  }

  private List<EscalationStep> steps(String at, JsonNode node) {
    List<EscalationStep> out = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problem(at, "must be a non-empty list of steps such as {after: 30m, to: lead}");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String s = at + "[" + i + "]";
      JsonNode n = node.get(i);
      unknownKeys(n, s, Set.of("after", "label", "to"));
      String afterText = text(n, "after", s + ".after");
      String label = text(n, "label", s + ".label");
      String to = text(n, "to", s + ".to");
      Duration after = afterText == null ? null : duration(s + ".after", afterText);
      if ((afterText == null) == (label == null)) {
        problem(s, "must have exactly one of after (e.g. 30m) or label (e.g. complex)");
        continue;
      }
      if (to == null) {
        problem(s + ".to", "is required: lead, admin or an agent handle");
        continue;
      }
      if (!to.equals("lead") && !to.equals("admin") && workspace.agent(to).isEmpty()) {
        problem(s + ".to", "must be lead, admin or an agent handle, was '" + to + "'");
        continue;
      }
      if (afterText != null && after == null) {
        continue;
      }
      out.add(new EscalationStep(after, label, to));
    }
    return out;
  }

  private @Nullable BusinessHours hours(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    unknownKeys(node, "business_hours", Set.of("days", "open", "close"));
    Set<DayOfWeek> days = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    if (node.has("days")) {
      days = EnumSet.noneOf(DayOfWeek.class);
      for (String d : strings(node.get("days"), "business_hours.days")) {
        DayOfWeek day = Arrays.stream(DayOfWeek.values())
            .filter(x -> x.name().toLowerCase(Locale.ROOT).startsWith(d.toLowerCase(Locale.ROOT))
                && d.length() >= 2)
            .findFirst().orElse(null);
        if (day == null) {
          problem("business_hours.days", "must be day names such as mon, tue, was '" + d + "'");
        } else {
          days.add(day);
        }
      }
    }
    LocalTime open = time("business_hours.open", text(node, "open", "business_hours.open"), LocalTime.of(9, 0));
    LocalTime close = time("business_hours.close", text(node, "close", "business_hours.close"), LocalTime.of(18, 0));
    if (open == null || close == null) {
      return null;
    }
    if (!open.isBefore(close)) {
      problem("business_hours.open", "must be before close (" + close + "), was " + open);
      return null;
    }
    return BusinessHours.of(workspace.defaults().zone(), days, open, close);
  }

  private @Nullable LocalTime time(String at, @Nullable String v, LocalTime fallback) {
    if (v == null) {
      return fallback;
    }
    try {
      return LocalTime.parse(v.length() == 4 ? "0" + v : v);
    } catch (DateTimeParseException e) {
      problem(at, "must be a time such as 09:00, was '" + v + "'");
      return null;
    }
  }

  private int[] keywordList(String at, JsonNode node) {
    List<String> words = strings(node, at);
    if (words.isEmpty()) {
      problem(at, "must list at least one keyword");
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      var problem = KeywordMatcher.problem(w);
      if (problem.isPresent()) {
        problem(at + "[" + i + "]", problem.get());
      } else {
        ids.add(keywords.add(w));
      }
    }
    return ids.stream().mapToInt(Integer::intValue).distinct().toArray();
  }

  private @Nullable String team(@Nullable String team, String at) {
    if (team != null && workspace.team(team).isEmpty()) {
      problem(at, "unknown team '" + team + "', expected one of "
          + workspace.teams().stream().map(t -> t.id()).collect(Collectors.joining(", ")));
      return null;
    }
    return team;
  }

  private @Nullable String assign(@Nullable String assign, String at) {
    if (assign != null && !STRATEGIES.contains(assign) && workspace.agent(assign).isEmpty()) {
      problem(at, "must be claim, round-robin, least-loaded or an agent handle, was '" + assign + "'");
      return null;
    }
    return assign;
  }

  private @Nullable Duration duration(String at, String v) {
    Matcher m = DURATION.matcher(v.strip());
    if (!m.matches()) {
      problem(at, "must be a duration such as 30m, 2h or 1d, was '" + v + "'");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private <E extends Enum<E> & Wire> Set<String> wires(Class<E> type, String at, JsonNode v) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : strings(v, at)) {
      E e = wire(type, at, s);
      if (e != null) {
        out.add(e.wire());
      }
    }
    return out;
  }

  private <E extends Enum<E> & Wire> @Nullable E wire(Class<E> type, String at, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.wire().equalsIgnoreCase(value.strip())) {
        return e;
      }
    }
    problem(at, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Wire::wire)
        .collect(Collectors.joining(", ")) + ", was '" + value + "'");
    return null;
  }

  private Set<String> checked(String at, List<String> values, java.util.function.Predicate<String> ok, String expected) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (!ok.test(v)) {
        problem(at, "must be " + expected + ", was '" + v + "'");
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private List<String> strings(JsonNode v, String at) {
    List<String> out = new ArrayList<>();
    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        JsonNode x = v.get(i);
        if (x.isValueNode() && !x.isNull()) {
          out.add(x.asText());
        } else {
          problem(at + "[" + i + "]", "must be a text, was " + kind(x));
        }
      }
    } else {
      problem(at, "must be a text or a list of texts, was " + kind(v));
    }
    return out;
  }

  private @Nullable String text(JsonNode node, String key, String at) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problem(at, "must be a text, was " + kind(v));
      return null;
    }
    return v.asText();
  }

  private void unknownKeys(JsonNode node, String at, Set<String> known) {
    if (!node.isObject()) {
      if (!node.isMissingNode() && !node.isNull()) {
        problem(at, "must be a mapping, was " + kind(node));
      }
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        problem(at.isEmpty() ? n : at + "." + n, "unknown field '" + n + "', expected one of "
            + String.join(", ", new java.util.TreeSet<>(known)));
      }
    }
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isNull()) {
      return "empty";
    }
    return "'" + v.asText() + "'";
  }

  private static String oneOf(Set<String> names) {
    return names.isEmpty() ? "none (none defined)" : String.join(", ", names);
  }

  private void problem(String field, String message) {
    String key = field.isEmpty() ? source : field;
    problems.putIfAbsent(key, new FieldProblem(source, key, message));
  }
}
