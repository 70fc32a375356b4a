package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** macro apply/render and csat summary against the shared PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class MacroCliIT {
  @TempDir Path dir;

  Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(SharedPostgres.jdbcUrl());
    return new Cli(dir).run(all.toArray(String[]::new));
  }

  void importBoth() throws Exception {
    Files.writeString(dir.resolve("c.jsonl"), SupportCliIT.ANNA + "\n" + SupportCliIT.BEN + "\n");
    Cli.Result r = run("import", "conversations", "c.jsonl", "--workspace", Cli.REFERENCE_WORKSPACE.toString());
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void apply_toTwoConversations_reportsEach_andRenderUsesTheConversation() throws Exception {
    importBoth();

    Cli.Result r = run("macro", "apply", "password-reset", "--conversation", "1000",
        "--conversation", "#1001", "--workspace", Cli.REFERENCE_WORKSPACE.toString());
    Cli.Result render = run("macro", "render", "/payment-plan", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--conversation", "1000");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("""
        #1000: applied password-reset: send /password-reset (de); add labels access; set status pending
        #1001: not applied, nothing changed: actions[0] (send /password-reset): agent: conversation #1001 has no assignee; pass the agent who applies the macro
        1 conversation changed, 1 unchanged
        """);
    assertThat(render.code()).as(render.toString()).isZero();
    assertThat(render.out()).startsWith("Liebe/r Anna,\nGeld soll niemandem").contains("(Anfrage #1000)")
        .endsWith("Herzlich, Thomas\n");
  }

  @Test
  void csatSummary_json_countsImportedRatings() throws Exception {
    importBoth();

    Cli.Result r = run("csat", "summary", "--from", "2026-10-01", "--to", "2026-10-31", "--json",
        "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("total").toString()).isEqualTo("{\"count\":1,\"average\":5.0,\"satisfied\":1.0}");
    assertThat(n.get("byAgent").toString()).isEqualTo(
        "[{\"key\":\"thomas\",\"count\":1,\"average\":5.0,\"satisfied\":1.0}]");
    assertThat(n.get("byChannel").get(0).get("key").asText()).isEqualTo("whatsapp");
    assertThat(n.get("byPeriod").get(0).get("key").asText()).isEqualTo("2026-10-01");
  }
}
