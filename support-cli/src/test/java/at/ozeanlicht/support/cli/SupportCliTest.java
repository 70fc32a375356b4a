package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.imports.ConversationJsonlReader;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that need no database: usage errors, version, workspace checks, generating data. */
class SupportCliTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir);
  }

  @Test
  void csatFromEnvironment_badSettings_areUsageErrorsNamingTheVariable_andNeverShowTheSecret() {
    Cli.Result shortSecret = cli().env("SUPPORT_CSAT_SECRET", "tooshort")
        .env("SUPPORT_CSAT_LINK_BASE", "https://ozean-licht.example/feedback")
        .run("conversations", "list");
    assertThat(shortSecret.code()).isEqualTo(2);
    assertThat(shortSecret.err()).startsWith("error: SUPPORT_CSAT_SECRET: must be at least 32 characters")
        .doesNotContain("tooshort");

    Cli.Result noBase = cli().env("SUPPORT_CSAT_SECRET", "x".repeat(40)).run("conversations", "list");
    assertThat(noBase.code()).isEqualTo(2);
    assertThat(noBase.err()).startsWith("error: SUPPORT_CSAT_LINK_BASE: required when a CSAT secret is set");

    Cli.Result badBase = cli().env("SUPPORT_CSAT_SECRET", "x".repeat(40))
        .env("SUPPORT_CSAT_LINK_BASE", "ftp://example/feedback").run("conversations", "list");
    assertThat(badBase.err()).startsWith("error: SUPPORT_CSAT_LINK_BASE: must be an http(s) URL");
  }

  @Test
  void version_printsNameAndProjectVersion() {
    Cli.Result r = cli().run("--version");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("support 0.1.0-SNAPSHOT\n");
  }

  @Test
  void help_listsEveryCommand() {
    Cli.Result r = cli().run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--db=URL", "--home=DIR", "db", "workspace", "import",
        "conversations", "conversation", "demo", "generate", "SUPPORT_DB_URL");
  }

  @Test
  void run_withoutCommand_isUsageError() {
    Cli.Result r = cli().run();

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: missing command\n");
  }

  @Test
  void run_unknownCommand_isUsageError() {
    Cli.Result r = cli().run("inbux");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Unmatched argument at index 0: 'inbux'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void run_unknownOption_isUsageError() {
    Cli.Result r = cli().run("conversations", "list", "--colour");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Unknown option: '--colour'");
  }

  @Test
  void db_withNonPostgresUrl_isUsageErrorNamingDb() {
    Cli.Result r = cli().run("db", "migrate", "--db", "jdbc:mysql://localhost/x?password=secret");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith(
        "error: --db: must be a jdbc:postgresql: URL, was 'jdbc:mysql://localhost/x?password=***'\n");
  }

  @Test
  void db_urlFromEnvironment_isCheckedToo() {
    Cli.Result r = cli().env("SUPPORT_DB_URL", "postgres://x").run("db", "status");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith(
        "error: --db: must be a jdbc:postgresql: URL, was 'postgres://x' (from SUPPORT_DB_URL)\n");
  }

  @Test
  void import_withoutWorkspace_isUsageErrorNamingWorkspaceOption() throws IOException {
    Files.writeString(dir.resolve("c.jsonl"), "");

    Cli.Result r = cli().run("import", "conversations", "c.jsonl");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --workspace: required; pass --workspace DIR, set "
        + "SUPPORT_WORKSPACE, or run in a directory with a workspace.yaml\n");
  }

  @Test
  void import_missingFile_isUsageError() {
    Cli.Result r = cli().run("import", "conversations", "nope.jsonl");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: FILE: no such file 'nope.jsonl'\n");
  }

  @Test
  void import_invalidWorkspace_reportsItsProblems() throws IOException {
    Files.writeString(dir.resolve("c.jsonl"), "");
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(ws.resolve("workspace.yaml"), "name: x\ninboxes: 7\n");

    Cli.Result r = cli().run("import", "conversations", "c.jsonl", "--workspace", "ws");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: workspace.yaml: ");
  }

  @Test
  void conversationsList_badStatus_isUsageErrorNamingOption() {
    Cli.Result r = cli().run("conversations", "list", "--status", "open,closed");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "error: --status: must be one of open, pending, snoozed, resolved, was 'closed'\n");
  }

  @Test
  void conversationsList_limitOutOfRange_isUsageError() {
    Cli.Result r = cli().run("conversations", "list", "--limit", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --limit: must be between 1 and 1000, was 0\n");
  }

  @Test
  void conversationShow_badId_isUsageError() {
    Cli.Result r = cli().run("conversation", "show", "abc");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith(
        "error: ID: must be a conversation number like 4711 or #4711, or a UUID, was 'abc'\n");
  }

  @Test
  void workspaceValidate_referenceWorkspace_isOk() {
    Cli.Result r = cli().run("workspace", "validate", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("ok: Ozean Licht (6 inboxes, 5 teams, 6 agents)\n");
  }

  @Test
  void workspaceValidate_badWorkspace_printsEveryProblemAndExits2() throws IOException {
    String yaml = Files.readString(Cli.REFERENCE_WORKSPACE.resolve("workspace.yaml"))
        .replace("channel: whatsapp", "channel: whatsap")
        .replace("teams: [tech]", "teams: [tekk]");
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve("workspace.yaml"), yaml);

    Cli.Result r = cli().run("workspace", "validate", "bad");

    assertThat(r.code()).isEqualTo(2);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("workspace.yaml: "));
    assertThat(r.out()).contains("whatsap", "tekk");
  }

  @Test
  void workspaceValidate_missingDirectory_exits2() {
    Cli.Result r = cli().run("workspace", "validate", "nowhere");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).startsWith("workspace.yaml: workspace.yaml: file not found");
  }

  @Test
  void generate_sameSeed_sameOutput_differentSeed_differentOutput() {
    Cli.Result a = cli().run("generate", "conversations", "--count", "20", "--seed", "7");
    Cli.Result b = cli().run("generate", "conversations", "--count", "20", "--seed", "7");
    Cli.Result c = cli().run("generate", "conversations", "--count", "20", "--seed", "8");

    assertThat(a.code()).as(a.toString()).isZero();
    assertThat(a.out()).isEqualTo(b.out()).isNotEqualTo(c.out());
    assertThat(a.out().lines()).hasSize(20);
  }

  @Test
  void generate_linesParseAndFitTheReferenceWorkspace() {
    Workspace ws = WorkspaceLoader.load(Cli.REFERENCE_WORKSPACE);
    Cli.Result r = cli().run("generate", "conversations", "--count", "200", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      ConversationJsonlReader.Line line = ConversationJsonlReader.parse(i + 1, lines.get(i));
      assertThat(line.problems()).as(lines.get(i)).isEmpty();
      var c = line.conversation();
      assertThat(ws.inbox(c.inbox())).hasValueSatisfying(in -> assertThat(in.channel()).isEqualTo(c.channel()));
      if (c.assignee() != null) {
        assertThat(ws.agent(c.assignee())).isPresent();
      }
    }
  }

  @Test
  void generate_toFile_writesThere() throws IOException {
    Cli.Result r = cli().run("generate", "conversations", "--count", "3", "--output", "g.jsonl");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("wrote 3 conversations to g.jsonl\n");
    assertThat(Files.readAllLines(dir.resolve("g.jsonl"))).hasSize(3);
  }

  @Test
  void generate_countOutOfRange_isUsageError() {
    Cli.Result r = cli().run("generate", "conversations", "--count", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --count: must be between 1 and 10000000, was 0\n");
  }

  @Test
  void generate_withoutCount_isUsageError() {
    Cli.Result r = cli().run("generate", "conversations");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Missing required option: '--count=N'");
  }

  @Test
  void bundledDemoConversations_allParse() throws IOException {
    try (var in = SupportCliTest.class.getResourceAsStream(DemoCommand.CONVERSATIONS);
        ConversationJsonlReader reader = ConversationJsonlReader.of(in)) {
      int n = 0;
      for (var l = reader.next(); l.isPresent(); l = reader.next()) {
        assertThat(l.get().problems()).isEmpty();
        n++;
      }
      assertThat(n).isEqualTo(30);
    }
  }
}
