/**
 * Immutable domain values: conversations, messages, contacts, agents, teams, inboxes and their
 * enums. Every record checks its invariants on construction and copies its collections, so
 * instances are safe to share between threads.
 */
@NullMarked
package at.ozeanlicht.support.core.domain;

import org.jspecify.annotations.NullMarked;
