package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** support inbox / search / team-chat post / note add against the shared PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class InboxCliIT {
  @TempDir Path dir;

  Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(SharedPostgres.jdbcUrl());
    return new Cli(dir).env("SUPPORT_WORKSPACE", Cli.REFERENCE_WORKSPACE.toString())
        .run(all.toArray(String[]::new));
  }

  @Test
  void noteTeamChatInboxAndSearch_endToEnd() throws Exception {
    Files.writeString(dir.resolve("c.jsonl"), SupportCliIT.ANNA + "\n" + SupportCliIT.BEN + "\n");
    assertThat(run("import", "conversations", "c.jsonl").code()).isZero();

    Cli.Result note = run("note", "add", "--conversation", "#1001", "--as", "thomas", "@sabine", "bitte", "Rückruf");
    assertThat(note.code()).as(note.toString()).isZero();
    assertThat(note.out()).isEqualTo("note added to #1001, mentioned sabine\n");

    Cli.Result post = run("team-chat", "post", "--channel", "general", "--as", "thomas", "Guten Morgen @tech");
    assertThat(post.code()).as(post.toString()).isZero();
    assertThat(post.out()).startsWith("posted to #general (conversation #").endsWith(", mentioned tech\n");

    Cli.Result chats = run("inbox", "--kind", "team_chat", "--json");
    assertThat(chats.code()).as(chats.toString()).isZero();
    JsonNode rows = SupportCliIT.JSON.readTree(chats.out());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("title").asText()).isEqualTo("#general");
    assertThat(rows.get(0).get("excerpt").asText()).isEqualTo("Guten Morgen @tech");

    Cli.Result mine = run("inbox", "--assignee", "me", "--as", "thomas", "--status", "resolved", "--json");
    assertThat(mine.code()).as(mine.toString()).isZero();
    assertThat(SupportCliIT.JSON.readTree(mine.out())).extracting(n -> n.get("number").asLong()).containsExactly(1000L);

    Cli.Result table = run("inbox", "--kind", "support", "--label", "billing");
    assertThat(table.code()).as(table.toString()).isZero();
    assertThat(table.out()).contains("#1000").contains("Anna Berger").doesNotContain("#1001");

    Cli.Result team = run("search", "rückruf", "--json");
    assertThat(team.code()).as(team.toString()).isZero();
    assertThat(SupportCliIT.JSON.readTree(team.out())).hasSize(1);
    Cli.Result customer = run("search", "ruckruf", "--customer-facing");
    assertThat(customer.code()).as(customer.toString()).isZero();
    assertThat(customer.out()).isEqualTo("no matches\n");
    assertThat(run("inbox", "--urgent").code()).isZero();
  }

  @Test
  void badInput_exit2_namesTheField() {
    Cli.Result status = run("inbox", "--status", "bogus");
    assertThat(status.code()).as(status.toString()).isEqualTo(2);
    assertThat(status.err()).contains("--status");

    Cli.Result agent = run("note", "add", "--conversation", "1000", "--as", "ghost", "hallo");
    assertThat(agent.code()).as(agent.toString()).isEqualTo(2);
    assertThat(agent.err()).contains("--as").contains("ghost");

    Cli.Result channel = run("team-chat", "post", "--channel", "Bad Name!", "--as", "thomas", "x");
    assertThat(channel.code()).as(channel.toString()).isEqualTo(2);
    assertThat(channel.err()).contains("channel");

    Cli.Result me = run("inbox", "--assignee", "me");
    assertThat(me.code()).as(me.toString()).isEqualTo(2);
    assertThat(me.err()).contains("--assignee");

    Cli.Result blank = run("search", " ");
    assertThat(blank.code()).as(blank.toString()).isEqualTo(2);
    assertThat(blank.err()).contains("QUERY");
  }
}
