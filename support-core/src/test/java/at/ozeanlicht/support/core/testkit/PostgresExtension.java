package at.ozeanlicht.support.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for {@code …IT} tests: truncates all tables of the {@link SharedPostgres}
 * database before each test and fails a test that leaves a pooled connection checked out.
 */
public final class PostgresExtension implements BeforeEachCallback, AfterEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) {
    SharedPostgres.truncate();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertThat(SharedPostgres.pool().getHikariPoolMXBean().getActiveConnections())
        .as("pooled connections still in use after the test (leak)")
        .isZero();
  }
}
