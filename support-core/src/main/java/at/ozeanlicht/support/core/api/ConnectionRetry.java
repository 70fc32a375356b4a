package at.ozeanlicht.support.core.api;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs idempotent work again when the database connection broke under it (the server restarted,
 * an operator terminated the backend, the network dropped): SQL state class {@code 08}
 * (connection exception) or {@code 57P01..57P03} (admin shutdown, crash shutdown, cannot connect
 * now). The broken transaction was rolled back by the server, so running it again is safe only for
 * work that is idempotent by itself, such as receiving (deduplicated by channel message id). Other
 * commands surface the {@link StoreException} to the caller.
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
        if (attempt >= ATTEMPTS || !connectionLost(e)) {
          throw e;
        }
        LOG.warn("{}: database connection lost ({}), trying again ({} of {})", what,
            e.getMessage(), attempt + 1, ATTEMPTS);
      }
    }
  }

  /** Whether a cause is an SQL exception saying the connection (not the statement) failed. */
  static boolean connectionLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03")) {
          return true;
        }
      }
    }
    return false;
  }
}
