package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxSort;
import at.ozeanlicht.support.core.inbox.UnifiedInbox;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code support bench inbox}: fills a scratch embedded PostgreSQL with N support conversations
 * (one customer message each, a note on every fifth) by {@code insert … select … from
 * generate_series}, then times filtered inbox pages and full-text searches through the public
 * inbox API and prints p50/p95/p99.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true,
    description = "Time filtered inbox pages and full-text search over N generated conversations "
        + "in a scratch embedded PostgreSQL (deleted afterwards).")
final class InboxBench implements Callable<Integer> {
  private static final String[] TEXTS = {
    "Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?",
    "Meine Zahlung per Kreditkarte wurde abgelehnt, bitte um Hilfe",
    "Die Überweisung für den Kurs ist noch nicht angekommen",
    "Bei der Meditation spüre ich ein starkes Kribbeln, ist das normal?",
    "Das Video zur Morgenmeditation lädt nicht",
    "I would like a refund for the course, it was not what I expected",
    "Wann beginnt der nächste Kurs für Kinder?",
    "My password reset link does not arrive",
  };
  private static final String[] SEARCHES = {
    "zahlung", "uberweisung", "meditation video", "refund", "passwort OR password", "kurs kinder",
    "einloggen", "kreditkarte abgelehnt",
  };

