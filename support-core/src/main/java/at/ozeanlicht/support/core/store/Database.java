package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.crypto.FieldCipher;
import at.ozeanlicht.support.core.spi.ConversationStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database the library stores its data in: an embedded PostgreSQL 17 under a home
 * directory, a server reached by JDBC URL through a HikariCP pool, or a host's own {@link
 * DataSource}. Flyway migrations own the schema; Hibernate only validates it.
 *
 * <p>Thread-safe. {@link #close()} stops what this object started (embedded server, pool,
 * persistence unit) and never closes a host's DataSource.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DataSource dataSource;
  private final @Nullable EmbeddedPostgres embedded;
  private final @Nullable HikariDataSource pool;
  private final Object lock = new Object();
  private @Nullable EntityManagerFactory emf;
  private volatile FieldCipher cipher = FieldCipher.none();

  private Database(DataSource dataSource, @Nullable EmbeddedPostgres embedded, @Nullable HikariDataSource pool) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.pool = pool;
  }

  /**
   * Server settings for an embedded database that loads a large history (PostgreSQL manual,
   * "Populating a Database"), for {@link #embedded(Path, int, Map)}; {@code support bench report}
   * uses them. Durability is unchanged (fsync and synchronous_commit stay on).
   *
   * <ul>
   *   <li>{@code max_wal_size=8GB}, {@code checkpoint_timeout=30min}: with the default 1GB a
   *       checkpoint came every ~1GB of WAL, and after each one the first change of every index
   *       page is logged as a full 8 kB page image; the imports' random-order indexes (messages
   *       by creation time, conversations by creation and activity time) touch pages all over.
   *       Measured with 300,000 conversations (2.5M messages): 102,922 full-page images and
   *       2,992 MB of WAL with the defaults, 934 and 2,426 MB with these (no checkpoint
   *       during the load instead of five). Costs disk: up to 8GB of WAL between checkpoints, and a longer crash recovery.
   *   <li>{@code shared_buffers=1GB} (default 128MB): the message and conversation indexes of
   *       a few million rows outgrow 128MB, and every page that falls out is copied back from
   *       the OS cache; at 300,000 conversations PostgreSQL's system CPU time fell from 9.4–9.9 s
   *       to 5.7–6.5 s (two runs each). Costs 1GB of shared memory while the server runs.
   * </ul>
   */
  public static final Map<String, String> BULK_LOAD_SETTINGS = Map.of(
      "max_wal_size", "8GB",
      "checkpoint_timeout", "30min",
      "shared_buffers", "1GB");

  /** Wraps a host's DataSource; it is never closed by this object. */
  public static Database of(DataSource dataSource) {
    return new Database(Objects.requireNonNull(dataSource, "dataSource"), null, null);
  }

  /**
   * Connects to a PostgreSQL server through a new HikariCP pool.
   *
   * @param url {@code jdbc:postgresql://host:port/db}
   * @param user user name, or null to take it from the URL
   * @param password password, or null
   * @param poolSize maximum pool size, 1 to 100
   */
  public static Database connect(String url, @Nullable String user, @Nullable String password, int poolSize) {
    Objects.requireNonNull(url, "url");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setPoolName("support");
    config.setAutoCommit(false);
    try {
      HikariDataSource pool = new HikariDataSource(config);
      return new Database(pool, null, pool);
    } catch (RuntimeException e) {
      throw new StoreException("db: cannot connect to " + redact(url) + ": " + rootMessage(e), e);
    }
  }

  /**
   * Starts (creating on first use) an embedded PostgreSQL 17 whose data lives in {@code
   * home/pgdata}; it is stopped cleanly by {@link #close()}. Where the platform has Unix domain
   * sockets it takes connections only through a socket in {@code home/run} (mode {@code 0700})
   * and refuses TCP logins, so no other local user can reach the data.
   */
  public static Database embedded(Path home) {
    return embedded(home, 10);
  }

  /** Like {@link #embedded(Path)} with a pool of at most {@code poolSize} connections (1 to 100). */
  public static Database embedded(Path home, int poolSize) {
    return embedded(home, poolSize, Map.of());
  }

  /**
   * Like {@link #embedded(Path, int)} with server settings ({@code postgresql.conf} names and
   * values, e.g. {@link #BULK_LOAD_SETTINGS}) over the defaults, for this start only.
   */
  public static Database embedded(Path home, int poolSize, Map<String, String> settings) {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(settings, "settings");
    try {
      Files.createDirectories(home);
      Path data = home.resolve("pgdata");
      Path binaries = home.resolve("pg");
      Files.createDirectories(binaries);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(binaries.toFile())
          // zonky's defaults are for throwaway test databases: synchronous_commit=off and `-F`
          // (fsync=off) on the server's command line. A crash of PostgreSQL or the machine could
          // then lose commits already acknowledged, and without fsync an OS crash or power loss
          // can corrupt the data directory. The engine's data must be durable: both back on (a
          // later -c wins over -F).
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on");
      settings.forEach(builder::setServerConfig);
      boolean socket = EmbeddedAccess.configure(builder, home);
      EmbeddedPostgres pg = builder.start();
      LOG.info("embedded PostgreSQL started, reached through {}", socket
          ? "its private Unix socket under " + home.resolve("run") : "localhost:" + pg.getPort());
      HikariConfig config = new HikariConfig();
      config.setDataSource(pg.getPostgresDatabase());
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(1);
      config.setPoolName("support-embedded");
      config.setAutoCommit(false);
      HikariDataSource pool = new HikariDataSource(config);
      return new Database(pool, pg, pool);
    } catch (IOException | RuntimeException e) {
      throw new StoreException("db: cannot start embedded PostgreSQL under " + home + ": "
          + rootMessage(e) + " (is another support process using this home?)", e);
    }
  }

  /** {@code $SUPPORT_HOME}, else {@code ~/.support}. */
  public static Path defaultHome() {
    String env = System.getenv("SUPPORT_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".support");
  }

  /** A JDBC URL with any password parameter replaced by {@code ***}, safe to log. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The DataSource all work goes through. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Applies pending migrations; returns how many were applied. */
  public int migrate() {
    try {
      MigrateResult result = flyway().migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("applied {} schema migration(s), now at version {}", result.migrationsExecuted,
            result.targetSchemaVersion);
      }
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException("db: migration failed: " + rootMessage(e), e);
    }
  }

  /** Every known migration with its state, oldest first. */
  public List<SchemaMigration> status() {
    try {
      List<SchemaMigration> out = new ArrayList<>();
      for (MigrationInfo info : flyway().info().all()) {
        out.add(new SchemaMigration(
            info.getVersion() == null ? "" : info.getVersion().getVersion(),
            info.getDescription(),
            info.getState().getDisplayName().toLowerCase(java.util.Locale.ROOT),
            info.getInstalledOn() == null ? null : Instant.ofEpochMilli(info.getInstalledOn().getTime())));
      }
      return out;
    } catch (FlywayException e) {
      throw new StoreException("db: cannot read migration status: " + rootMessage(e), e);
    }
  }

  /** Fails unless every migration is applied (for hosts that run Flyway themselves). */
  public void requireCurrent() {
    List<String> pending = status().stream()
        .filter(m -> !m.state().equals("success"))
        .map(m -> m.version() + " (" + m.state() + ")")
        .toList();
    if (!pending.isEmpty()) {
      throw new ConfigurationException("schema: not current, migrations not applied: "
          + String.join(", ", pending) + "; run 'support db migrate' or use SchemaMode.MIGRATE");
    }
  }

  /** The store over this database; all stores of one Database share one persistence unit. */
  public ConversationStore conversationStore() {
    return new PostgresConversationStore(entityManagerFactory(), dataSource, cipher);
  }

  /**
   * Encrypts message bodies and contact fields at rest with {@code cipher} in the stores made
   * after this call ({@link FieldCipher#none()}, the default, stores plaintext).
   */
  public Database encryption(FieldCipher cipher) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    return this;
  }

  /** Re-encrypts stored values under the active key of the cipher set by {@link #encryption}. */
  public KeyRotation keyRotation() {
    return new KeyRotation(dataSource, cipher);
  }

  EntityManagerFactory entityManagerFactory() {
    synchronized (lock) {
      if (emf == null) {
        try {
          emf = new HibernatePersistenceConfiguration("support")
              .property("jakarta.persistence.nonJtaDataSource", dataSource)
              .managedClasses(PostgresConversationStore.ENTITIES)
              .property("hibernate.hbm2ddl.auto", "validate")
              .property("hibernate.jdbc.batch_size", 50)
              .property("hibernate.order_inserts", true)
              .property("hibernate.order_updates", true)
              // Our own pools hand out connections with auto-commit off, so Hibernate may skip
              // switching it per transaction; a host's pool may have it on (HikariCP's default),
              // and then Hibernate turns it off for each transaction and back on afterwards.
              .property("hibernate.connection.provider_disables_autocommit", pool != null)
              .property("hibernate.boot.allow_jdbc_metadata_access", true)
              .createEntityManagerFactory();
        } catch (RuntimeException e) {
          throw new StoreException("db: schema does not match the entities: " + rootMessage(e), e);
        }
      }
      return emf;
    }
  }

  private Flyway flyway() {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .table("support_schema_history")
        .baselineOnMigrate(false)
        .load();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (emf != null) {
        emf.close();
        emf = null;
      }
    }
    if (pool != null) {
      pool.close();
    }
    if (embedded != null) {
      try {
        embedded.close();
        LOG.info("embedded PostgreSQL stopped");
      } catch (IOException e) {
        LOG.warn("stopping embedded PostgreSQL failed: {}", e.toString());
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
