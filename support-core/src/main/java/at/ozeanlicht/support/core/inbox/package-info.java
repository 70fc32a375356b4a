/**
 * The unified inbox: one list over support conversations, team chat channels, direct messages and
 * dev tickets, with filters, keyset pages, tab counts, full-text search, read state, mentions,
 * watchers, handoffs, customer context and bulk actions. Reach it through {@code
 * SupportEngine.inbox()}.
 *
 * <p>Every query and command takes an {@link at.ozeanlicht.support.core.domain.Actor}: it decides
 * what "me" and "unread" mean, and (through {@link Audience}) whether private notes may be seen.
 * Access control wraps these entry points; this package only applies note visibility.
 */
@NullMarked
package at.ozeanlicht.support.core.inbox;

import org.jspecify.annotations.NullMarked;
