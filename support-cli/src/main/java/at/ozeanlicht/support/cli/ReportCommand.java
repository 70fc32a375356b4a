package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.reports.Report;
import at.ozeanlicht.support.core.reports.ReportFormat;
import at.ozeanlicht.support.core.reports.ReportPeriod;
import at.ozeanlicht.support.core.reports.Reports;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support report weekly|monthly}: the reports CI jobs publish. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Weekly and monthly support reports (JSON, Markdown, HTML or CSV).",
    subcommands = {ReportCommand.Weekly.class, ReportCommand.Monthly.class})
final class ReportCommand {
  @ParentCommand SupportCommand root;

  /** Options and work both reports share; subclasses parse their period. */
  abstract static class Common implements Callable<Integer> {
    @ParentCommand ReportCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "Time zone the period's days are counted in, e.g. Europe/Vienna; default the workspace's.")
    @Nullable String zone;

    @Option(names = "--format", paramLabel = "F", defaultValue = "json",
        description = "json, md, html or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    @Nullable Path out;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace (inbox channels, "
        + "business calendars, zone); else $SUPPORT_WORKSPACE, else the current directory if it has a "
        + "workspace.yaml, else none (conversations then count under channel 'unknown', business hours as 24/7).")
    @Nullable Path workspace;

    /** The period from the subcommand's option; throws ValidationException naming the option. */
    abstract ReportPeriod period();

    @Override
    public Integer call() throws IOException {
      CommandLine cl = spec.commandLine();
      SupportCommand root = parent.root;
      ReportPeriod period;
      try {
        period = period();
      } catch (ValidationException e) {
        throw new ParameterException(cl, e.problems().get(0).toString());
      }
      ReportFormat f;
      try {
        f = Wires.parse(ReportFormat.class, "--format", format);
      } catch (ValidationException e) {
        throw new ParameterException(cl, e.problems().get(0).toString());
      }
      ZoneId z = null;
      if (zone != null) {
        try {
          z = ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
          throw new ParameterException(cl, "--zone: must be a time zone like Europe/Vienna, was '" + zone + "'");
        }
      }
      Workspace ws = null;
      if (workspace != null || root.env().get("SUPPORT_WORKSPACE") != null
          || Files.isRegularFile(root.env().workingDir().resolve(Workspaces.FILE))) {
        ws = Workspaces.load(Workspaces.resolve(workspace, root.env(), cl));
      }
      Report report;
      try (SupportEngine engine = root.engine(ws)) {
        Reports reports = engine.reports();
        report = reports.report(period, z != null ? z : reports.defaultZone());
      }
      String text = f.render(report);
      if (out == null) {
        PrintWriter w = cl.getOut();
        w.print(text);
        w.flush();
      } else {
        write(out, text);
      }
      return Errors.OK;
    }
  }

  /** Writes the text to the file atomically (a temporary file beside it, then a rename). */
  static void write(Path file, String text) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), ".report", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Command(name = "weekly", mixinStandardHelpOptions = true,
      description = "The report of one ISO week: conversations created Monday to Sunday (local time).")
  static final class Weekly extends Common {
    @Option(names = "--week", paramLabel = "YYYY-Www", required = true, description = "ISO week, e.g. 2026-W47.")
    String week;

    @Override
    ReportPeriod period() {
      return ReportPeriod.week("--week", week);
    }
  }

  @Command(name = "monthly", mixinStandardHelpOptions = true,
      description = "The report of one calendar month (local time).")
  static final class Monthly extends Common {
    @Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "Month, e.g. 2026-11.")
    String month;

    @Override
    ReportPeriod period() {
      return ReportPeriod.month("--month", month);
    }
  }
}
