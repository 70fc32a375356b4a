package at.ozeanlicht.support.core.store;

import org.hibernate.jdbc.ReturningWork;

/**
 * Plain JDBC on the current transaction's connection, after flushing the entity changes
 * Hibernate still holds (if any); the stores of one transaction share it.
 */
interface TxJdbc {
  <T> T work(ReturningWork<T> work);
}
