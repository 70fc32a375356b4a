package at.ozeanlicht.support.core.store;

import org.hibernate.jdbc.ReturningWork;

/**
 * Plain JDBC on the current transaction's connection, after flushing the entity changes
 * Hibernate still holds (if any); the stores of one transaction share it.
 */
interface TxJdbc {
  <T> T work(ReturningWork<T> work);

  /**
   * An insert nothing in this transaction reads or refers to: in a group-commit batch it waits
   * and is written with the others of the same SQL in one round trip before commit; otherwise
   * now.
   */
  default void insertLater(String sql, Object... params) {
    work(c -> {
      try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.bind(ps, params);
        return ps.executeUpdate();
      }
    });
  }
}
