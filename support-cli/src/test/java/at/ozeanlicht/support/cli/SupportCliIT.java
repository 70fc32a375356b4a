package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands against the shared PostgreSQL, run in-process with --db. */
@ExtendWith(PostgresExtension.class)
class SupportCliIT {
  static final String ANNA = """
      {"externalId":"z-1","inbox":"ol-whatsapp","channel":"whatsapp",\
      "contact":{"externalId":"436641234567","name":"Anna Berger","email":"anna@example.org","language":"de","vip":true},\
      "assignee":"thomas","status":"resolved","priority":"high","labels":["billing","access"],\
      "createdAt":"2026-10-01T08:00:00Z","resolvedAt":"2026-10-01T10:00:00Z",\
      "csat":{"rating":5,"comment":"Danke!","submittedAt":"2026-10-01T10:15:00Z"},\
      "messages":[\
      {"externalId":"m1","direction":"incoming","sender":"contact","body":"Meine Rechnung ist doppelt.","createdAt":"2026-10-01T08:00:00Z"},\
      {"externalId":"m2","direction":"note","sender":"agent:thomas","body":"Doppelbuchung bestätigt.\\nErstattung angestoßen.","createdAt":"2026-10-01T08:20:00Z"},\
      {"externalId":"m3","direction":"outgoing","sender":"agent:thomas","body":"Ist korrigiert.","createdAt":"2026-10-01T08:30:00Z"},\
      {"externalId":"m4","direction":"activity","sender":"system","body":"Conversation resolved","createdAt":"2026-10-01T10:00:00Z"}]}""";
  static final String BEN = """
      {"externalId":"z-2","inbox":"ol-web","channel":"web","contact":{"externalId":"web-42","name":"Ben Huber"},\
      "createdAt":"2026-10-02T09:00:00Z",\
      "messages":[{"externalId":"m1","direction":"incoming","sender":"contact","body":"Hallo?","createdAt":"2026-10-02T09:00:00Z"}]}""";
  static final String SUMMARY = "(search: indexed [0-9]+ messages? in [0-9]+\\.[0-9] s\n)?"
      + "imported %d conversations? \\(%d messages?\\), %d unchanged, %d skipped in "
      + "[0-9]+\\.[0-9] s \\([0-9]+ conversations/s, [0-9]+ messages/s\\)\n";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  String db;

