/**
 * The PostgreSQL store: Flyway migrations, HikariCP pools, embedded PostgreSQL, and the JPA
 * implementation of {@link at.ozeanlicht.support.core.spi.ConversationStore}. Entities are
 * package-private and never leave this package.
 */
@NullMarked
package at.ozeanlicht.support.core.store;

import org.jspecify.annotations.NullMarked;
