package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.routing.Assignment;
import at.ozeanlicht.support.core.routing.RouteRequest;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.routing.RoutingCases;
import at.ozeanlicht.support.core.routing.RoutingDecision;
import at.ozeanlicht.support.core.routing.RuleTrace;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support route test}: routing rules tried offline, without a database. */
@Command(name = "route", mixinStandardHelpOptions = true,
    description = "Try routing rules (routing.yaml) offline.",
    subcommands = RouteCommand.Test.class)
final class RouteCommand {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand SupportCommand root;

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Route a message, a JSONL file of messages, or a cases file.",
          "JSONL lines: {\"id\",\"text\",\"channel\",\"contact\":{\"vip\",\"language\"},\"at\"}; "
              + "output: one JSON decision per line, in order."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:ok (all cases passed)", "1:a case failed or an input line was bad",
          "2:usage or validation error"})
  static final class Test implements Callable<Integer> {
    @ParentCommand RouteCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory with workspace.yaml and routing.yaml; else "
            + "$SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
      @Option(names = "--message", paramLabel = "TEXT", description = "One message to route.")
      @Nullable String message;

      @Option(names = "--input", paramLabel = "FILE.jsonl", description = "Messages, one JSON object a line.")
      @Nullable Path input;

      @Option(names = "--cases", paramLabel = "FILE.yaml", description = "Expectation cases; exit 1 if any fail.")
      @Nullable Path cases;
    }

    @Option(names = "--channel", paramLabel = "C", description = "Channel: web, whatsapp, email, telegram, api.")
    @Nullable String channel;

    @Option(names = "--vip", description = "The contact is a VIP.")
    boolean vip;

    @Option(names = "--language", paramLabel = "L", description = "The contact's known language (ISO 639-1).")
    @Nullable String language;

    @Option(names = "--at", paramLabel = "INSTANT", description = "When the message arrived, e.g. 2026-11-24T10:00:00Z; default now.")
    @Nullable String at;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--explain", description = "Add the trace: for every rule whether it matched and why not.")
    boolean explain;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Environment env = parent.root.env();
      Path dir = Workspaces.resolve(workspace, env, spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      Router router = Router.load(dir, ws);
      MessageAnalyzer analyzer = discoverAnalyzer();
      if (source.cases != null) {
        List<RoutingCases.Result> results = RoutingCases.run(router, ws, analyzer,
            RoutingCases.load(env.workingDir().resolve(source.cases)));
        out.print(RoutingCases.report(results));
        out.flush();
        return results.stream().allMatch(RoutingCases.Result::passed) ? Errors.OK : Errors.FAILURE;
      }
      if (source.input != null) {
        return jsonl(out, env.workingDir().resolve(source.input), ws, router, analyzer);
      }
      ChannelType ch;
      Instant when;
      try {
        ch = channel == null ? null : channel(channel, "--channel");
        when = at == null ? Instant.now() : instant(at, "--at");
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      RouteRequest request = new RouteRequest("1", source.message, ch, null, vip, language, when);
      RoutingDecision d = router.route(request.toInput(ws, analyzer), true);
      Assignment a = assign(router, ws, d, vip);
      if (json) {
        out.println(JSON.writeValueAsString(decision("1", d, a, explain)));
      } else {
        human(out, d, a);
      }
      out.flush();
      return Errors.OK;
    }

    private int jsonl(PrintWriter out, Path file, Workspace ws, Router router,
        @Nullable MessageAnalyzer analyzer) throws IOException {
      int bad = 0;
      int lineNo = 0;
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line; (line = r.readLine()) != null; ) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          String id = String.valueOf(lineNo);
          try {
            JsonNode n = JSON.readTree(line);
            if (n.hasNonNull("id")) {
              id = n.get("id").asText();
            }
            RouteRequest request = request(n, id, lineNo);
            RoutingDecision d = router.route(request.toInput(ws, analyzer), explain);
            Assignment a = assign(router, ws, d, request.vip());
            Map<String, Object> m = decision(id, d, a, explain);
            out.println(JSON.writeValueAsString(m));
          } catch (JsonProcessingException | IllegalArgumentException e) {
            bad++;
            String msg = e instanceof JsonProcessingException j
                ? "line " + lineNo + ": not JSON: " + j.getOriginalMessage() : e.getMessage();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("error", msg);
            out.println(JSON.writeValueAsString(m));
            spec.commandLine().getErr().println("error: " + msg);
          }
        }
      } catch (NoSuchFileException e) {
        throw new ParameterException(spec.commandLine(), "--input: file not found: " + file);
      }
      out.flush();
      return bad == 0 ? Errors.OK : Errors.FAILURE;
    }

    private RouteRequest request(JsonNode n, String id, int lineNo) {
      String text = n.path("text").asText("");
      if (!n.path("text").isTextual() || text.isBlank()) {
        throw new IllegalArgumentException("line " + lineNo + ": text: required, a non-empty string");
      }
      ChannelType ch = n.hasNonNull("channel") ? channel(n.get("channel").asText(), "line " + lineNo + ": channel") : null;
      JsonNode contact = n.path("contact");
      boolean isVip = contact.path("vip").asBoolean(false);
      String lang = contact.hasNonNull("language") ? contact.get("language").asText() : null;
      Instant when = n.hasNonNull("at") ? instant(n.get("at").asText(), "line " + lineNo + ": at") : Instant.now();
      String inbox = n.hasNonNull("inbox") ? n.get("inbox").asText() : null;
      return new RouteRequest(id, text, ch, inbox, isVip, lang, when);
    }

    private @Nullable MessageAnalyzer discoverAnalyzer() {
      List<MessageAnalyzer> found = new ArrayList<>();
      ServiceLoader.load(MessageAnalyzer.class).forEach(found::add);
      if (found.size() > 1) {
        throw new ConfigurationException("analyzer: several MessageAnalyzer implementations found ("
            + found.stream().map(a -> a.getClass().getName()).collect(Collectors.joining(", ")) + ")");
      }
      return found.isEmpty() ? null : found.get(0);
    }

    private static ChannelType channel(String value, String field) {
      for (ChannelType c : ChannelType.values()) {
        if (c.wire().equalsIgnoreCase(value)) {
          return c;
        }
      }
      throw new IllegalArgumentException(field + ": must be one of web, whatsapp, email, telegram, api, was '" + value + "'");
    }

    private static Instant instant(String value, String field) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(field + ": must be an instant such as 2026-11-24T10:00:00Z, was '" + value + "'");
      }
    }

    private void human(PrintWriter out, RoutingDecision d, Assignment a) {
      row(out, "team", d.team());
      row(out, "priority", d.priority().wire());
      row(out, "labels", String.join(", ", d.sortedLabels()));
      row(out, "assignee", a.agent() == null ? "- (" + a.reason() + ")" : a.agent() + " (" + a.reason() + ")");
      row(out, "aiAllowed", d.aiAllowed() + (d.aiAllowed() ? "" : " (" + String.join(", ", d.aiBlockedBy()) + ")"));
      row(out, "language", d.language());
      row(out, "sentiment", d.sentiment().wire());
      row(out, "category", d.category());
      row(out, "afterHours", String.valueOf(d.afterHours()));
      row(out, "matchedRules", String.join(", ", d.matchedRules()));
      if (d.reply() != null) {
        row(out, "reply", d.reply());
      }
      if (explain) {
        out.println("trace:");
        for (RuleTrace t : d.trace()) {
          out.println("  " + t);
        }
      }
    }

    private static void row(PrintWriter out, String name, @Nullable String value) {
      out.printf(Locale.ROOT, "%-13s %s%n", name + ":", value == null || value.isEmpty() ? "-" : value);
    }
  }

  static Assignment assign(Router router, Workspace ws, RoutingDecision d, boolean vip) {
    String how = d.assignTo() != null ? d.assignTo() : router.defaultAssign().orElse(null);
    return at.ozeanlicht.support.core.routing.Assigner.assign(
        new at.ozeanlicht.support.core.routing.Assigner.Request(d.team(), how, d.language(), vip, null, 0),
        ws.agents().stream().map(at.ozeanlicht.support.core.routing.Assigner.AgentState::idle).toList());
  }

  /** The JSON decision of the contract, field names exactly as documented. */
  static Map<String, Object> decision(String id, RoutingDecision d, Assignment a, boolean explain) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("team", d.team());
    m.put("priority", d.priority().wire());
    m.put("labels", d.sortedLabels());
    m.put("assignee", a.agent());
    m.put("aiAllowed", d.aiAllowed());
    m.put("language", d.language());
    m.put("sentiment", d.sentiment().wire());
    m.put("category", d.category());
    m.put("afterHours", d.afterHours());
    m.put("matchedRules", d.matchedRules());
    if (explain) {
      List<Map<String, Object>> trace = new ArrayList<>();
      for (RuleTrace t : d.trace()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("rule", t.rule());
        x.put("matched", t.matched());
        x.put("reason", t.reason());
        trace.add(x);
      }
      m.put("trace", trace);
    }
    return m;
  }
}
