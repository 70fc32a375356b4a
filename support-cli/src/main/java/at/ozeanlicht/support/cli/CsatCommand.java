package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.CsatPeriod;
import at.ozeanlicht.support.core.api.CsatSummary;
import at.ozeanlicht.support.core.api.FindCsat;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Wires;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support csat summary}. */
@Command(name = "csat", mixinStandardHelpOptions = true,
    description = "Customer satisfaction ratings.", subcommands = CsatCommand.Summary.class)
final class CsatCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @ParentCommand SupportCommand root;

  @Command(name = "summary", mixinStandardHelpOptions = true,
      description = "Average, share of 4-5 and count, overall and by agent, team, channel and period.")
  static final class Summary implements Callable<Integer> {
    @ParentCommand CsatCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE", required = true, description = "First day (UTC), e.g. 2026-10-01.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", required = true, description = "Last day (UTC), included.")
    String to;

    @Option(names = "--period", paramLabel = "P", defaultValue = "month",
        description = "Grouping over time: day, week or month (default month).")
    String period;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace (gives imported "
        + "ratings their channel and periods their time zone); else $SUPPORT_WORKSPACE, else the "
        + "current directory if it has a workspace.yaml, else none (imported ratings then count under channel 'unknown').")
    java.nio.file.@org.jspecify.annotations.Nullable Path workspace;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      LocalDate first = date(cl, "--from", from);
      LocalDate last = date(cl, "--to", to);
      if (last.isBefore(first)) {
        throw new ParameterException(cl, "--to: must not be before --from (" + first + "), was '" + to + "'");
      }
      CsatPeriod p;
      try {
        p = Wires.parse(CsatPeriod.class, "--period", period);
      } catch (ValidationException e) {
        throw new ParameterException(cl, e.problems().get(0).toString());
      }
      CsatSummary s;
      at.ozeanlicht.support.core.workspace.Workspace ws = null;
      if (workspace != null || parent.root.env().get("SUPPORT_WORKSPACE") != null
          || java.nio.file.Files.isRegularFile(parent.root.env().workingDir().resolve(Workspaces.FILE))) {
        ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), cl));
      }
      try (SupportEngine engine = parent.root.engine(ws)) {
        s = engine.csatSummary(new FindCsat(first.atStartOfDay().toInstant(ZoneOffset.UTC),
            last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), p));
      }
      PrintWriter out = cl.getOut();
      if (json) {
        ObjectNode n = JSON.createObjectNode();
        n.put("from", first.toString());
        n.put("to", last.toString());
        n.put("period", p.wire());
        figures(n.putObject("total"), s.total());
        groups(n.putArray("byAgent"), s.byAgent());
        groups(n.putArray("byTeam"), s.byTeam());
        groups(n.putArray("byChannel"), s.byChannel());
        groups(n.putArray("byPeriod"), s.byPeriod());
        out.println(JSON.writeValueAsString(n));
        return Errors.OK;
      }
      out.println("CSAT " + first + " to " + last + ": " + line(s.total()));
      section(out, "AGENT", s.byAgent());
      section(out, "TEAM", s.byTeam());
      section(out, "CHANNEL", s.byChannel());
      section(out, p.wire().toUpperCase(Locale.ROOT), s.byPeriod());
      return Errors.OK;
    }
  }

  static LocalDate date(CommandLine cl, String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ParameterException(cl, option + ": must be a date like 2026-10-01, was '" + value + "'");
    }
  }

  private static String line(CsatSummary.Figures f) {
    return f.count() == 0 ? "no ratings" : String.format(Locale.ROOT,
        "%d ratings, average %.2f, %.0f%% satisfied (4-5)", f.count(), f.average(), f.satisfied() * 100);
  }

  private static void section(PrintWriter out, String title, List<CsatSummary.Group> groups) {
    if (groups.isEmpty()) {
      return;
    }
    out.println();
    List<String[]> rows = new ArrayList<>();
    for (CsatSummary.Group g : groups) {
      rows.add(new String[] {g.key() == null ? "-" : g.key(), String.valueOf(g.figures().count()),
          String.format(Locale.ROOT, "%.2f", g.figures().average()),
          String.format(Locale.ROOT, "%.0f%%", g.figures().satisfied() * 100)});
    }
    Table.print(out, new String[] {title, "COUNT", "AVERAGE", "SATISFIED"}, rows);
  }

  private static void figures(ObjectNode n, CsatSummary.Figures f) {
    n.put("count", f.count());
    n.put("average", f.average());
    n.put("satisfied", f.satisfied());
  }

  private static void groups(ArrayNode a, List<CsatSummary.Group> groups) {
    for (CsatSummary.Group g : groups) {
      ObjectNode n = a.addObject();
      n.put("key", g.key());
      figures(n, g.figures());
    }
  }
}
