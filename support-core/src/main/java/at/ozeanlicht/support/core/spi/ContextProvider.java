package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Port: values the host application knows about a conversation's customer, for canned responses
 * and macro notes, e.g. {@code course.module -> "Modul 3"} for {@code {{ course.module }}}. The
 * workspace's {@code macros.yaml} declares which names exist ({@code context: {course: [module]}}),
 * so templates are checked when it loads.
 *
 * <p>Called inside the engine's transaction for the conversation, so keep it fast. Must be
 * thread-safe. A name that is not returned counts as missing: the template's fallback is used,
 * or rendering fails naming the variable. An exception is treated like an empty map and logged
 * once as a warning with the conversation id.
 */
@FunctionalInterface
public interface ContextProvider {
  /**
   * Values by dotted name ({@code namespace.key}) for this conversation.
   *
   * @param conversation the conversation being answered
   * @param contact its customer, or null (team chats)
   * @return values; never null, may be empty
   */
  Map<String, String> values(Conversation conversation, @Nullable Contact contact);
}
