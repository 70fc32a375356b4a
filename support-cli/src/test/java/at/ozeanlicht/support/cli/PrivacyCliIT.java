package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code support import contacts}, {@code export}, {@code gdpr}, {@code audit} against the shared PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PrivacyCliIT {
  @TempDir Path dir;

  private Cli.Result run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--db";
    all[args.length + 1] = SharedPostgres.jdbcUrl();
    return new Cli(dir).run(all);
  }

  @Test
  void importContacts_badFile_listsEveryProblem_andWritesNothing() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "channel,externalId,email\nfax,1,\nweb,,nope\nweb,ok,ok@example.org\n");
    Cli.Result r = run("import", "contacts", "bad.csv");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("line 2", "channel", "line 3", "externalId", "email", "nothing imported");
    Cli.Result export = run("export", "contacts", "--out", "out.csv");
    assertThat(export.code()).as(export.toString()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("channel,externalId,name,email,phone,language,vip\r\n");
  }

  @Test
  void importExportGdprAudit_endToEnd() throws Exception {
    Files.writeString(dir.resolve("c.csv"), "channel,externalId,name,email,phone,language,vip\n"
        + "whatsapp,4366412345,Erika Musterfrau,erika@example.org,+4366412345,de,true\n", StandardCharsets.UTF_8);
    Cli.Result imported = run("import", "contacts", "c.csv");
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(imported.out()).contains("1 contacts created");

    Cli.Result audit = run("audit", "--actor", "system", "--json");
    assertThat(audit.code()).as(audit.toString()).isZero();
    JsonNode entries = new ObjectMapper().readTree(audit.out());
    String contact = entries.get(0).get("contactId").asText();
    assertThat(entries.get(0).get("action").asText()).isEqualTo("contact.imported");

    Cli.Result export = run("gdpr", "export", "--contact", contact, "--out", "me.json");
    assertThat(export.code()).as(export.toString()).isZero();
    assertThat(Files.readString(dir.resolve("me.json"))).contains("Erika Musterfrau", "erika@example.org");

    Cli.Result erase = run("gdpr", "erase", "--contact", contact, "--reason", "ticket 42");
    assertThat(erase.code()).as(erase.toString()).isZero();
    assertThat(erase.out()).contains("erased contact " + contact);
    Cli.Result after = run("gdpr", "export", "--contact", contact);
    assertThat(after.out()).doesNotContain("Erika", "erika@example.org", "4366412345");

    Cli.Result log = run("audit", "--contact", contact);
    assertThat(log.out()).contains("contact.imported", "gdpr.exported", "contact.erased");

    Cli.Result conversations = run("export", "conversations", "--out", "c.jsonl", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString());
    assertThat(conversations.code()).as(conversations.toString()).isZero();
    assertThat(conversations.out()).contains("exported 0 conversations");

    try (var engine = at.ozeanlicht.support.core.api.SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(at.ozeanlicht.support.core.testkit.TestWorkspaces.small()).build()) {
      var anna = at.ozeanlicht.support.core.domain.Actor.of(engine.workspace().agent("anna").orElseThrow());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.as(anna).personalData().export(
          java.util.UUID.fromString(contact))).isInstanceOf(at.ozeanlicht.support.core.api.AccessDeniedException.class);
    }
    Cli.Result denied = run("audit", "--actor", "anna");
    assertThat(denied.out()).contains("agent:anna  access.denied  contact " + contact
        + "  export personal data of contact " + contact + ": requires role admin or higher");

    assertThat(run("audit").code()).isEqualTo(2);
    assertThat(run("audit", "--since", "yesterday").err()).contains("--since");
  }
}
