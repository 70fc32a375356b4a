package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code support import conversations} then {@code support report weekly}: the path the hidden data
 * set takes, with figures worked out by hand below.
 */
@ExtendWith(PostgresExtension.class)
class ReportCliIT {
  @TempDir Path dir;

  private static final List<String> LINES = List.of(
      // Mon 16 Nov 09:00 Vienna; a note before the reply does not count; rated 5 the same day.
      """
      {"externalId":"r1","inbox":"ol-whatsapp","channel":"whatsapp","contact":{"externalId":"4366400001"},\
      "assignee":"thomas","team":"support","status":"resolved","priority":"high","labels":["billing"],\
      "createdAt":"2026-11-16T08:00:00Z","resolvedAt":"2026-11-16T10:00:00Z",\
      "csat":{"rating":5,"submittedAt":"2026-11-16T11:00:00Z"},"messages":[\
      {"externalId":"r1-1","direction":"incoming","sender":"contact","body":"Hallo","createdAt":"2026-11-16T08:00:00Z"},\
      {"externalId":"r1-2","direction":"note","sender":"agent:thomas","body":"prüfe","createdAt":"2026-11-16T08:05:00Z"},\
      {"externalId":"r1-3","direction":"outgoing","sender":"agent:thomas","body":"Erledigt","createdAt":"2026-11-16T08:30:00Z"}]}""",
      // Tue 17 Nov 21:00 Vienna: only the bot answers; resolved after 10 minutes.
      """
      {"externalId":"r2","inbox":"ol-web","channel":"web","contact":{"externalId":"w-2"},"status":"resolved",\
      "labels":["login"],"createdAt":"2026-11-17T20:00:00Z","resolvedAt":"2026-11-17T20:10:00Z","messages":[\
      {"externalId":"r2-1","direction":"incoming","sender":"contact","body":"Login?","createdAt":"2026-11-17T20:00:00Z"},\
      {"externalId":"r2-2","direction":"outgoing","sender":"bot","body":"Link","createdAt":"2026-11-17T20:00:05Z"}]}""",
      // Sun 22 Nov 23:30 Vienna (still W47), answered Mon 09:30: 10 h plain, 30 min of office hours.
      """
      {"externalId":"r3","inbox":"ol-email","channel":"email","contact":{"externalId":"a@b.test"},\
      "assignee":"sabine","createdAt":"2026-11-22T22:30:00Z","messages":[\
      {"externalId":"r3-1","direction":"incoming","sender":"contact","body":"Frage","createdAt":"2026-11-22T22:30:00Z"},\
      {"externalId":"r3-2","direction":"outgoing","sender":"agent:sabine","body":"Antwort","createdAt":"2026-11-23T08:30:00Z"}]}""",
      // Mon 23 Nov 00:00 Vienna: week 48, not in the report; its rating was submitted in week 48 too.
      """
      {"externalId":"r4","inbox":"ol-email","channel":"email","contact":{"externalId":"c@d.test"},"status":"resolved",\
      "createdAt":"2026-11-22T23:00:00Z","resolvedAt":"2026-11-23T09:00:00Z",\
      "csat":{"rating":1,"submittedAt":"2026-11-23T10:00:00Z"},"messages":[]}""");

  @Test
  void weekly_afterImport_printsTheFiguresOfTheWeek() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.write(file, LINES);
    String ws = Cli.REFERENCE_WORKSPACE.toString();
    String db = SharedPostgres.jdbcUrl();
    Cli.Result imported = new Cli(dir).run("import", "conversations", file.toString(), "--workspace", ws, "--db", db);
    assertThat(imported.code()).as(imported.toString()).isZero();

