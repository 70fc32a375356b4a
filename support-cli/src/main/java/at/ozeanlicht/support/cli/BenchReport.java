package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.imports.BulkImport;
import at.ozeanlicht.support.core.imports.SearchBackfill;
import at.ozeanlicht.support.core.reports.Report;
import at.ozeanlicht.support.core.reports.ReportFormat;
import at.ozeanlicht.support.core.reports.ReportPeriod;
import at.ozeanlicht.support.core.reports.Reports;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code support bench report}: generates a synthetic history of N conversations (about ten
 * messages each) spread over a number of weeks, loads it with the COPY bulk path, then times the
 * weekly JSON report of the last full week. The search backfill the import defers is timed and
 * printed separately. Runs on a fresh embedded PostgreSQL in a temporary
 * directory (deleted afterwards) unless {@code --db} is given.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Generate N conversations, bulk-import them (COPY) and time the weekly JSON report. "
        + "Uses a fresh embedded PostgreSQL in a temporary directory unless --db is given.")
final class BenchReport implements Callable<Integer> {
  /** The generated history ends on Sunday 29 Nov 2026 (local), so the report week is 2026-W48. */
  static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 29);

  @ParentCommand BenchCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--conversations", paramLabel = "N", required = true, description = "How many conversations.")
  int conversations;

  @Option(names = "--weeks", paramLabel = "W", defaultValue = "52",
      description = "Weeks the history spans (default ${DEFAULT-VALUE}); the report covers the last one.")
  int weeks;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "2000",
      description = "Conversations per COPY transaction (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
      description = "Writer threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--skip-import",
      description = "Reuse the history an earlier run left in --db (same --weeks and workspace): "
          + "no generation, no import, no vacuum; time only the report runs.")
  boolean skipImport;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory.")
  @Nullable Path workspace;

  @Override
  public Integer call() throws Exception {
    if (conversations < 1 || weeks < 1 || batch < 1 || threads < 1) {
      throw new ParameterException(spec.commandLine(),
          "--conversations, --weeks, --batch and --threads: must be at least 1");
    }
    if (skipImport && parent.root.dbUrl() == null) {
      throw new ParameterException(spec.commandLine(),
          "--skip-import: needs --db (a fresh embedded database has nothing to reuse)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Workspace ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), spec.commandLine()));
    ZoneId zone = ws.defaults().zone();
    Path temp = null;
    Database db;
    if (parent.root.dbUrl() == null) {
      temp = Files.createTempDirectory("support-bench");
      // The embedded server tuned for loading a large history (see Database.BULK_LOAD_SETTINGS).
      db = Database.embedded(temp, 10, Database.BULK_LOAD_SETTINGS);
    } else {
      db = parent.root.database();
    }
    try (db) {
      db.migrate();
      if (!skipImport) {
        importHistory(db, ws, zone, out);
      }
      Reports reports = Reports.of(db.dataSource(), ws);
      ReportPeriod week = ReportPeriod.week(LAST_DAY);
      for (String run : List.of("first", "second")) {
        long r0 = System.nanoTime();
        Report report = reports.report(week, zone);
        String json = ReportFormat.JSON.render(report);
        out.printf(Locale.ROOT, "weekly report %s (%s run): %,d conversations in the week, %.2f s, %,d bytes of JSON%n",
            week.label(), run, report.conversations().total(), (System.nanoTime() - r0) / 1e9, json.length());
        out.flush();
      }
    } finally {
      if (temp != null) {
        try (Stream<Path> files = Files.walk(temp)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // best effort: a temporary directory
        }
      }
    }
    return Errors.OK;
  }

  private void importHistory(Database db, Workspace ws, ZoneId zone, PrintWriter out) throws Exception {
    Generator gen = new Generator(ws, zone, weeks);
    AtomicLong messages = new AtomicLong();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int from = 0; from < conversations; from += batch) {
        int start = from;
        int end = Math.min(conversations, from + batch);
        running.add(pool.submit(() -> {
          List<ImportConversation> list = new ArrayList<>(end - start);
          for (int i = start; i < end; i++) {
            list.add(gen.conversation(i));
          }
          messages.addAndGet(BulkImport.of(db.dataSource(), start).write(list));
          return null;
        }));
        // Keep at most two batches per thread in flight: memory stays flat for any N.
        while (running.size() > 2 * threads) {
          running.remove(0).get();
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    } finally {
      pool.shutdownNow();
    }
    double importSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "import: %,d conversations, %,d messages in %.1f s (%,.0f messages/s, %,.0f conversations/s)%n",
        conversations, messages.get(), importSeconds, messages.get() / importSeconds, conversations / importSeconds);
    out.flush();
    backfill(db, out);
    long a0 = System.nanoTime();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("vacuum analyze");
    }
    out.printf(Locale.ROOT, "vacuum analyze: %.1f s%n", (System.nanoTime() - a0) / 1e9);
  }

  /**
   * The search vectors the import deferred (see SearchBackfill), timed apart from the import: the
   * history is searchable once this is done, so it is part of the honest cost of an import.
   */
  private void backfill(Database db, PrintWriter out) throws Exception {
    SearchBackfill backfill = SearchBackfill.of(db.dataSource());
    long b0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long filled = 0;
    try {
      List<Future<Long>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(() -> backfill.run(5_000, Long.MAX_VALUE)));
      }
      for (Future<Long> f : running) {
        filled += f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - b0) / 1e9;
    out.printf(Locale.ROOT, "search backfill: %,d messages in %.1f s (%,.0f messages/s); %,d pending%n",
        filled, seconds, filled / seconds, backfill.pending());
    out.flush();
  }

  /** Deterministic conversations: conversation i depends only on i and the workspace. */
  static final class Generator {
    private final List<Inbox> inboxes;
    private final List<String> agents;
    private final List<String> teams;
    private final List<String> labels;
    private final Instant start;
    private final long span;

    Generator(Workspace ws, ZoneId zone, int weeks) {
      inboxes = ws.inboxes();
      agents = ws.agents().stream().map(Agent::id).toList();
      teams = ws.teams().stream().map(Team::id).toList();
      labels = ws.labels().stream().map(Label::name).toList();
      Instant end = LAST_DAY.plusDays(1).atStartOfDay(zone).toInstant();
      start = LAST_DAY.plusDays(1).minusWeeks(weeks).atStartOfDay(zone).toInstant();
      span = end.getEpochSecond() - start.getEpochSecond();
    }

    ImportConversation conversation(int i) {
      SplittableRandom rnd = new SplittableRandom(0x5eedL * 31 + i);
      Inbox inbox = inboxes.get(rnd.nextInt(inboxes.size()));
      Instant t = start.plusSeconds(rnd.nextLong(span - 3 * 86_400L));
      Instant created = t;
      String id = "bench-" + i;
      List<ImportConversation.ImportMessage> ms = new ArrayList<>(12);
      boolean bot = rnd.nextInt(8) == 0;
      int rounds = bot ? 2 : 3 + rnd.nextInt(3);
      String agent = agents.isEmpty() ? null : agents.get(rnd.nextInt(agents.size()));
      int n = 0;
      for (int r = 0; r < rounds && n < 11; r++) {
        ms.add(message(id, n++, MessageKind.INCOMING, new Sender(SenderType.CONTACT, "c"), t));
        if (!bot && rnd.nextInt(4) == 0) {
          ms.add(message(id, n++, MessageKind.NOTE, Sender.agent(agent), t = t.plusSeconds(30 + rnd.nextInt(600))));
        }
        if (bot || agent == null) {
          ms.add(message(id, n++, MessageKind.OUTGOING, Sender.bot(), t = t.plusSeconds(3)));
        } else {
          ms.add(message(id, n++, MessageKind.OUTGOING, Sender.agent(agent),
              t = t.plusSeconds(60 + rnd.nextInt(rnd.nextInt(5) == 0 ? 86_400 : 7_200))));
        }
        t = t.plusSeconds(60 + rnd.nextInt(3_600));
      }
      boolean resolved = rnd.nextInt(5) > 0;
      Instant resolvedAt = resolved ? t.plusSeconds(rnd.nextInt(3_600)) : null;
      Set<String> ls = new LinkedHashSet<>();
      if (!labels.isEmpty()) {
        for (int k = rnd.nextInt(3); k > 0; k--) {
          ls.add(labels.get(rnd.nextInt(labels.size())));
        }
      }
      CsatView csat = resolved && rnd.nextInt(3) == 0
          ? new CsatView(1 + rnd.nextInt(5), null, resolvedAt.plusSeconds(rnd.nextInt(86_400))) : null;
      return new ImportConversation(id, inbox.id(), inbox.channel(),
          new ImportConversation.Contact("bench-contact-" + i, null, null, "de", false),
          bot ? null : agent, teams.isEmpty() ? null : teams.get(rnd.nextInt(teams.size())),
          resolved ? Status.RESOLVED : Status.OPEN, Priority.values()[rnd.nextInt(4)], ls, created,
          resolvedAt, csat, ms);
    }

    private static ImportConversation.ImportMessage message(String id, int n, MessageKind kind, Sender s, Instant at) {
      return new ImportConversation.ImportMessage(id + "-" + n, kind, s, "Nachricht " + n + " zu " + id, at);
    }
  }
}
