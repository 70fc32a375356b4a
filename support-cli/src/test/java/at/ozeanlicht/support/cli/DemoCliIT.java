package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code support demo} on PostgreSQL: the replayed day's important outcomes are in the database
 * (routing teams, AI boundaries, CSAT, the warm handoff), and {@code --reset} starts clean.
 */
@ExtendWith(PostgresExtension.class)
class DemoCliIT {
  @TempDir Path home;

  Cli.Result demo(String... more) {
    List<String> args = new ArrayList<>(List.of("demo", "--home", home.toString(), "--db",
        SharedPostgres.jdbcUrl()));
    args.addAll(List.of(more));
    return new Cli(home).run(args.toArray(String[]::new));
  }

  @Test
  void demo_replaysTheDay_andResetStartsClean() throws SQLException, java.io.IOException {
    Cli.Result first = demo();

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).isEmpty();
    assertThat(first.out()).contains("demo: history: imported 31 conversations (99 messages), 0 unchanged",
        "== Dienstag, 2026-11-24 at Ozean Licht (Vienna)",
        "Maria Lindner → ", "AI acknowledged only (boundary: vip)", "rated 5 by replying to the survey",
        "== Inbox", "demo: weekly report 2026-W48 (html): ", "demo: weekly report 2026-W48 (md): ");
    // The unified inbox, as `support inbox` prints it: a header and one row per conversation.
    assertThat(first.out().lines())
        .anyMatch(l -> l.matches("#\\s+KIND\\s+STATUS\\s+PRIORITY\\s+CHANNEL\\s+FROM\\s+TEAM\\s+ASSIGNEE.*LAST MESSAGE"))
        .anyMatch(l -> l.matches("#10[0-9][0-9]\\s+support\\s+\\S+\\s+\\S+\\s+whatsapp\\s+Maria Lindner\\s+tech\\s+lukas\\s+.*"));
    // All three kinds in the inbox: the team chat post and the dev ticket raised from Maria's conversation.
    assertThat(first.out().lines())
        .anyMatch(l -> l.matches("#10[0-9][0-9]\\s+team_chat\\s+.*#general.*Kurzinfo: Modul 3.*"))
        .anyMatch(l -> l.matches("#10[0-9][0-9]\\s+dev_ticket\\s+.*Modul 3: Video bleibt.*"));
    assertThat(query("select k.name from conversation_links l join conversations c on c.id = l.support_id "
        + "join contacts k on k.id = c.contact_id")).containsExactly("Maria Lindner");
    // The week's report, as HTML and Markdown under $SUPPORT_HOME/reports/.
    for (String name : List.of("weekly-2026-W48.html", "weekly-2026-W48.md")) {
      Path report = home.resolve("reports").resolve(name);
      assertThat(report).isRegularFile();
      assertThat(Files.readString(report)).isNotBlank().contains("2026-W48");
    }
    assertThat(first.out().lines().toList().get(first.out().lines().toList().size() - 1))
        .matches("demo: workspace Ozean Licht \\(6 inboxes, 5 teams, 6 agents\\), day 2026-11-24, "
            + "41 conversations \\(.*\\); next: support conversation show 10[0-9][0-9], or support demo to continue");
    assertThat(Files.isRegularFile(home.resolve("demo/workspace/workspace.yaml"))).isTrue();
    // Routing: technical, payment and spiritual questions reach their teams (after the handoff).
    assertThat(query("select c.team from conversations c join contacts k on k.id = c.contact_id "
        + "where k.name in ('Maria Lindner', 'Thomas Reiter', 'Anna Weiss') order by k.name"))
        .containsExactly("spiritual", "tech", "sales");
    // The AI boundary: the personal spiritual question, the refund and the VIP get no answer.
    assertThat(query("select k.name || ': ' || (e.data->>'kind') || ' ' || coalesce(e.data->>'blockedBy', '') "
        + "from outbox_events e join conversations c on c.id = e.conversation_id "
        + "join contacts k on k.id = c.contact_id where e.type = 'ai.first_response' order by k.name"))
        .contains("Anna Weiss: acknowledge spiritual-personal", "Dr. Elisabeth Brandner: acknowledge vip")
        .anyMatch(s -> s.startsWith("Jürgen Hofer: acknowledge ") && s.contains("refund"))
        .anyMatch(s -> s.startsWith("Thomas Reiter: answer"));
    // CSAT: Maria by WhatsApp reply, Thomas through the survey link.
    assertThat(query("select k.name || ' ' || r.rating || ' ' || r.channel from csat_ratings r "
        + "join conversations c on c.id = r.conversation_id join contacts k on k.id = c.contact_id order by k.name"))
        .containsExactly("Maria Lindner 5 whatsapp", "Thomas Reiter 4 web");
    // The warm handoff is visible in the conversation, and so is the note with its mention.
    assertThat(query("select m.body from messages m join conversations c on c.id = m.conversation_id "
        + "join contacts k on k.id = c.contact_id where k.name = 'Thomas Reiter' and m.kind in ('activity', 'note')"))
        .anyMatch(b -> b.matches("Thomas Berger joined the conversation by Lena.*"))
        .anyMatch(b -> b.startsWith("@thomas Thomas Reiter möchte"));

    // Continuing with the next day is covered on the embedded default (EmbeddedDefaultIT).
    Cli.Result reset = demo("--reset");

    assertThat(reset.code()).as(reset.toString()).isZero();
    assertThat(reset.out()).contains("demo: reset; the database starts clean",
        "imported 31 conversations (99 messages), 0 unchanged", "== Dienstag, 2026-11-24");
    assertThat(query("select count(*) from conversations")).containsExactly("41");
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