  @ParentCommand BenchCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--conversations", paramLabel = "N", defaultValue = "1000000",
      description = "Conversations to generate, 1000 to 5000000 (default ${DEFAULT-VALUE}).")
  int conversations;

  @Option(names = "--iterations", paramLabel = "N", defaultValue = "200",
      description = "Timed runs per query shape after warm-up (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
      + "$SUPPORT_WORKSPACE, else the current directory, else the bundled demo workspace.")
  @Nullable Path workspace;

  @Override
  public Integer call() throws Exception {
    if (conversations < 1000 || conversations > 5_000_000) {
      throw new ParameterException(spec.commandLine(),
          "--conversations: must be between 1000 and 5000000, was " + conversations);
    }
    if (iterations < 10 || iterations > 100_000) {
      throw new ParameterException(spec.commandLine(), "--iterations: must be between 10 and 100000, was " + iterations);
    }
    PrintWriter out = spec.commandLine().getOut();
    Workspace ws = workspace(out);
    Path scratch = Files.createTempDirectory("support-bench-inbox");
    try (Database db = Database.embedded(scratch)) {
      db.migrate();
      long t0 = System.nanoTime();
      generate(db, ws);
      out.printf(Locale.ROOT, "generated %,d conversations in %.1f s%n", conversations, (System.nanoTime() - t0) / 1e9);
      out.flush();
      try (SupportEngine engine = SupportEngine.builder().store(db.conversationStore()).workspace(ws).build()) {
        measure(out, engine.inbox(), ws);
      }
    } finally {
      Workspaces.deleteTree(scratch);
    }
    return Errors.OK;
  }

  private Workspace workspace(PrintWriter out) throws IOException {
    try {
      return Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), spec.commandLine()));
    } catch (ParameterException e) {
      if (workspace != null) {
        throw e;
      }
      Path demo = Files.createTempDirectory("support-bench-ws");
      Workspaces.extractBundled(demo);
      out.println("using the bundled demo workspace");
      return Workspaces.load(demo);
    }
  }

  private void generate(Database db, Workspace ws) throws SQLException {
    String[] inboxes = ws.inboxes().stream().map(i -> i.id()).toArray(String[]::new);
    String[] teams = ws.teams().stream().map(Team::id).toArray(String[]::new);
    String[] agents = ws.agents().stream().map(Agent::id).toArray(String[]::new);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        // Bulk load: the inbox columns (V26: kept by the store's writes) are set directly.
        st.execute("set local synchronous_commit = off");
      }
      exec(c, "insert into contacts (id, name, email, created_at)"
          + " select md5('c' || g)::uuid, 'Kunde ' || g, 'kunde' || g || '@example.org',"
          + " now() - g * interval '1 minute' from generate_series(1, ?) g", conversations);
      String sql = "insert into conversations (id, number, kind, inbox, contact_id, status, priority,"
          + " labels, team, assignee, created_at, last_activity_at, version, waiting_since, sla_due_at,"
          + " last_message_seq)"
          + " select md5('v' || g)::uuid, 1000000 + g, 'support', (?::text[])[1 + g % ?],"
          + " md5('c' || g)::uuid, (array['open', 'pending', 'resolved', 'resolved'])[1 + (g / 7) % 4],"
          + " (array['normal', 'normal', 'high', 'low', 'critical'])[1 + g % 5],"
          + " case when g % 10 = 0 then array['billing'] when g % 10 = 1 then array['bug'] else '{}' end,"
          + " (?::text[])[1 + (g / 3) % ?],"
          + " case when g % 3 = 0 then null else (?::text[])[1 + g % ?] end,"
          + " now() - g * interval '1 minute', now() - g * interval '30 second', 0,"
          + " case when g % 2 = 0 then now() - g * interval '30 second' end,"
          + " case when (g / 7) % 4 = 0 then now() + ((g % 600) - 120) * interval '1 minute' end, g"
          + " from generate_series(1, ?) g";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("text", inboxes));
        ps.setInt(2, inboxes.length);
        ps.setArray(3, c.createArrayOf("text", teams));
        ps.setInt(4, teams.length);
        ps.setArray(5, c.createArrayOf("text", agents));
        ps.setInt(6, agents.length);
        ps.setInt(7, conversations);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("insert into messages (id, conversation_id, inbox,"
          + " kind, sender_type, sender_id, body, content_type, created_at)"
          + " select md5('m' || g)::uuid, md5('v' || g)::uuid, (?::text[])[1 + g % ?], 'incoming', 'contact',"
          + " null, (?::text[])[1 + g % ?] || ' (Ref ' || g || 'x)', 'text', now() - g * interval '30 second'"
          + " from generate_series(1, ?) g")) {
        ps.setArray(1, c.createArrayOf("text", inboxes));
        ps.setInt(2, inboxes.length);
        ps.setArray(3, c.createArrayOf("text", TEXTS));
        ps.setInt(4, TEXTS.length);
        ps.setInt(5, conversations);
        ps.executeUpdate();
      }
      exec(c, "insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body,"
          + " content_type, created_at) select md5('n' || g)::uuid, md5('v' || g)::uuid, 'x', 'note',"
          + " 'agent', 'thomas', 'intern: Stripe und Zahlung prüfen ' || g, 'text', now()"
          + " from generate_series(5, ?, 5) g", conversations);
      c.commit();
      try (Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        st.execute("vacuum analyze conversations");
        st.execute("vacuum analyze messages");
        st.execute("vacuum analyze contacts");
      }
    }
  }

  private static void exec(Connection c, String sql, int n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, n);
      ps.executeUpdate();
    }
  }

  private void measure(PrintWriter out, UnifiedInbox inbox, Workspace ws) {
    Random random = new Random(42);
    List<String> teams = ws.teams().stream().map(Team::id).toList();
    Agent agent = ws.agents().get(0);
    Actor me = Actor.of(agent);
    ChannelType channel = ws.inboxes().get(0).channel();
    List<Supplier<InboxQuery>> shapes = List.of(
        () -> InboxQuery.builder().status(Status.OPEN).team(teams.get(random.nextInt(teams.size()))).build(),
        () -> InboxQuery.builder().assignee(InboxQuery.ME).status(Status.OPEN).status(Status.PENDING).build(),
        () -> InboxQuery.builder().assignee(InboxQuery.NONE).status(Status.OPEN).unread(true).build(),
        () -> InboxQuery.builder().urgentWithin(Duration.ofMinutes(30)).sort(InboxSort.SLA_DUE).build(),
        () -> InboxQuery.builder().label("billing").channel(channel).build(),
        () -> InboxQuery.builder().waiting(true).status(Status.OPEN).audience(Audience.CUSTOMER).build());
    List<Long> pages = new ArrayList<>();
    List<List<Long>> byShape = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      pages.clear();
      byShape.clear();
      shapes.forEach(s -> byShape.add(new ArrayList<>()));
      int n = round == 0 ? Math.max(10, iterations / 5) : iterations;
      for (int i = 0; i < n; i++) {
        InboxQuery q = shapes.get(i % shapes.size()).get();
        long t = System.nanoTime();
        InboxPage p = inbox.page(me, q);
        if (p.nextCursor() != null && i % 2 == 0) {
          inbox.page(me, q.after(p.nextCursor())); // keyset continuation, timed with the first page
          pages.add((System.nanoTime() - t) / 2);
        } else {
          pages.add(System.nanoTime() - t);
        }
        byShape.get(i % shapes.size()).add(pages.get(pages.size() - 1));
      }
    }
    List<Long> searches = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      searches.clear();
      int n = round == 0 ? Math.max(10, iterations / 5) : iterations;
      for (int i = 0; i < n; i++) {
        String text = SEARCHES[random.nextInt(SEARCHES.length)];
        if (i % 4 == 0) {
          text = (1 + random.nextInt(conversations)) + "x"; // a rare term: one message
        }
        long t = System.nanoTime();
        inbox.search(me, text, i % 2 == 0 ? Audience.TEAM : Audience.CUSTOMER, 20);
        searches.add(System.nanoTime() - t);
      }
    }
    print(out, "inbox page (6 filter shapes, 50 rows)", pages);
    String[] names = {"open+team", "mine open/pending", "unassigned open unread", "urgent by SLA",
      "label+channel", "waiting open (customer)"};
    for (int s = 0; s < names.length; s++) {
      print(out, "  " + names[s], byShape.get(s));
    }
    print(out, "search (20 hits, team and customer)", searches);
    out.flush();
  }

  private static void print(PrintWriter out, String what, List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    out.printf(Locale.ROOT, "%s: n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.length,
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