    Cli.Result r = new Cli(dir).run("report", "weekly", "--week", "2026-W47", "--workspace", ws, "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("week").asText()).isEqualTo("2026-W47");
    assertThat(j.get("zone").asText()).isEqualTo("Europe/Vienna");
    assertThat(j.at("/conversations/total").asLong()).isEqualTo(3);
    assertThat(j.at("/conversations/byChannel").toString()).isEqualTo("{\"email\":1,\"web\":1,\"whatsapp\":1}");
    assertThat(j.get("firstResponseSeconds").toString())
        .isEqualTo("{\"count\":2,\"avg\":18900.0,\"median\":18900.0,\"p90\":32580.0}");
    assertThat(j.get("firstResponseBusinessSeconds").toString())
        .isEqualTo("{\"count\":2,\"avg\":1800.0,\"median\":1800.0,\"p90\":1800.0}");
    assertThat(j.get("replyTimeSeconds").toString())
        .isEqualTo("{\"count\":2,\"avg\":18900.0,\"median\":18900.0,\"p90\":32580.0}");
    assertThat(j.get("resolutionSeconds").toString())
        .isEqualTo("{\"count\":2,\"avg\":3900.0,\"median\":3900.0,\"p90\":6540.0}");
    assertThat(j.get("csat").toString()).isEqualTo("{\"responses\":1,\"average\":5.0,\"satisfiedShare\":1.0}");
    assertThat(j.get("aiDeflectionRate").asDouble()).isEqualTo(0.5);
    assertThat(j.get("topLabels").toString())
        .isEqualTo("[{\"label\":\"billing\",\"count\":1},{\"label\":\"login\",\"count\":1}]");
    assertThat(j.get("agents").toString()).isEqualTo(
        "[{\"agent\":\"sabine\",\"assigned\":1,\"resolved\":0},{\"agent\":\"thomas\",\"assigned\":1,\"resolved\":1}]");
    assertThat(j.at("/heatmap/0/9").asLong()).isEqualTo(1);
    assertThat(j.at("/heatmap/1/21").asLong()).isEqualTo(1);
    assertThat(j.at("/heatmap/6/23").asLong()).isEqualTo(1);
    // No clock rows after an import: judged against sla.yaml in office hours. First response: r1
    // (high, 1 h) answered after 30 min, r2 (normal, 4 h) resolved by the bot after 0 business
    // seconds (21:00), r3 (normal) answered after 30 min: all met. Resolution: r1 (24 h) 2 h and
    // r2 (48 h) 0 s are met; r3 is still open and counts as missed only once more than 48 office
    // hours have passed since it was created (the CLI's clock is the real one).
    assertThat(j.at("/sla/firstResponse").toString()).isEqualTo("{\"clocks\":3,\"overall\":1.0,"
        + "\"byTeam\":{\"support\":1.0},\"byPriority\":{\"high\":1.0,\"normal\":1.0}}");
    boolean r3Missed = at.ozeanlicht.support.core.workspace.WorkspaceLoader.load(Cli.REFERENCE_WORKSPACE).sla()
        .calendar("office").businessTime(java.time.Instant.parse("2026-11-22T22:30:00Z"), java.time.Instant.now())
        .compareTo(java.time.Duration.ofHours(48)) > 0;
    assertThat(j.at("/sla/resolution/clocks").asLong()).isEqualTo(r3Missed ? 3 : 2);
    assertThat(j.at("/sla/resolution/overall").asDouble()).isEqualTo(r3Missed ? 2 / 3.0 : 1.0);

    Path html = dir.resolve("w47.html");
    Cli.Result h = new Cli(dir).run("report", "weekly", "--week", "2026-W47", "--format", "html",
        "--out", html.toString(), "--workspace", ws, "--db", db);
    assertThat(h.code()).as(h.toString()).isZero();
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg");

    Cli.Result m = new Cli(dir).run("report", "monthly", "--month", "2026-11", "--format", "md",
        "--workspace", ws, "--db", db);
    assertThat(m.code()).as(m.toString()).isZero();
    assertThat(m.out()).startsWith("# Monthly support report 2026-11").contains("| whatsapp | 1 |");
  }

  @Test
  void weekly_emptyWeek_isAValidReport() throws Exception {
    Cli.Result r = new Cli(dir).run("report", "weekly", "--week", "2026-W01", "--format", "md",
        "--db", SharedPostgres.jdbcUrl());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("**No data:**");
  }

  @Test
  void badInput_exitsWith2AndNamesTheOption() {
    String db = SharedPostgres.jdbcUrl();
    Cli.Result week = new Cli(dir).run("report", "weekly", "--week", "2026-W54", "--db", db);
    assertThat(week.code()).isEqualTo(2);
    assertThat(week.err()).contains("--week: week 54 does not exist in 2026");
    Cli.Result form = new Cli(dir).run("report", "weekly", "--week", "47", "--db", db);
    assertThat(form.code()).isEqualTo(2);
    assertThat(form.err()).contains("--week: must be an ISO week like 2026-W47, was '47'");
    Cli.Result month = new Cli(dir).run("report", "monthly", "--month", "2026-13", "--db", db);
    assertThat(month.code()).isEqualTo(2);
    assertThat(month.err()).contains("--month: must be a month like 2026-11, was '2026-13'");
    Cli.Result zone = new Cli(dir).run("report", "weekly", "--week", "2026-W47", "--zone", "Mars/Base", "--db", db);
    assertThat(zone.code()).isEqualTo(2);
    assertThat(zone.err()).contains("--zone: must be a time zone like Europe/Vienna, was 'Mars/Base'");
    Cli.Result format = new Cli(dir).run("report", "weekly", "--week", "2026-W47", "--format", "pdf", "--db", db);
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format");
  }
}
