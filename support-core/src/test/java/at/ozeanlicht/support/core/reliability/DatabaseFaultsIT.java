package at.ozeanlicht.support.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.ReceiveResult;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.TickReport;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database faults: a connection terminated mid-transaction ({@code pg_terminate_backend} from
 * another session), PostgreSQL restarted, the pool exhausted. Errors are {@link StoreException}s
 * that say what happened, receiving and ticking (idempotent) are retried, other commands are not,
 * and nothing is half-written.
 */
@ExtendWith(PostgresExtension.class)
class DatabaseFaultsIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));

  @TempDir Path tmp;

  private SupportEngine engine() {
    return SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).build();
  }

  private static ReceiveMessage message(String id) {
    return ReceiveMessage.text("wa", InboundContact.of("4915112345678"), id, "Hallo " + id);
  }

  @Test
  void connectionTerminatedMidReceive_retriedOnceAndStoredOnce() throws Exception {
    try (SupportEngine engine = engine()) {
      UUID conversation = engine.receive(message("wamid.T1")).conversation().id();
      ReceiveResult r = whileBackendKilled(conversation, () -> engine.receive(message("wamid.T2")));

      assertThat(r.outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
      assertThat(Sql.count("select count(*) from messages where kind = 'incoming'")).isEqualTo(2);
      assertThat(Sql.count("select count(*) from outbox_events where type = 'message.created'")).isEqualTo(2);
    }
  }

  @Test
  void connectionTerminatedMidReply_clearStoreErrorAndNothingWritten() throws Exception {
    try (SupportEngine engine = engine()) {
      UUID conversation = engine.receive(message("wamid.T1")).conversation().id();
      long events = Sql.count("select count(*) from outbox_events");

      assertThatThrownBy(() -> whileBackendKilled(conversation,
          () -> engine.reply(new SendReply(conversation, "anna", "Gerne!"))))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("db: ")
          .hasMessageContaining("rolled back");
      assertThat(Sql.count("select count(*) from messages")).isEqualTo(1);
      assertThat(Sql.count("select count(*) from outbound_messages")).isZero();
      assertThat(Sql.count("select count(*) from outbox_events")).isEqualTo(events);
      // the pool replaced the dead connection: the next command works
      engine.reply(new SendReply(conversation, "anna", "Gerne!"));
      assertThat(Sql.count("select count(*) from outbound_messages")).isEqualTo(1);
    }
  }

  /**
   * Holds the conversation's row lock from another session so the engine's transaction waits in
   * the middle (after its first writes), terminates the engine's backend, then lets go.
   */
  private static <T> T whileBackendKilled(UUID conversation, Supplier<T> work) throws Exception {
    return whileBackendKilled("select 1 from conversations where id = '" + conversation + "' for update", work);
  }

  /** Takes the lock {@code lockSql} takes, then as above. */
  private static <T> T whileBackendKilled(String lockSql, Supplier<T> work) throws Exception {
    try (Connection blocker = SharedPostgres.pool().getConnection(); Statement s = blocker.createStatement()) {
      s.execute(lockSql);
      CompletableFuture<T> running = CompletableFuture.supplyAsync(work);
      int waiting = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (waiting == 0 && System.nanoTime() < deadline && !running.isDone()) {
        try (ResultSet rs = s.executeQuery("select pid from pg_stat_activity where wait_event_type = 'Lock'"
            + " and pid <> pg_backend_pid() and datname = current_database()")) {
          if (rs.next()) {
            waiting = rs.getInt(1);
          }
        }
      }
      assertThat(waiting).as("the engine's transaction waits on the row lock").isPositive();
      try (ResultSet rs = s.executeQuery("select pg_terminate_backend(" + waiting + ")")) {
        rs.next();
      }
      blocker.commit();
      return running.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  @Test
  void connectionTerminatedMidTick_tickRunsAgainAndTheWarningFiresOnce() throws Exception {
    try (SupportEngine engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small().withSla(sla())).clock(clock).build()) {
      engine.receive(message("wamid.K1"));
      Instant warn = clock.instant().plus(Duration.ofMinutes(6));
      // The warning's transaction has claimed and updated its clock when it waits to insert the event.
      TickReport r = whileBackendKilled("lock table outbox_events in exclusive mode", () -> engine.tick(warn));

      assertThat(r.count("slaWarnings")).isEqualTo(1);
      assertThat(Sql.count("select count(*) from outbox_events where type = 'sla.warning'")).isEqualTo(1);
      assertThat(Sql.count("select count(*) from sla_clocks where warned_at is not null")).isEqualTo(1);
      assertThat(Sql.count("select count(*) from sla_notifications where kind = 'warning'")).isEqualTo(1);
      assertThat(engine.tick(warn).count("slaWarnings")).isZero();
    }
  }

  @Test
  void poolExhausted_storeErrorSaysSoAndNothingWritten() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(SharedPostgres.jdbcUrl());
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(250);
    config.setAutoCommit(false);
    config.setPoolName("exhausted");
    try (HikariDataSource pool = new HikariDataSource(config);
        SupportEngine engine = SupportEngine.builder().dataSource(pool)
            .workspace(TestWorkspaces.small()).clock(clock).build()) {
      try (Connection held = pool.getConnection(); Connection alsoHeld = pool.getConnection()) {
        assertThatThrownBy(() -> engine.receive(message("wamid.P1")))
            .isInstanceOf(StoreException.class)
            .hasMessageStartingWith("db: ")
            .hasMessageContaining("Connection is not available, request timed out after");
      }
      assertThat(Sql.count("select count(*) from messages")).isZero();
      assertThat(engine.receive(message("wamid.P1")).outcome()).isEqualTo(ReceiveResult.Outcome.OPENED);
    }
  }

  /** Issue 12: commands that are not retried fail as clearly as receive, and write nothing. */
  @Test
  void poolExhausted_replyAndTickSaySoWriteNothingAndWorkOnceConnectionsReturn() throws Exception {
    try (HikariDataSource pool = pool(SharedPostgres.jdbcUrl(), 250, "exhausted");
        SupportEngine engine = SupportEngine.builder().dataSource(pool)
            .workspace(TestWorkspaces.small().withSla(sla())).clock(clock).build()) {
      UUID conversation = engine.receive(message("wamid.P1")).conversation().id();
      long events = Sql.count("select count(*) from outbox_events");
      Instant warn = clock.instant().plus(Duration.ofMinutes(6));
      try (Connection held = pool.getConnection(); Connection alsoHeld = pool.getConnection()) {
        for (Runnable command : List.<Runnable>of(
            () -> engine.reply(new SendReply(conversation, "anna", "Gerne!")),
            () -> engine.tick(warn))) {
          assertThatThrownBy(command::run)
              .isInstanceOf(StoreException.class)
              .hasMessageStartingWith("db: exhausted - Connection is not available, request timed out after")
              .hasMessageContaining("total=2, active=2");
        }
      }
      assertThat(Sql.count("select count(*) from messages")).isEqualTo(1);
      assertThat(Sql.count("select count(*) from outbox_events")).isEqualTo(events);
      assertThat(Sql.count("select count(*) from sla_clocks where warned_at is not null")).isZero();

      engine.reply(new SendReply(conversation, "anna", "Gerne!"));
      assertThat(engine.tick(warn).count("slaWarnings")).as("the reply stopped the first-response clock").isZero();
      assertThat(Sql.count("select count(*) from outbound_messages")).isEqualTo(1);
    }
  }

  /**
   * Issue 12: PostgreSQL restarts while the engine is idle, so every pooled connection is dead
   * when the next command borrows it (the pool validates or the command's retry replaces it);
   * then it stops while a tick and a receive run (clear errors after their retries, nothing
   * half-written), and after the second restart everything resumes: the SLA warning fires once,
   * the message that failed is received, a reply is queued.
   */
  @Test
  void postgresRestarted_idleEngineResumesWithoutAnError_tickWhileDownFailsClearlyAndRunsOnceAfter() throws Exception {
    Path data = tmp.resolve("pgdata-tick");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = pg.getPort();
    try (HikariDataSource pool = pool(pg.getJdbcUrl("postgres", "postgres"), 1000, "restarted-tick");
        SupportEngine engine = SupportEngine.builder().dataSource(pool)
            .workspace(TestWorkspaces.small().withSla(sla())).clock(clock).build()) {
      UUID conversation = engine.receive(message("wamid.R1")).conversation().id();
      engine.tick(clock.instant());
      pg.close();
      pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();

      Instant warn = clock.instant().plus(Duration.ofMinutes(6));
      assertThat(engine.tick(warn).count("slaWarnings")).isEqualTo(1);
      assertThat(engine.receive(message("wamid.R2")).outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);

      pg.close();
      Instant breach = clock.instant().plus(Duration.ofMinutes(11));
      assertThatThrownBy(() -> engine.tick(breach)).isInstanceOf(StoreException.class)
          .hasMessageStartingWith("db: ");
      assertThatThrownBy(() -> engine.receive(message("wamid.R3"))).isInstanceOf(StoreException.class)
          .hasMessageStartingWith("db: ");
      pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();

      TickReport after = engine.tick(breach);
      assertThat(after.count("slaWarnings")).isZero();
      assertThat(after.count("slaBreaches")).isEqualTo(1);
      assertThat(engine.tick(breach).count("slaBreaches")).isZero();
      assertThat(engine.receive(message("wamid.R3")).outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
      engine.reply(new SendReply(conversation, "anna", "Gerne!"));
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select (select count(*) from messages where kind = 'incoming'),"
              + " (select count(*) from outbox_events where type = 'sla.warning'),"
              + " (select count(*) from outbox_events where type = 'sla.breached'),"
              + " (select count(*) from outbound_messages)")) {
        rs.next();
        assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
            .containsExactly(3L, 1L, 1L, 1L);
        c.rollback();
      }
    } finally {
      pg.close();
    }
  }

  private static HikariDataSource pool(String url, long connectionTimeoutMillis, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setAutoCommit(false);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  private static SlaConfig sla() {
    ZoneId vienna = ZoneId.of("Europe/Vienna");
    SlaPolicy normal = new SlaPolicy("normal", Priority.NORMAL, null, null, null,
        Map.of(SlaMetric.FIRST_RESPONSE, Duration.ofMinutes(10)), false, 0.5,
        List.of(EscalationAction.NOTIFY), List.of(EscalationAction.NOTIFY), false);
    return new SlaConfig(vienna, Map.of("always", BusinessCalendar.alwaysOpen(vienna)), "always",
        List.of(normal));
  }

  @Test
  void postgresRestarted_errorWhileDownThenReceivingResumesOnTheSamePool() throws Exception {
    Path data = tmp.resolve("pgdata");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = pg.getPort();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(1000);
    config.setAutoCommit(false);
    config.setPoolName("restarted");
    try (HikariDataSource pool = new HikariDataSource(config);
        SupportEngine engine = SupportEngine.builder().dataSource(pool)
            .workspace(TestWorkspaces.small()).clock(clock).build()) {
      engine.receive(message("wamid.S1"));
      pg.close();
      assertThatThrownBy(() -> engine.receive(message("wamid.S2")))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("db: ");
      pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
      assertThat(engine.receive(message("wamid.S2")).outcome()).isEqualTo(ReceiveResult.Outcome.APPENDED);
      assertThat(engine.receive(message("wamid.S1")).outcome()).isEqualTo(ReceiveResult.Outcome.DUPLICATE);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from messages")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2);
        c.rollback();
      }
    } finally {
      pg.close();
    }
  }
}
