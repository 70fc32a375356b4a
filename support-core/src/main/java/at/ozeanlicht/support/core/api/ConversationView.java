package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One conversation with everything an agent sees: contact, all messages (notes included) in
 * order, and the CSAT rating if given.
 *
 * @param conversation the conversation
 * @param contact the customer, or null for team chats and dev tickets
 * @param messages messages, oldest first
 * @param csat the rating, or null
 */
public record ConversationView(
    Conversation conversation,
    @Nullable Contact contact,
    List<Message> messages,
    @Nullable CsatView csat) {
  /** Checks for nulls; copies the list. */
  public ConversationView {
    Objects.requireNonNull(conversation, "conversation");
    messages = List.copyOf(messages);
  }
}
