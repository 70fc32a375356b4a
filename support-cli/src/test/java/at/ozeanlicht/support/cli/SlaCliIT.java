package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code support sla status} against the shared PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class SlaCliIT {
  @TempDir Path dir;

  @Test
  void status_listsOpenClocksWithRemainingBusinessTime() throws Exception {
    // Wed 2026-11-25 10:00 Vienna: a normal conversation opens on the WhatsApp inbox (office hours)
    try (SupportEngine engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WorkspaceLoader.load(Cli.REFERENCE_WORKSPACE))
        .clock(new MutableClock(Instant.parse("2026-11-25T09:00:00Z"))).build()) {
      engine.receive(ReceiveMessage.text("ol-whatsapp", InboundContact.of("436641234567"), "wamid.1", "Hallo"));
    }
    Cli.Result r = new Cli(dir).run("sla", "status", "--at", "2026-11-25T12:00:00Z", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--json", "--db", SharedPostgres.jdbcUrl());
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode clocks = new ObjectMapper().readTree(r.out());
    assertThat(clocks).hasSize(2);
    JsonNode first = clocks.get(0);
    assertThat(first.get("conversation").asLong()).isEqualTo(1000);
    assertThat(first.get("metric").asText()).isEqualTo("first-response");
    assertThat(first.get("policy").asText()).isEqualTo("normal");
    assertThat(first.get("dueAt").asText()).isEqualTo("2026-11-25T13:00:00Z");
    assertThat(first.get("remaining").asText()).isEqualTo("PT1H"); // 4h target, 3h used by 13:00 Vienna
    assertThat(first.get("state").asText()).isEqualTo("running");
    assertThat(first.get("warnedAt").isNull()).isTrue();
    assertThat(clocks.get(1).get("metric").asText()).isEqualTo("resolution");

    Cli.Result table = new Cli(dir).run("sla", "status", "--at", "2026-11-25T12:00:00Z", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--db", SharedPostgres.jdbcUrl());
    assertThat(table.out()).isEqualTo("CONVERSATION  METRIC          POLICY  DUE                                 REMAINING  WARNED  BREACHED\n"
        + "#1000         first-response  normal  Wed 2026-11-25 14:00 Europe/Vienna  1h         no      no\n"
        + "#1000         resolution      normal  Wed 2026-12-02 13:00 Europe/Vienna  45h        no      no\n");
  }

  @Test
  void status_withoutClocks_saysSo() {
    Cli.Result r = new Cli(dir).run("sla", "status", "--db", SharedPostgres.jdbcUrl());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("no open SLA clocks\n");
  }
}
