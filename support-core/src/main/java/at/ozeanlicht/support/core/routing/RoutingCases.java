package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Expectation cases for routing rules ({@code routing-cases.yaml}): each a message and the fields
 * the decision must have. Used by {@code support route test --cases} and {@link RoutingTestKit}
 * as a gate for rule changes.
 *
 * <pre>{@code
 * cases:
 *   - id: login-de
 *     text: Ich kann mich seit gestern nicht mehr einloggen
 *     channel: whatsapp        # optional; also inbox, vip, language, at
 *     expect:
 *       team: tech
 *       priority: critical
 *       ai_allowed: true       # also labels (must include), language, sentiment,
 *                              # after_hours, rules (must include), assignee
 * }</pre>
 */
public final class RoutingCases {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> CASE_KEYS = Set.of("id", "text", "channel", "inbox", "vip",
      "language", "at", "expect");
  private static final Set<String> EXPECT_KEYS = Set.of("team", "priority", "ai_allowed", "labels",
      "language", "sentiment", "after_hours", "rules", "assignee");

  private RoutingCases() {}

  /**
   * One case.
   *
   * @param request the message
   * @param expect expected field values by name (see the class comment)
   */
  public record Case(RouteRequest request, Map<String, Object> expect) {
    /** Checks for nulls; copies the map. */
    public Case {
      Objects.requireNonNull(request, "request");
      expect = Map.copyOf(expect);
    }
  }

  /**
   * The outcome of one case.
   *
   * @param id the case id
   * @param text the message
   * @param diffs one line per field that differed ({@code team: expected 'sales', was
   *     'support'}); empty when the case passed
   * @param decision what routing decided
   * @param assignment who it would be assigned to with every agent idle
   */
  public record Result(String id, String text, List<String> diffs, RoutingDecision decision,
      Assignment assignment) {
    /** Copies the list. */
    public Result {
      diffs = List.copyOf(diffs);
    }

    /** Whether every expectation held. */
    public boolean passed() {
      return diffs.isEmpty();
    }
  }

