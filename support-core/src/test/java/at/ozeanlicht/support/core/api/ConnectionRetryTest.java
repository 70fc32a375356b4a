package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which failures {@link ConnectionRetry} runs idempotent work again for, and how often. */
class ConnectionRetryTest {
  private static StoreException failure(String sqlState) {
    return new StoreException("db: failed (the transaction was rolled back)",
        new RuntimeException(new SQLException("failed", sqlState)));
  }

  @Test
  void idempotent_deadlockOrLostConnection_runsAgain() {
    for (String state : new String[] {"40P01", "08006", "57P01"}) {
      AtomicInteger calls = new AtomicInteger();
      String result = ConnectionRetry.idempotent("test", () -> {
        if (calls.incrementAndGet() == 1) {
          throw failure(state);
        }
        return "done";
      });
      assertThat(result).as(state).isEqualTo("done");
      assertThat(calls).as(state).hasValue(2);
    }
  }

  @Test
  void idempotent_otherFailure_thrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ConnectionRetry.idempotent("test", () -> {
      calls.incrementAndGet();
      throw failure("23505");
    })).isInstanceOf(StoreException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void idempotent_deadlockEveryTime_givesUpAfterTheAttempts() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ConnectionRetry.idempotent("test", () -> {
      calls.incrementAndGet();
      throw failure("40P01");
    })).isInstanceOf(StoreException.class);
    assertThat(calls).hasValue(ConnectionRetry.ATTEMPTS);
  }
}
