package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code support ai draft} against the shared PostgreSQL, offline drafter. */
@ExtendWith(PostgresExtension.class)
class AiDraftCliIT {
  @TempDir Path dir;

  Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(SharedPostgres.jdbcUrl());
    return new Cli(dir).run(all.toArray(String[]::new));
  }

  @Test
  void draft_importedConversation_offlineDraftGroundedOnInvoiceArticleWithGuardNote() throws Exception {
    Files.writeString(dir.resolve("c.jsonl"), SupportCliIT.ANNA + "\n");
    assertThat(run("import", "conversations", "c.jsonl", "--workspace", Cli.REFERENCE_WORKSPACE.toString()).code()).isZero();

    Cli.Result r = run("ai", "draft", "--conversation", "#1000", "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Hallo Anna,\n\ndanke für deine Nachricht. Das sollte helfen (Rechnung herunterladen oder ändern):")
        .contains("-- draft by offline, articles: rechnung")
        .endsWith("-- AI would not answer this on its own (vip); review with care\n");
  }

  @Test
  void draft_unknownConversation_notFound() {
    Cli.Result r = run("ai", "draft", "--conversation", "999999", "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("no conversation 999999");
  }
}