  @BeforeEach
  void database() {
    db = SharedPostgres.jdbcUrl();
  }

  Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(db);
    return new Cli(dir).run(all.toArray(String[]::new));
  }

  Path file(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  Cli.Result importFile(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("import", "conversations", name, "--workspace",
        Cli.REFERENCE_WORKSPACE.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void dbMigrate_onMigratedDatabase_appliesNothing() {
    Cli.Result r = run("db", "migrate");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches("applied 0 migrations, schema at version [0-9]+\n");
  }

  @Test
  void dbStatus_listsAppliedMigrations() {
    Cli.Result r = run("db", "status");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("VERSION +DESCRIPTION +STATE +INSTALLED ON");
    assertThat(lines.get(1)).matches("1 +conversations +success +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void import_goodFile_importsAll_thenReimportChangesNothing() throws IOException {
    file("c.jsonl", ANNA, "", BEN);

    Cli.Result first = importFile("c.jsonl");
    Cli.Result again = importFile("c.jsonl");

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).matches(String.format(SUMMARY, 2, 5, 0, 0))
        .startsWith("search: indexed 5 messages in "); // the bulk path's deferred search vectors
    assertThat(first.err()).isEmpty();
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).matches(String.format(SUMMARY, 0, 0, 2, 0));
    assertThat(list()).hasSize(2);
  }

  @Test
  void import_badLine_reportsEveryProblemAndWritesNothing() throws IOException {
    String bad = BEN.replace("\"externalId\":\"z-2\"", "\"externalId\":\"z-3\"")
        .replace("\"inbox\":\"ol-web\"", "\"inbox\":\"ol-fax\"")
        .replace("\"createdAt\":\"2026-10-02T09:00:00Z\",", "\"createdAt\":\"gestern\",");
    file("c.jsonl", ANNA, bad, "{not json", BEN);

    Cli.Result r = importFile("c.jsonl");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    List<String> err = r.err().lines().toList();
    assertThat(err).hasSize(3);
    assertThat(err.get(0)).isEqualTo(
        "error: line 2: createdAt: must be an ISO-8601 instant like 2025-03-01T09:30:00Z, was 'gestern'");
    assertThat(err.get(1)).startsWith("error: line 3: json: malformed JSON");
    assertThat(err.get(2)).isEqualTo(
        "error: 2 of 4 lines invalid; nothing imported (--skip-invalid imports the valid lines)");
    assertThat(list()).isEmpty();
  }

  @Test
  void import_lineThatDoesNotFitWorkspace_isReportedWithLineNumber() throws IOException {
    String bad = BEN.replace("\"inbox\":\"ol-web\"", "\"inbox\":\"ol-fax\"")
        .replace("\"createdAt\":\"2026-10-02T09:00:00Z\",\"messages\"",
            "\"createdAt\":\"2026-10-02T09:00:00Z\",\"assignee\":\"nobody\",\"messages\"");
    file("c.jsonl", ANNA, bad);

    Cli.Result r = importFile("c.jsonl");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("""
        error: line 2: inbox: unknown inbox 'ol-fax'
        error: line 2: assignee: unknown agent 'nobody'
        error: 1 of 2 lines invalid; nothing imported (--skip-invalid imports the valid lines)
        """);
    assertThat(list()).isEmpty();
  }

  @Test
  void import_skipInvalid_importsValidLinesAndExits2() throws IOException {
    file("c.jsonl", ANNA, "{not json", BEN);

    Cli.Result r = importFile("c.jsonl", "--skip-invalid");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: line 2: json: malformed JSON");
    assertThat(r.out()).matches(String.format(SUMMARY, 2, 5, 0, 1));
    assertThat(list()).hasSize(2);
  }

  @Test
  void import_skipInvalid_withoutBadLines_exits0() throws IOException {
    file("c.jsonl", ANNA);

    Cli.Result r = importFile("c.jsonl", "--skip-invalid");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches(String.format(SUMMARY, 1, 4, 0, 0));
  }

  @Test
  void import_workspaceFromEnvironment_isUsed() throws IOException {
    file("c.jsonl", BEN);

    Cli.Result r = new Cli(dir).env("SUPPORT_WORKSPACE", Cli.REFERENCE_WORKSPACE.toString())
        .run("import", "conversations", "c.jsonl", "--db", db);

    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void conversationsList_json_hasStableFields() throws IOException {
    file("c.jsonl", ANNA, BEN);
    importFile("c.jsonl");

    Cli.Result r = run("conversations", "list", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode items = JSON.readTree(r.out());
    assertThat(items).hasSize(2);
    JsonNode ben = items.get(0);
    JsonNode anna = items.get(1);
    List<String> names = new ArrayList<>();
    anna.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("number", "id", "status", "priority", "team", "assignee",
        "inbox", "contact", "labels", "createdAt", "lastActivityAt", "messageCount");
    assertThat(anna.get("number").asLong()).isEqualTo(1000);
    assertThat(anna.get("status").asText()).isEqualTo("resolved");
    assertThat(anna.get("priority").asText()).isEqualTo("high");
    assertThat(anna.get("team").isNull()).isTrue();
    assertThat(anna.get("assignee").asText()).isEqualTo("thomas");
    assertThat(anna.get("inbox").asText()).isEqualTo("ol-whatsapp");
    assertThat(anna.get("contact").asText()).isEqualTo("Anna Berger");
    assertThat(anna.get("labels").toString()).isEqualTo("[\"access\",\"billing\"]");
    assertThat(anna.get("createdAt").asText()).isEqualTo("2026-10-01T08:00:00Z");
    assertThat(anna.get("lastActivityAt").asText()).isEqualTo("2026-10-01T10:00:00Z");
    assertThat(anna.get("messageCount").asLong()).isEqualTo(4);
    assertThat(ben.get("number").asLong()).isEqualTo(1001);
    assertThat(ben.get("status").asText()).isEqualTo("open");
    assertThat(ben.get("assignee").isNull()).isTrue();
  }

  @Test
  void conversationsList_table_filtersByStatusAndLimit() throws IOException {
    file("c.jsonl", ANNA, BEN);
    importFile("c.jsonl");

    Cli.Result all = run("conversations", "list");
    Cli.Result open = run("conversations", "list", "--status", "open");
    Cli.Result one = run("conversations", "list", "--limit", "1");
    Cli.Result none = run("conversations", "list", "--team", "tech");

    assertThat(all.out()).isEqualTo("""
        #      STATUS    PRIORITY  TEAM  ASSIGNEE  INBOX        CONTACT      LAST ACTIVITY (UTC)
        #1001  open      normal    -     -         ol-web       Ben Huber    2026-10-02 09:00
        #1000  resolved  high      -     thomas    ol-whatsapp  Anna Berger  2026-10-01 10:00
        """);
    assertThat(open.out()).contains("#1001").doesNotContain("#1000");
    assertThat(one.out().lines()).hasSize(2);
    assertThat(none.out()).isEqualTo("no conversations\n");
  }

  @Test
  void contactUpdate_byConversationNumber_setsOptOutAndAttributes() throws IOException {
    file("c.jsonl", ANNA);
    importFile("c.jsonl");

    Cli.Result r = run("contact", "update", "#1000", "--csat-opt-out", "--set", "plan=jahresbegleitung",
        "--vip", "false");
    Cli.Result nothing = run("contact", "update", "#1000");
    Cli.Result badSet = run("contact", "update", "#1000", "--set", "novalue");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches("""
        contact [0-9a-f-]{36}
          csatOptOut: true
          plan: jahresbegleitung
        """);
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).startsWith("error: nothing to change");
    assertThat(badSet.code()).isEqualTo(2);
    assertThat(badSet.err()).startsWith("error: --set: must be KEY=VALUE, was 'novalue'");
  }

  @Test
  void conversationShow_byNumber_printsHeaderAndMessages() throws IOException {
    file("c.jsonl", ANNA);
    importFile("c.jsonl");

    Cli.Result r = run("conversation", "show", "#1000");
    Cli.Result plain = run("conversation", "show", "1000");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches("""
        conversation #1000  [0-9a-f-]{36}
        status:   resolved
        priority: high
        team:     -
        assignee: thomas
        inbox:    ol-whatsapp
        contact:  Anna Berger <anna@example.org> \\(de, vip\\)
        labels:   access, billing
        csat:     5/5 "Danke!"

        messages \\(4, times UTC\\):
        2026-10-01 08:00  incoming    Anna Berger
            Meine Rechnung ist doppelt.
        2026-10-01 08:20  \\[note\\]      agent:thomas
            Doppelbuchung bestätigt.
            Erstattung angestoßen.
        2026-10-01 08:30  outgoing    agent:thomas
            Ist korrigiert.
        2026-10-01 10:00  \\[activity\\]  system
            Conversation resolved
        """);
    assertThat(plain.out()).isEqualTo(r.out());
  }

  @Test
  void conversationShow_json_byUuid_hasFullView() throws IOException {
    file("c.jsonl", ANNA);
    importFile("c.jsonl");
    String id = JSON.readTree(run("conversations", "list", "--json").out()).get(0).get("id").asText();

    Cli.Result r = run("conversation", "show", id, "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode v = JSON.readTree(r.out());
    assertThat(v.get("number").asLong()).isEqualTo(1000);
    assertThat(v.get("id").asText()).isEqualTo(id);
    assertThat(v.get("externalId").asText()).isEqualTo("z-1");
    assertThat(v.get("resolvedAt").asText()).isEqualTo("2026-10-01T10:00:00Z");
    assertThat(v.get("firstResponseAt").asText()).isEqualTo("2026-10-01T08:30:00Z");
    assertThat(v.get("contact").get("name").asText()).isEqualTo("Anna Berger");
    assertThat(v.get("contact").get("vip").asBoolean()).isTrue();
    assertThat(v.get("csat").toString())
        .isEqualTo("{\"rating\":5,\"comment\":\"Danke!\",\"submittedAt\":\"2026-10-01T10:15:00Z\"}");
    JsonNode messages = v.get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(1).get("kind").asText()).isEqualTo("note");
    assertThat(messages.get(1).get("sender").asText()).isEqualTo("agent:thomas");
    assertThat(messages.get(1).get("private").asBoolean()).isTrue();
    assertThat(messages.get(0).get("sender").asText())
        .isEqualTo("contact:" + v.get("contact").get("id").asText());
  }

  @Test
  void conversationShow_unknown_exits1NamingConversation() {
    Cli.Result r = run("conversation", "show", "#4711");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: conversation: no conversation 4711\n");
  }

  private JsonNode list() {
    try {
      return JSON.readTree(run("conversations", "list", "--json").out());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
