package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase;
import at.ozeanlicht.support.core.api.ConversationPage;
import at.ozeanlicht.support.core.api.ConversationSummaryView;
import at.ozeanlicht.support.core.api.CsatSettings;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.FirstResponsePolicy;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.reports.Report;
import at.ozeanlicht.support.core.reports.ReportFormat;
import at.ozeanlicht.support.core.reports.ReportPeriod;
import at.ozeanlicht.support.core.reports.Reports;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code support demo}: the reference workspace, a few weeks of history imported, then one
 * realistic day replayed through the real channel adapters, routing, the AI first response, SLA
 * clocks and the team's work (see {@link DemoDay}); then the inbox. A second run continues with
 * the next working day; {@code --reset} empties the database first.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Load the bundled Ozean Licht workspace, import a few weeks of history and replay a day:",
      "customers write over WhatsApp, web chat, e-mail and Telegram, routing and the AI first",
      "response react, SLA clocks run, the team answers, hands over, resolves and collects CSAT.",
      "Uses the embedded PostgreSQL under the home directory unless --db is given. Run again to",
      "continue with the next working day, or with --reset to start clean."
    })
final class DemoCommand implements Callable<Integer> {
  static final String CONVERSATIONS = "/demo/conversations.jsonl";
  private static final String HISTORY = "support_schema_history";

  @ParentCommand SupportCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--reset",
      description = "Empty the database's support data (conversations, contacts, messages, CSAT, "
          + "outbox) before the demo; the schema stays.")
  boolean reset;

  @Override
  public Integer call() throws SQLException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Workspaces.extractBundled(root.home().resolve("demo").resolve("workspace"));
    Workspace ws = Workspaces.load(dir);
    try (Database db = root.database()) {
      db.migrate();
      if (reset) {
        wipe(db.dataSource());
        out.println("demo: reset; the database starts clean");
      }
      DemoDay.DemoClock clock = new DemoDay.DemoClock(start(DemoDay.FIRST_DAY));
      DemoChannels channels = new DemoChannels(clock);
      List<DomainEvent> events = new CopyOnWriteArrayList<>();
      SupportEngine.Builder b = SupportEngine.builder().discoverAdapters()
          .dataSource(db.dataSource())
          .encryption(at.ozeanlicht.support.core.crypto.FieldCipher.fromEnvironment(root.env().variables()))
          .workspace(ws)
          .clock(clock)
          .csat(csatSettings())
          .listener(events::add);
      AiWiring.apply(b, dir, ws); // routing, knowledge base, first response from ai.yaml
      channels.configure(b);
      try (SupportEngine engine = b.build()) {
        StringWriter summary = new StringWriter();
        int code = ImportCommand.run(engine, DemoCommand::conversations, false, root.env(),
            new PrintWriter(summary, true), err);
        if (code != Errors.OK) {
          return code;
        }
        String history = summary.toString().strip();
        out.println("demo: history: " + history.substring(history.lastIndexOf('\n') + 1)); // the summary line
        LocalDate day = DemoDay.next(lastDay(engine));
        clock.set(start(day));
        new DemoDay(engine, clock, channels, events, day, out).run(progress());

        // The unified inbox (#9), as `support inbox` prints it, and the week's report (#8).
        out.println();
        out.println("== Inbox");
        InboxCommands.print(out, engine.inbox().page(Actor.system(), InboxQuery.builder().limit(100).build()).rows(),
            false);
        out.println();
        writeReports(engine, day, out);
        out.println();
        ConversationPage page = engine.conversations(FindConversations.all().withLimit(1000));
        out.println(summary(ws, page, day));
        // ---- end of the lead's place
      }
    }
    return Errors.OK;
  }

  /** The weekly report of the demo day's week as HTML and Markdown under $SUPPORT_HOME/reports/. */
  private void writeReports(SupportEngine engine, LocalDate day, PrintWriter out) throws IOException {
    Reports reports = engine.reports();
    ReportPeriod week = ReportPeriod.week(day);
    Report report = reports.report(week, reports.defaultZone());
    Path dir = Files.createDirectories(root.home().resolve("reports"));
    for (ReportFormat f : List.of(ReportFormat.HTML, ReportFormat.MD)) {
      Path file = dir.resolve("weekly-" + week.label() + "." + f.wire());
      ReportCommand.write(file, f.render(report));
      out.println("demo: weekly report " + week.label() + " (" + f.wire() + "): " + file.toAbsolutePath());
    }
  }

  private static Instant start(LocalDate day) {
    return day.atTime(LocalTime.of(6, 0)).atZone(DemoDay.VIENNA).toInstant();
  }

  /** The last replayed day, from the newest activity in the database; null before the first. */
  private static @Nullable LocalDate lastDay(SupportEngine engine) {
    Instant newest = null;
    for (ConversationSummaryView s : engine.conversations(FindConversations.all().withLimit(1000)).items()) {
      Instant t = s.conversation().lastActivityAt();
      if (newest == null || t.isAfter(newest)) {
        newest = t;
      }
    }
    if (newest == null || newest.isBefore(start(DemoDay.FIRST_DAY))) {
      return null;
    }
    return newest.atZone(DemoDay.VIENNA).toLocalDate();
  }

  private CsatSettings csatSettings() {
    CsatSettings fromEnv = root.csatSettings();
    if (fromEnv != null) {
      return fromEnv;
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return CsatSettings.of(HexFormat.of().formatHex(secret), URI.create("https://ozean-licht.example/zufriedenheit"));
  }

  private @Nullable ProgressBarBuilder progress() {
    if (!root.env().interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
        .setUnit(" steps", 1);
  }

  private static String summary(Workspace ws, ConversationPage page, LocalDate day) {
    Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
    for (ConversationSummaryView s : page.items()) {
      byStatus.merge(s.conversation().status(), 1, Integer::sum);
    }
    return "demo: workspace " + ws.name() + " ("
        + WorkspaceCommand.count(ws.inboxes().size(), "inbox", "inboxes") + ", "
        + WorkspaceCommand.count(ws.teams().size(), "team", "teams") + ", "
        + WorkspaceCommand.count(ws.agents().size(), "agent", "agents") + "), day " + day + ", "
        + page.items().size() + (page.nextCursor() == null ? "" : "+") + " conversations ("
        + byStatus.getOrDefault(Status.OPEN, 0) + " open, "
        + byStatus.getOrDefault(Status.PENDING, 0) + " pending, "
        + byStatus.getOrDefault(Status.RESOLVED, 0) + " resolved)"
        + (page.items().isEmpty() ? "" : "; next: support conversation show "
            + page.items().get(0).conversation().number() + ", or support demo to continue");
  }

  /** Empties every table of the current schema except Flyway's history, in one statement. */
  private static void wipe(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      String tables;
      try (ResultSet rs = s.executeQuery("select string_agg(format('%I', tablename), ', ') from pg_tables "
          + "where schemaname = current_schema() and tablename <> '" + HISTORY + "'")) {
        rs.next();
        tables = rs.getString(1);
      }
      if (tables != null) {
        s.execute("truncate table " + tables + " restart identity cascade");
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  private static InputStream conversations() {
    InputStream in = DemoCommand.class.getResourceAsStream(CONVERSATIONS);
    if (in == null) {
      throw new IllegalStateException("demo: the bundled conversations are missing from the tool");
    }
    return in;
  }
}