  /**
   * Reads a cases file.
   *
   * @throws ValidationException listing every problem (source: the file name)
   */
  public static List<Case> load(Path file) {
    String source = String.valueOf(file.getFileName());
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ValidationException(List.of(new FieldProblem(source, source, "cannot be read: " + e)));
    }
    return parse(source, yaml);
  }

  /** Parses cases from YAML text read from {@code source}. */
  public static List<Case> parse(String source, String yaml) {
    List<FieldProblem> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ValidationException(List.of(new FieldProblem(source, source, "invalid YAML"
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ": "
          + Objects.requireNonNullElse(e.getOriginalMessage(), "").lines().findFirst().orElse(""))));
    }
    JsonNode cases = root == null ? null : root.get("cases");
    if (cases == null || !cases.isArray()) {
      throw new ValidationException(List.of(new FieldProblem(source, "cases", "is required: a list of cases")));
    }
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      String at = "cases[" + i + "]";
      JsonNode c = cases.get(i);
      if (!c.isObject()) {
        problems.add(new FieldProblem(source, at, "must be a mapping with text and expect"));
        continue;
      }
      unknown(source, at, c, CASE_KEYS, problems);
      String text = c.path("text").asText("");
      if (text.isBlank()) {
        problems.add(new FieldProblem(source, at + ".text", "is required"));
      }
      String id = c.hasNonNull("id") ? c.get("id").asText() : String.valueOf(i + 1);
      ChannelType channel = null;
      if (c.hasNonNull("channel")) {
        channel = channel(c.get("channel").asText());
        if (channel == null) {
          problems.add(new FieldProblem(source, at + ".channel", "must be one of web, whatsapp, email,"
              + " telegram, api, was '" + c.get("channel").asText() + "'"));
        }
      }
      Instant when = RouteRequest.DEFAULT_AT;
      if (c.hasNonNull("at")) {
        try {
          when = Instant.parse(c.get("at").asText());
        } catch (DateTimeParseException e) {
          problems.add(new FieldProblem(source, at + ".at", "must be an instant such as"
              + " 2026-11-24T10:00:00Z, was '" + c.get("at").asText() + "'"));
        }
      }
      JsonNode expect = c.path("expect");
      Map<String, Object> exp = new LinkedHashMap<>();
      if (!expect.isObject() || expect.isEmpty()) {
        problems.add(new FieldProblem(source, at + ".expect", "is required: the expected fields"));
      } else {
        unknown(source, at + ".expect", expect, EXPECT_KEYS, problems);
        expect.fields().forEachRemaining(e -> exp.put(e.getKey(), e.getValue().isArray()
            ? toList(e.getValue()) : e.getValue().isBoolean() ? (Object) e.getValue().booleanValue()
            : e.getValue().asText()));
      }
      out.add(new Case(new RouteRequest(id, text, channel,
          c.hasNonNull("inbox") ? c.get("inbox").asText() : null,
          c.path("vip").asBoolean(false),
          c.hasNonNull("language") ? c.get("language").asText() : null, when), exp));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return List.copyOf(out);
  }

  /** Runs every case; never stops at the first failure. */
  public static List<Result> run(
      Router router, Workspace workspace, @Nullable MessageAnalyzer analyzer, List<Case> cases) {
    List<Result> out = new ArrayList<>();
    for (Case c : cases) {
      RoutingDecision d = router.route(c.request().toInput(workspace, analyzer));
      Assignment a = RoutingTestKit.assignIdle(router, workspace, d, c.request().vip());
      out.add(new Result(c.request().id(), c.request().text(), diffs(c.expect(), d, a), d, a));
    }
    return out;
  }

  /** The failures as readable text, one block per failed case. */
  public static String report(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    int failed = 0;
    for (Result r : results) {
      if (r.passed()) {
        continue;
      }
      failed++;
      sb.append("FAIL ").append(r.id()).append(": ").append(r.text()).append('\n');
      for (String d : r.diffs()) {
        sb.append("  ").append(d).append('\n');
      }
      sb.append("  matched rules: ").append(r.decision().matchedRules()).append('\n');
    }
    sb.append(results.size() - failed).append(" passed, ").append(failed).append(" failed\n");
    return sb.toString();
  }

  private static List<String> diffs(Map<String, Object> expect, RoutingDecision d, Assignment a) {
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<String, Object> e : expect.entrySet()) {
      Object want = e.getValue();
      switch (e.getKey()) {
        case "team" -> same(diffs, "team", want, d.team());
        case "priority" -> same(diffs, "priority", want, d.priority().wire());
        case "ai_allowed" -> same(diffs, "ai_allowed", want, d.aiAllowed());
        case "language" -> same(diffs, "language", want, d.language());
        case "sentiment" -> same(diffs, "sentiment", want, d.sentiment().wire());
        case "after_hours" -> same(diffs, "after_hours", want, d.afterHours());
        case "assignee" -> same(diffs, "assignee", want, a.agent());
        case "labels" -> contains(diffs, "labels", want, d.labels());
        case "rules" -> contains(diffs, "rules", want, d.matchedRules());
        default -> diffs.add(e.getKey() + ": unknown expectation");
      }
    }
    return diffs;
  }

  private static void same(List<String> diffs, String field, Object want, @Nullable Object was) {
    String w = String.valueOf(want).toLowerCase(Locale.ROOT);
    String v = String.valueOf(was).toLowerCase(Locale.ROOT);
    if (!w.equals(v)) {
      diffs.add(field + ": expected '" + want + "', was '" + was + "'");
    }
  }

  private static void contains(List<String> diffs, String field, Object want, java.util.Collection<String> was) {
    List<String> wanted = want instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : List.of(String.valueOf(want));
    List<String> missing = wanted.stream().filter(x -> !was.contains(x)).toList();
    if (!missing.isEmpty()) {
      diffs.add(field + ": expected to include " + missing + ", was " + new TreeSet<>(was));
    }
  }

  private static List<String> toList(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static @Nullable ChannelType channel(String s) {
    for (ChannelType c : ChannelType.values()) {
      if (c.wire().equalsIgnoreCase(s)) {
        return c;
      }
    }
    return null;
  }

  private static void unknown(String source, String at, JsonNode n, Set<String> known, List<FieldProblem> problems) {
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        problems.add(new FieldProblem(source, at + "." + k, "unknown field '" + k + "', expected one of "
            + String.join(", ", new TreeSet<>(known))));
      }
    }
  }
}
