package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.spi.ConversationStore;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;

/** Placeholder while the JPA implementation is written; replaced in the next commit. */
final class PostgresConversationStore implements ConversationStore {
  static final Class<?>[] ENTITIES = {};

  PostgresConversationStore(EntityManagerFactory emf) {}

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
