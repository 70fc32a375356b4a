package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code target/support.jar} as a user would: catches what only breaks when
 * Hibernate, Flyway, Logback and the embedded PostgreSQL are merged into one jar (service files,
 * migration scanning, binaries).
 */
class ShadedJarIT {
  static final Path JAR = Path.of("target", "support.jar").toAbsolutePath();

  @TempDir static Path home;

  @BeforeAll
  static void jarIsBuilt() {
    assertThat(JAR).as("run 'mvn verify' so the package phase builds the shaded jar").isRegularFile();
  }

  @Test
  void version_printsVersion() throws Exception {
    Run r = java("--version");

    assertThat(r.code).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("support 0.1.0-SNAPSHOT\n");
  }

  @Test
  void migrateAndDemo_runInsideTheShadedJar() throws Exception {
    Run migrate = java("db", "migrate", "--home", home.toString());
    Run demo = java("demo", "--home", home.toString());

    assertThat(migrate.code).as(migrate.toString()).isZero();
    assertThat(migrate.out).matches("applied [1-9][0-9]* migrations?, schema at version [0-9]+\n");
    assertThat(migrate.err).isEmpty();
    assertThat(demo.code).as(demo.toString()).isZero();
    assertThat(demo.out).contains("imported 31 conversations (99 messages)", "AI acknowledged only (boundary: vip)");
    assertThat(demo.err).isEmpty();
  }

  @Test
  void usageError_exits2() throws Exception {
    Run r = java("conversation", "show", "x");

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).startsWith("error: ID: ");
  }

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("SUPPORT_DB_URL");
    pb.environment().remove("SUPPORT_HOME");
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("support " + String.join(" ", args) + " did not finish in 3 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
