package at.ozeanlicht.support.core.api;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs idempotent work again when the database connection broke under it (the server restarted,
 * an operator terminated the backend, the network dropped): SQL state class {@code 08}
 * (connection exception) or {@code 57P01..57P03} (admin shutdown, crash shutdown, cannot connect
 * now), and when PostgreSQL rolled the transaction back to break a deadlock ({@code 40P01}; the
 * long {@code ManyNodesIT} met one between a tick's SLA clock lock and a concurrent receive). The
 * transaction was rolled back by the server, so running it again is safe only for work that is
 * idempotent by itself, such as receiving (deduplicated by channel message id) and ticking (clocks
 * claimed with SKIP LOCKED, each marked once). Other commands surface the {@link StoreException}
 * to the caller.
 */
final class ConnectionRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRetry.class);
  static final int ATTEMPTS = 3;

  private ConnectionRetry() {}

  static <T> T idempotent(String what, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (StoreException e) {
        boolean lost = connectionLost(e);
        if (attempt >= ATTEMPTS || !(lost || deadlock(e))) {
          throw e;
        }
        LOG.warn("{}: {} ({}), trying again ({} of {})", what,
            lost ? "database connection lost" : "rolled back to break a deadlock", e.getMessage(),
            attempt + 1, ATTEMPTS);
      }
    }
  }

  /** Whether a cause is an SQL exception saying the connection (not the statement) failed. */
  static boolean connectionLost(Throwable e) {
    return sqlState(e, state -> state.startsWith("08") || state.equals("57P01")
        || state.equals("57P02") || state.equals("57P03"));
  }

  /** Whether a cause is PostgreSQL's "deadlock detected" (the transaction was rolled back). */
  static boolean deadlock(Throwable e) {
    return sqlState(e, "40P01"::equals);
  }

  private static boolean sqlState(Throwable e, java.util.function.Predicate<String> test) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && test.test(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
