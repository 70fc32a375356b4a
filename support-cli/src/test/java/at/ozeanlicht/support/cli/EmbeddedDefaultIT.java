package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --db the tool runs its own embedded PostgreSQL under --home and stops it after each command. */
class EmbeddedDefaultIT {
  @TempDir Path home;

  @Test
  void demo_twiceOnEmbeddedDefault_isIdempotentAndStopsTheDatabase() {
    Cli cli = new Cli(home);

    Cli.Result migrate = cli.run("db", "migrate", "--home", home.toString());
    Cli.Result first = cli.run("demo", "--home", home.toString());
    Cli.Result second = cli.run("demo", "--home", home.toString());
    Cli.Result status = cli.run("db", "status", "--home", home.toString());

    assertThat(migrate.code()).as(migrate.toString()).isZero();
    assertThat(migrate.out()).matches("applied [1-9][0-9]* migrations?, schema at version [0-9]+\n");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("imported 31 conversations (99 messages), 0 unchanged", "== Dienstag, 2026-11-24");
    // A second start on the same data directory only works if the first run stopped cleanly.
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.out()).contains("imported 0 conversations (0 messages), 31 unchanged", "== Mittwoch, 2026-11-25");
    assertThat(status.out()).contains("success");
    assertThat(Files.exists(home.resolve("pgdata/postmaster.pid"))).isFalse();
  }
}
