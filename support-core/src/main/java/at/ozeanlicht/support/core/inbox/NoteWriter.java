package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The one way a private note (and a team-chat message) is written, inside the caller's
 * transaction: the note message (kind {@code note}, never queued for a channel), the author and
 * everyone mentioned as participants, a {@code mention} row (unread marker) and a {@code
 * mention.created} event per mentioned agent, and the author's read mark. Both {@link
 * UnifiedInbox#addNote} and the engine's {@code addNote} and macro notes use it, so an
 * {@code @mention} always reaches the mentioned. Internal: the engine calls it, hosts never do.
 */
public final class NoteWriter {
  private NoteWriter() {}

  /** Where the writer appends its domain events (the caller's transaction collects them). */
  @FunctionalInterface
  public interface Events {
    /** Appends one event in the caller's transaction. */
    void event(String type, @Nullable UUID conversationId, Instant at, Map<String, String> data);
  }

  /** What was written: the note and the conversation as saved. */
  public record Written(Message note, Conversation conversation) {}

  /**
   * Writes {@code text} as a note by {@code author} on {@code c} (loaded, locked and checked by
   * the caller) at {@code now}.
   */
  public static Written write(ConversationStore.Transaction tx, Workspace workspace, Events events,
      Conversation c, String author, String text, Instant now) {
    Mentions.Parsed mentions = Mentions.parse(text, workspace, author);
    Message note = new Message(UUID.randomUUID(), c.id(), MessageKind.NOTE, Sender.agent(author), text,
        ContentType.TEXT, List.of(), null, mentions.names(), now, null, null);
    tx.insertMessage(note, c.inbox());
    LinkedHashSet<String> participants = new LinkedHashSet<>(c.participants());
    participants.add(author);
    mentions.targets().forEach(t -> participants.add(t.agent()));
    Conversation saved = tx.updateConversation(new Conversation(c.id(), c.number(), c.kind(), c.inbox(),
        c.contactId(), List.copyOf(participants), c.status(), c.priority(), c.labels(), c.team(), c.assignee(),
        c.attributes(), c.externalId(), c.createdAt(), now, c.firstResponseAt(), c.resolvedAt(),
        c.snoozedUntil(), c.version()));
    Map<String, String> data = new HashMap<>();
    data.put("messageId", note.id().toString());
    data.put("kind", MessageKind.NOTE.wire());
    if (!mentions.names().isEmpty()) {
      data.put("mentions", String.join(",", mentions.names()));
    }
    events.event("message.created", c.id(), now, data);
    for (Mentions.Target t : mentions.targets()) {
      tx.inbox().insertMention(note.id(), c.id(), t.agent(), t.viaTeam(), now);
      Map<String, String> m = new HashMap<>();
      m.put("messageId", note.id().toString());
      m.put("agent", t.agent());
      m.put("by", author);
      if (t.viaTeam() != null) {
        m.put("team", t.viaTeam());
      }
      events.event("mention.created", c.id(), now, m);
    }
    tx.inbox().markRead(c.id(), author, now); // what I wrote, I have read
    return new Written(note, saved);
  }
}
