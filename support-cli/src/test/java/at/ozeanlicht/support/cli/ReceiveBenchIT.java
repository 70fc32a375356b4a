package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code support bench receive} end to end, on the shared test database ({@code --db}) so the
 * build does not start another PostgreSQL; the default (a fresh temporary one) is the same path.
 */
@ExtendWith(PostgresExtension.class)
class ReceiveBenchIT {
  private static final String WS = Cli.REFERENCE_WORKSPACE.toString();

  @TempDir Path tmp;

  @Test
  void benchReceive_smallRun_printsRateAndLatencyWithNoFailures() {
    Cli.Result r = new Cli(tmp).run("--db", SharedPostgres.jdbcUrl(), "bench", "receive",
        "--workspace", WS, "--messages", "60",
        "--conversations", "10", "--threads", "2", "--warmup", "10");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("receive: 60 messages, 10 conversations, 2 threads, group commit 16,"
        + " \\d+ cores: "
        + "[\\d,]+ messages/s; latency p50 [\\d.]+ ms, p99 [\\d.]+ ms, max [\\d.]+ ms; 0 failed");
    // At least the 10 asked for, then rounds of 5 while the compiler is busy, 50 at most.
    java.util.regex.Matcher warm = java.util.regex.Pattern.compile("receive: warm-up (\\d+) messages,"
        + " (until the JIT compiler was quiet|the JIT compiler still busy at its end), then ANALYZE;"
        + " the JIT compiler then compiled for [\\d,]+ ms during the measured run").matcher(r.out());
    assertThat(warm.find()).as(r.out()).isTrue();
    assertThat(Integer.parseInt(warm.group(1))).isBetween(10, 50);
    assertThat((Integer.parseInt(warm.group(1)) - 10) % 5).isZero();
  }

  @Test
  void benchReceive_topicChanges_runsAndSaysSo() {
    Cli.Result r = new Cli(tmp).run("--db", SharedPostgres.jdbcUrl(), "bench", "receive",
        "--workspace", WS, "--messages", "24", "--conversations", "4", "--threads", "2",
        "--warmup", "0", "--topic-changes");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("receive: 24 messages, 4 conversations (topic changes), 2 threads,");
    assertThat(r.out()).containsPattern("receive: warm-up 0 messages, then ANALYZE; the JIT compiler then compiled");
    assertThat(r.out()).contains("; 0 failed");
  }

  @Test
  void benchReceive_badOptions_exitTwoNamingTheOption() {
    Cli.Result r = new Cli(tmp).run("bench", "receive", "--workspace", WS, "--threads", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--threads: must be between 1 and 64, was 0");
    Cli.Result g = new Cli(tmp).run("bench", "receive", "--workspace", WS, "--group-commit", "0");
    assertThat(g.code()).isEqualTo(2);
    assertThat(g.err()).contains("--group-commit: must be between 1 and 1000, was 0");
    Cli.Result t = new Cli(tmp).run("bench", "receive", "--workspace", WS, "--transactions", "65");
    assertThat(t.code()).isEqualTo(2);
    assertThat(t.err()).contains("--transactions: must be between 0 (the engine's default) and 64, was 65");
  }
}
