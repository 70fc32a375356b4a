package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.spi.SlaClock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a group-commit transaction read ahead for its received messages ({@code
 * prepareReceives}): each answer is handed out once, to the single call it stands for, and
 * dropped as soon as the transaction writes the row it came from (the caller then reads again).
 * Not thread-safe: one per transaction.
 */
final class ReadAhead {
  /** Sender locks this transaction holds already. */
  private final Set<String> locked = new HashSet<>();
  /** Duplicate lookups by inbox and channel message id; empty: not received before. */
  private final Map<String, Optional<Message>> messages = new HashMap<>();
  /** Contacts by channel and external id; empty: unknown sender. */
  private final Map<String, Optional<Contact>> contacts = new HashMap<>();
  /** Latest support conversations (locked) by contact and inbox; empty: none yet. */
  private final Map<String, Optional<Conversation>> latest = new HashMap<>();
  /** Open SLA clocks (locked) by conversation. */
  private final Map<UUID, List<SlaClock>> clocks = new HashMap<>();

  static String key(Object a, Object b) {
    return a + "\n" + b;
  }

  void locked(String lock) {
    locked.add(lock);
  }

  void message(String inbox, String channelMessageId, Optional<Message> found) {
    messages.put(key(inbox, channelMessageId), found);
  }

  /** The duplicate lookup read ahead, if it was and the sender lock is held; null otherwise. */
  @Nullable Optional<Message> takeMessage(String lock, String inbox, String channelMessageId) {
    return locked.contains(lock) ? messages.remove(key(inbox, channelMessageId)) : null;
  }

  void contact(ChannelType channel, String externalId, Optional<Contact> found) {
    contacts.put(key(channel.wire(), externalId), found);
  }

  @Nullable Optional<Contact> takeContact(ChannelType channel, String externalId) {
    return contacts.remove(key(channel.wire(), externalId));
  }

  /** Forgets what was read for this contact (it is being written). */
  void contactChanged(Contact contact) {
    contacts.values().removeIf(c -> c.isPresent() && c.get().id().equals(contact.id()));
    contact.externalIds().forEach((channel, id) -> contacts.remove(key(channel.wire(), id)));
  }

  void latest(UUID contactId, String inbox, Optional<Conversation> found) {
    latest.put(key(contactId, inbox), found);
  }

  @Nullable Optional<Conversation> takeLatest(UUID contactId, String inbox) {
    return latest.remove(key(contactId, inbox));
  }

  /**
   * Forgets what was read for this conversation and its contact's latest one on its inbox (its
   * clocks stay: they are rows of their own, see {@link #clocksChanged}).
   */
  void conversationChanged(Conversation c) {
    latest.values().removeIf(l -> l.isPresent() && l.get().id().equals(c.id()));
    if (c.contactId() != null) {
      latest.remove(key(c.contactId(), c.inbox()));
    }
  }

  void clocks(UUID conversationId, List<SlaClock> open) {
    clocks.put(conversationId, open);
  }

  @Nullable List<SlaClock> takeClocks(UUID conversationId) {
    return clocks.remove(conversationId);
  }

  void clocksChanged(UUID conversationId) {
    clocks.remove(conversationId);
  }
}
