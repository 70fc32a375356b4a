package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SlaClockView;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaDurations;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support sla deadline} and {@code support sla status}. */
@Command(name = "sla", mixinStandardHelpOptions = true,
    description = "Business hours and SLA clocks.",
    subcommands = {SlaCommand.Deadline.class, SlaCommand.Status.class})
final class SlaCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  @ParentCommand SupportCommand root;

  @Command(name = "deadline", mixinStandardHelpOptions = true,
      description = {
        "The earliest instant at which the business time since --from equals the target.",
        "Either a calendar from --zone, --hours and --holidays with --target,",
        "or a workspace's policy with --workspace, --priority and --metric."})
  static final class Deadline implements Callable<Integer> {
    @ParentCommand SlaCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone, e.g. Europe/Vienna.")
    @Nullable String zone;

    @Option(names = "--hours", paramLabel = "SPEC",
        description = "Weekly hours, e.g. 'mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00' or 24/7.")
    @Nullable String hours;

    @Option(names = "--holidays", paramLabel = "DATES", split = ",",
        description = "Closed dates, e.g. 2026-12-24,2026-12-25.")
    List<String> holidays = new ArrayList<>();

    @Option(names = "--target", paramLabel = "DURATION",
        description = "Business time allowed: ISO-8601 (PT4H, PT1H30M) or 15m, 4h, 1h30m.")
    @Nullable String target;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory with sla.yaml.")
    @Nullable Path workspace;

    @Option(names = "--priority", paramLabel = "P", description = "critical, high, normal or low.")
    @Nullable String priority;

    @Option(names = "--metric", paramLabel = "M",
        description = "first-response, next-response or resolution.")
    @Nullable String metric;

    @Option(names = "--from", paramLabel = "INSTANT", required = true,
        description = "Start, ISO-8601, e.g. 2026-11-27T16:00:00Z.")
    String from;

    @Option(names = "--json", description = "Print {\"deadline\": \"<instant>\"}.")
    boolean json;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      Instant start = instant(cl, "--from", from);
      boolean calendarMode = zone != null || hours != null || !holidays.isEmpty() || target != null;
      boolean workspaceMode = workspace != null || priority != null || metric != null;
      if (calendarMode == workspaceMode) {
        throw new ParameterException(cl, "--zone/--workspace: give either --zone, --hours and --target"
            + " (with optional --holidays), or --workspace, --priority and --metric");
      }
      Instant deadline = calendarMode ? fromCalendar(cl, start) : fromWorkspace(cl, start);
      PrintWriter out = cl.getOut();
      if (json) {
        out.println("{\"deadline\": \"" + deadline + "\"}");
      } else {
        out.println(deadline);
      }
      return Errors.OK;
    }

    private Instant fromCalendar(CommandLine cl, Instant start) {
      ZoneId z = zone(cl, required(cl, "--zone", zone));
      BusinessHours h;
      try {
        h = BusinessHours.parse(required(cl, "--hours", hours));
      } catch (ValidationException e) {
        throw new ParameterException(cl, "--hours: " + e.problems().get(0).message());
      }
      BusinessCalendar.Builder b = BusinessCalendar.builder(z).hours(h);
      for (String d : holidays) {
        try {
          b.holiday(LocalDate.parse(d.strip()));
        } catch (DateTimeException e) {
          throw new ParameterException(cl, "--holidays: must be dates such as 2026-12-24, was '" + d + "'");
        }
      }
      Duration t = duration(cl, "--target", required(cl, "--target", target));
      return b.build().deadline(start, t);
    }

    private Instant fromWorkspace(CommandLine cl, Instant start) {
      Path dir = parent.root.env().workingDir().resolve(required(cl, "--workspace", workspace == null
          ? null : workspace.toString()));
      Priority p = wire(cl, Priority.class, "--priority", required(cl, "--priority", priority));
      SlaMetric m = wire(cl, SlaMetric.class, "--metric", required(cl, "--metric", metric));
      SlaConfig sla = Workspaces.load(dir).sla();
      SlaPolicy policy = sla.policy(p).orElseThrow(() -> new ParameterException(cl,
          "--priority: the workspace has no SLA policy for priority '" + p.wire() + "'"));
      Duration t = policy.target(m).orElseThrow(() -> new ParameterException(cl,
          "--metric: policy '" + policy.id() + "' sets no " + m.wire() + " target"));
      return sla.calendar(sla.clockCalendarId(policy, null)).deadline(start, t);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Open SLA clocks with due time, remaining business time, warned and breached.")
  static final class Status implements Callable<Integer> {
    @ParentCommand SlaCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--at", paramLabel = "INSTANT",
        description = "Compute remaining business time at this instant (default: now).")
    @Nullable String at;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace whose calendars the clocks count in; else $SUPPORT_WORKSPACE or the"
            + " current directory if it holds a workspace.yaml.")
    @Nullable Path workspace;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "At most N clocks, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      if (limit < 1 || limit > 10_000) {
        throw new ParameterException(cl, "--limit: must be between 1 and 10000, was " + limit);
      }
      Instant when = at == null ? Instant.now() : instant(cl, "--at", at);
      Workspace ws = null;
      try {
        ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), cl));
      } catch (ParameterException noWorkspace) {
        if (workspace != null) {
          throw noWorkspace;
        }
      }
      List<SlaClockView> clocks;
      try (SupportEngine engine = parent.root.engine(ws)) {
        clocks = engine.slaClocks(when, limit);
      }
      PrintWriter out = cl.getOut();
      if (json) {
        ArrayNode array = JSON.createArrayNode();
        for (SlaClockView v : clocks) {
          SlaClock k = v.clock();
          ObjectNode n = array.addObject();
          n.put("conversation", v.conversationNumber());
          n.put("conversationId", k.conversationId().toString());
          n.put("metric", k.metric().wire());
          n.put("policy", k.policy());
          n.put("calendar", k.calendar());
          n.put("state", k.isPaused() ? "paused" : "running");
          n.put("dueAt", k.isPaused() ? null : k.dueAt().toString());
          n.put("remaining", v.remaining() == null ? null : v.remaining().toString());
          n.put("warnedAt", k.warnedAt() == null ? null : k.warnedAt().toString());
          n.put("breachedAt", k.breachedAt() == null ? null : k.breachedAt().toString());
        }
        try {
          out.println(JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot write JSON", e);
        }
        return Errors.OK;
      }
      List<String[]> rows = new ArrayList<>();
      for (SlaClockView v : clocks) {
        SlaClock k = v.clock();
        ZoneId z = ws == null ? ZoneId.of("UTC") : ws.sla().calendar(k.calendar()).zone();
        rows.add(new String[] {"#" + v.conversationNumber(), k.metric().wire(), k.policy(),
            k.isPaused() ? "paused" : LOCAL.format(k.dueAt().atZone(z)) + " " + z.getId(),
            v.remaining() == null ? "?" : remaining(v.remaining()),
            k.warnedAt() == null ? "no" : "yes", k.breachedAt() == null ? "no" : "yes"});
      }
      if (rows.isEmpty()) {
        out.println("no open SLA clocks");
      } else {
        Table.print(out, new String[] {"CONVERSATION", "METRIC", "POLICY", "DUE", "REMAINING",
            "WARNED", "BREACHED"}, rows);
      }
      return Errors.OK;
    }
  }

  static String remaining(Duration d) {
    return d.isNegative() ? "-" + SlaDurations.format(d.negated()) : SlaDurations.format(d);
  }

  private static String required(CommandLine cl, String option, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new ParameterException(cl, option + ": required in this form of the command");
    }
    return value;
  }

  static Instant instant(CommandLine cl, String option, String value) {
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(value.strip()).toInstant();
      } catch (DateTimeException e2) {
        throw new ParameterException(cl, option + ": must be an ISO-8601 instant such as"
            + " 2026-11-27T16:00:00Z, was '" + value + "'");
      }
    }
  }

  private static ZoneId zone(CommandLine cl, String value) {
    try {
      return ZoneId.of(value.strip());
    } catch (DateTimeException e) {
      throw new ParameterException(cl, "--zone: must be a time zone id such as Europe/Vienna, was '"
          + value + "'");
    }
  }

  private static Duration duration(CommandLine cl, String option, String value) {
    try {
      return SlaDurations.parse(option, value);
    } catch (ValidationException e) {
      throw new ParameterException(cl, option + ": " + e.problems().get(0).message());
    }
  }

  private static <E extends Enum<E> & at.ozeanlicht.support.core.domain.Wire> E wire(
      CommandLine cl, Class<E> type, String option, String value) {
    try {
      return Wires.parse(type, option, value);
    } catch (ValidationException e) {
      throw new ParameterException(cl, option + ": " + e.problems().get(0).message());
    }
  }

}
