package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Computes weekly and monthly reports over a support database. Every figure is an aggregate
 * computed by PostgreSQL in one read-only REPEATABLE READ transaction, so a report describes one
 * consistent snapshot and costs a handful of rows of transfer whatever the period's size.
 * Thread-safe; each call borrows one connection.
 */
public final class Reports {
  private final DataSource dataSource;
  private final Workspace workspace;
  private final Clock clock;

  private Reports(DataSource dataSource, Workspace workspace, Clock clock) {
    this.dataSource = dataSource;
    this.workspace = workspace;
    this.clock = clock;
  }

  /**
   * Reports over a database migrated to the current schema, for a workspace (which gives inboxes
   * their channel and business calendar, and the default zone).
   */
  public static Reports of(DataSource dataSource, Workspace workspace) {
    return of(dataSource, workspace, Clock.systemUTC());
  }

  /**
   * As {@link #of(DataSource, Workspace)}, with the clock that says "now" for SLA targets of
   * conversations without clock rows that have not ended yet (see {@code sla} in the README).
   */
  public static Reports of(DataSource dataSource, Workspace workspace, Clock clock) {
    return new Reports(Objects.requireNonNull(dataSource, "dataSource"),
        Objects.requireNonNull(workspace, "workspace"), Objects.requireNonNull(clock, "clock"));
  }

  /** The workspace's zone, the default for reports. */
  public ZoneId defaultZone() {
    return workspace.defaults().zone();
  }

  /** The report of the ISO week containing {@code day}, counted in {@code zone}. */
  public Report weekly(LocalDate day, ZoneId zone) {
    return report(ReportPeriod.week(day), zone);
  }

  /** The report of a calendar month, counted in {@code zone}. */
  public Report monthly(YearMonth month, ZoneId zone) {
    return report(ReportPeriod.month(month), zone);
  }

  /**
   * The report of a period in a zone.
   *
   * @throws StoreException if the database cannot be read
   */
  public Report report(ReportPeriod period, ZoneId zone) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Instant from = period.start(zone);
    Instant to = period.end(zone);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        try (Statement s = c.createStatement()) {
          // A dozen short aggregate queries: JIT compilation would cost more than it saves, and
          // percentile_cont sorts should stay in memory.
          s.execute("set local jit = off");
          s.execute("set local work_mem = '64MB'");
        }
        ReportQueries q = new ReportQueries(c, workspace, zone, from, to, clock.instant());
        Report.Durations[] first = q.responses();
        Report.Csat csat = q.csat(from, to);
        Double deflection = q.deflection();
        Report report = new Report(period, zone, q.conversations(), first[0], first[1],
            q.resolution(), first[2], csat, deflection, q.topLabels(5), q.agents(),
            q.heatmap(), q.sla(), new ReportInsights(c, q, workspace, period, zone, csat, first[0], deflection).build());
        c.commit();
        return report;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setReadOnly(false);
      }
    } catch (SQLException e) {
      throw new StoreException("report: reading the database failed: " + e.getMessage(), e);
    }
  }
}
