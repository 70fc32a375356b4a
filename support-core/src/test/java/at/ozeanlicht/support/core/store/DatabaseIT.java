package at.ozeanlicht.support.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.ReceiveResult;
import at.ozeanlicht.support.core.api.SchemaMode;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseIT {

  /** A fresh, empty database on the shared server. */
  private static Database emptyDatabase(String name) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("drop database if exists " + name);
      s.execute("create database " + name);
    }
    String url = SharedPostgres.jdbcUrl().replace("/postgres?", "/" + name + "?");
    return Database.connect(url, null, null, 2);
  }

  @Test
  void migrate_fromEmpty_appliesEveryMigrationAndHibernateValidatesTheSchema() throws Exception {
    try (Database db = emptyDatabase("migrate_from_empty")) {
      assertThat(db.status()).extracting(SchemaMigration::state).containsOnly("pending");
      int applied = db.migrate();
      assertThat(applied).isEqualTo(db.status().size()).isPositive();
      assertThat(db.status()).extracting(SchemaMigration::state).containsOnly("success");
      assertThat(db.status()).allSatisfy(m -> assertThat(m.installedOn()).isNotNull());
      assertThat(db.migrate()).isZero();
      db.requireCurrent();
      // Building the persistence unit runs Hibernate's schema validation against the migrated tables.
      assertThat(db.entityManagerFactory().isOpen()).isTrue();
    }
  }

  @Test
  void build_validateOnlyOnUnmigratedDatabase_failsNamingTheMissingMigrations() throws Exception {
    try (Database db = emptyDatabase("validate_only_empty")) {
      assertThatThrownBy(() -> SupportEngine.builder().dataSource(db.dataSource())
              .schemaMode(SchemaMode.VALIDATE_ONLY).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("schema: not current")
          .hasMessageContaining("support db migrate");
    }
  }

  @Test
  void embedded_underAHome_keepsDataAcrossRestarts(@TempDir Path home) {
    ReceiveMessage msg = ReceiveMessage.text("web", InboundContact.of("visitor-1"), "echo-1", "Hallo");
    try (SupportEngine engine = SupportEngine.builder().embedded(home).workspace(TestWorkspaces.small()).build()) {
      assertThat(engine.receive(msg).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    }
    try (SupportEngine engine = SupportEngine.builder().embedded(home).workspace(TestWorkspaces.small()).build()) {
      assertThat(engine.receive(msg).outcome()).isEqualTo(ReceiveResult.Outcome.DUPLICATE);
    }
    assertThat(home.resolve("pgdata/PG_VERSION")).exists();
  }

  @Test
  void embedded_commitsDurably_notZonkysSynchronousCommitOff(@TempDir Path home) throws Exception {
    try (Database db = Database.embedded(home, 1);
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("show synchronous_commit")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("on");
    }
  }

  @Test
  void embedded_syncsToDisk_notZonkysFsyncOff_andTakesExtraSettings(@TempDir Path home) throws Exception {
    try (Database db = Database.embedded(home, 1, Database.BULK_LOAD_SETTINGS);
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'),"
            + " current_setting('max_wal_size'), current_setting('shared_buffers')")) {
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
          .containsExactly("on", "on", "8GB", "1GB");
    }
  }

  @Test
  void embedded_takesConnectionsOnlyThroughItsPrivateSocket_tcpLoginsRefused(@TempDir Path home)
      throws Exception {
    for (int start = 1; start <= 2; start++) { // pg_hba.conf is written at every start
      try (Database db = Database.embedded(home, 1);
          Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement();
          var rs = st.executeQuery("select current_setting('port'), inet_server_addr() is null")) {
        assertThat(rs.next()).isTrue();
        String port = rs.getString(1);
        assertThat(rs.getBoolean(2)).as("connected through a Unix socket, start " + start).isTrue();
        assertThat(home.resolve("run/.s.PGSQL." + port)).exists();
        assertThat(Files.getPosixFilePermissions(home.resolve("run"))).containsExactlyInAnyOrder(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres").close())
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("pg_hba.conf rejects connection");
      }
    }
  }

  @Test
  void redact_hidesPasswords() {
    assertThat(Database.redact("jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
    assertThat(List.of(Database.redact("jdbc:postgresql://db/x"))).containsExactly("jdbc:postgresql://db/x");
  }
}
