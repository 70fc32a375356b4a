package at.ozeanlicht.support.examples.benchmarks;

import at.ozeanlicht.support.core.routing.RouteRequest;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.routing.RoutingCases;
import at.ozeanlicht.support.core.routing.RoutingInput;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Routing throughput: the reference rules ({@code examples/ozean-licht/routing.yaml}) scaled with
 * generated keyword rules to 200 rules and 2,000 keywords, routing the reference cases' messages.
 * Three ways in one run: the compiled router (one Aho–Corasick automaton), Easy Rules with the same
 * rules (each rule's keywords as its condition), and a plain per-rule {@code contains} loop. One
 * operation is one message. The baselines match folded words without stemming, so they do less
 * than the router.
 *
 * <p>Run: {@code java -jar examples/benchmarks/target/benchmarks.jar RoutingBenchmark -f 1 -wi 2
 * -i 3 -w 2s -r 2s} from the repository root (or pass {@code -jvmArgs -Dworkspace=DIR}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBenchmark {
  static final int RULES = 200;
  static final int KEYWORDS = 2000;

  Router router;
  List<RoutingInput> inputs;
  private List<String> folded;
  List<KeywordRule> plain;
  Rules easyRules;
  DefaultRulesEngine easyEngine;
  private int next;

  /** One rule for the baselines: its name, labels and keywords (any of them matches). */
  record KeywordRule(String name, List<String> keywords) {}

  @Setup
  public void setUp() throws IOException {
    Path dir = workspace();
    Workspace ws = WorkspaceLoader.load(dir);
    String yaml = Files.readString(dir.resolve("routing.yaml"), StandardCharsets.UTF_8);
    Router base = Router.parse(yaml, ws);
    String scaled = scale(yaml, RULES - base.ruleNames().size(), KEYWORDS - base.keywordCount());
    router = Router.parse(scaled, ws);
    if (router.ruleNames().size() != RULES || router.keywordCount() < KEYWORDS) {
      throw new IllegalStateException("scaled to " + router.ruleNames().size() + " rules, "
          + router.keywordCount() + " keywords");
    }
    inputs = new ArrayList<>();
    folded = new ArrayList<>();
    for (RoutingCases.Case c : RoutingCases.load(dir.resolve("routing-cases.yaml"))) {
      RouteRequest r = c.request();
      inputs.add(r.toInput(ws, null));
      folded.add(fold(r.text()));
    }
    plain = baselineRules(scaled);
    easyRules = new Rules();
    int priority = 0;
    for (KeywordRule r : plain) {
      easyRules.register(new RuleBuilder().name(r.name()).priority(priority++)
          .when(facts -> matches(facts.get("text"), r.keywords()))
          .then(facts -> facts.<Set<String>>get("fired").add(r.name()))
          .build());
    }
    easyEngine = new DefaultRulesEngine();
  }

  @Benchmark
  public void automaton(Blackhole bh) {
    bh.consume(router.route(inputs.get(next()), false));
  }

  @Benchmark
  public void containsLoop(Blackhole bh) {
    String text = fold(inputs.get(next()).text());
    Set<String> fired = new HashSet<>();
    for (KeywordRule r : plain) {
      if (matches(text, r.keywords())) {
        fired.add(r.name());
      }
    }
    bh.consume(fired);
  }

  @Benchmark
  public void easyRules(Blackhole bh) {
    Facts facts = new Facts();
    facts.put("text", fold(inputs.get(next()).text()));
    Set<String> fired = new HashSet<>();
    facts.put("fired", fired);
    easyEngine.fire(easyRules, facts);
    bh.consume(fired);
  }

  private int next() {
    int i = next;
    next = (i + 1) % inputs.size();
    return i;
  }

  static boolean matches(String text, List<String> keywords) {
    for (String k : keywords) {
      if (text.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** Lower case, umlauts written out, words framed by spaces: what the baselines match on. */
  static String fold(String text) {
    String s = text.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        .replace("ß", "ss").replace("'", "").replace("’", "");
    return " " + s.replaceAll("[^\\p{L}\\p{N}]+", " ").trim() + " ";
  }

  /** Adds generated rules (course and product names, as a growing academy would) to the file. */
  static String scale(String yaml, int rules, int keywords) {
    StringBuilder sb = new StringBuilder(yaml).append("\n  # Generated to scale the benchmark.\n");
    int perRule = (int) Math.ceil(keywords / (double) rules);
    for (int i = 0; i < rules; i++) {
      sb.append("  - name: generated-").append(i).append("\n    when:\n      text: [");
      for (int j = 0; j < perRule; j++) {
        sb.append(j == 0 ? "" : ", ").append("kursreihe").append(i).append(" lektion").append(j);
      }
      sb.append("]\n    then:\n      labels: [generated-").append(i % 20).append("]\n");
    }
    return sb.toString();
  }

  /** Each rule's keywords (lists it names and inline ones), folded, framed by spaces, no stems. */
  static List<KeywordRule> baselineRules(String yaml) throws IOException {
    JsonNode root = new YAMLMapper().readTree(yaml);
    Map<String, List<String>> lists = new LinkedHashMap<>();
    root.path("keywords").fields().forEachRemaining(e -> {
      List<String> ks = new ArrayList<>();
      e.getValue().forEach(k -> ks.add(k.asText()));
      lists.put(e.getKey(), ks);
    });
    List<KeywordRule> out = new ArrayList<>();
    for (JsonNode rule : root.path("rules")) {
      List<String> ks = new ArrayList<>();
      collect(rule.path("when"), lists, ks);
      List<String> framed = ks.stream().map(k -> {
        String f = fold(k.replace("*", ""));
        if (k.startsWith("*")) {
          f = f.substring(1);
        }
        if (k.endsWith("*")) {
          f = f.substring(0, f.length() - 1);
        }
        return f;
      }).distinct().toList();
      out.add(new KeywordRule(rule.path("name").asText(), framed));
    }
    return out;
  }

  private static void collect(JsonNode n, Map<String, List<String>> lists, List<String> out) {
    if (n.isArray()) {
      n.forEach(x -> collect(x, lists, out));
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        if (e.getKey().equals("text")) {
          if (e.getValue().isArray()) {
            e.getValue().forEach(k -> out.add(k.asText()));
          } else {
            out.addAll(lists.getOrDefault(e.getValue().asText(), List.of()));
          }
        } else if (e.getKey().equals("keywords")) {
          if (e.getValue().isArray()) {
            e.getValue().forEach(k -> out.addAll(lists.getOrDefault(k.asText(), List.of())));
          } else {
            out.addAll(lists.getOrDefault(e.getValue().asText(), List.of()));
          }
        } else {
          collect(e.getValue(), lists, out);
        }
      });
    }
  }

  private static Path workspace() {
    String configured = System.getProperty("workspace");
    List<Path> candidates = configured != null ? List.of(Path.of(configured))
        : List.of(Path.of("examples", "ozean-licht"), Path.of("..", "ozean-licht"),
            Path.of("..", "..", "examples", "ozean-licht"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve("routing.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("workspace: no routing.yaml in " + candidates
        + "; run from the repository root or pass -Dworkspace=DIR");
  }
}
