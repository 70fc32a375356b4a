package at.ozeanlicht.support.core.testkit;

import at.ozeanlicht.support.core.store.Database;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL 17 per test JVM, migrated once by Flyway. Tests get a pooled {@link
 * Database} (whose persistence unit is built once) or a JDBC URL for the CLI. Use {@link
 * PostgresExtension} to truncate tables between tests and check for leaked connections.
 */
public final class SharedPostgres {
  private static EmbeddedPostgres server;
  private static HikariDataSource pool;
  private static Database database;

  private SharedPostgres() {}

  private static synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setMaximumPoolSize(12);
    config.setAutoCommit(false);
    config.setPoolName("test");
    pool = new HikariDataSource(config);
    database = Database.of(pool);
    database.migrate();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      database.close();
      pool.close();
      try {
        server.close();
      } catch (IOException ignored) {
        // the JVM is exiting
      }
    }));
  }

  /** The migrated shared database. */
  public static Database database() {
    start();
    return database;
  }

  /** The pool behind {@link #database()}. */
  public static HikariDataSource pool() {
    start();
    return pool;
  }

  /** A JDBC URL with user for the shared server, e.g. for {@code support --db}. */
  public static synchronized String jdbcUrl() {
    if (server == null) {
      start();
    }
    return server.getJdbcUrl("postgres", "postgres");
  }

  /**
   * Empties every data table (the schema stays migrated). The tables are discovered from the
   * catalog, so a new migration's tables are covered without editing this list.
   */
  public static void truncate() {
    try (Connection c = pool().getConnection(); Statement s = c.createStatement()) {
      String tables;
      try (var rs = s.executeQuery("select string_agg(format('%I', tablename), ', ') from pg_tables"
          + " where schemaname = current_schema() and tablename not in ('flyway_schema_history', 'support_schema_history')")) {
        rs.next();
        tables = rs.getString(1);
      }
      s.execute("truncate " + tables + " restart identity cascade");
      s.execute("alter sequence conversation_number_seq restart with 1000");
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("truncate failed", e);
    }
  }
}
