package at.ozeanlicht.support.core.api;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a channel knows about how an inbound message relates to earlier ones, and whether a
 * machine sent it. Channels with a thread model of their own (e-mail) attach hints to {@link
 * ReceiveMessage}; chat channels leave them out and the message goes to the contact's latest
 * conversation on the inbox.
 *
 * <p>With hints the engine takes the <em>first</em> of these that names a conversation on the
 * same inbox whose contact is the sender (so a stranger holding a token or a Message-ID never
 * writes into someone else's conversation): each of {@link #conversationIds()} in order (a
 * verified reply token, then conversations encoded in the channel ids of messages we sent), then
 * each of {@link #references()} looked up as the channel id of a stored message, then {@link
 * #conversationNumber()} (a subject tag). If none matches, a new conversation is opened.
 *
 * <p>An {@link #automatic()} message (auto-reply, bounce, list mail) is stored but never
 * reopens or changes the status of a conversation, never restarts SLA clocks and never runs
 * routing, so no acknowledgment is sent for it. Addresses in {@link #undeliverable()} (a bounce's
 * failed recipients) mark the contact with that channel id with the attribute {@value
 * #UNDELIVERABLE}{@code =true}. Immutable.
 *
 * @param conversationIds candidate conversations, most trusted first
 * @param references channel message ids the message answers ({@code In-Reply-To}, then {@code
 *     References} newest first)
 * @param conversationNumber a conversation number the message names (subject tag), or null
 * @param subject the subject, kept as conversation attribute {@value #SUBJECT} when a
 *     conversation is opened, or null
 * @param automatic true if a machine sent it
 * @param undeliverable channel ids (lower-case addresses) reported undeliverable
 * @param fullText the whole decoded text when the message body was stripped (e-mail quotes and
 *     signature), kept beside the message; null for none
 * @param html the sanitized HTML part, kept beside the message; null for none
 */
public record ReceiveHints(
    List<UUID> conversationIds,
    List<String> references,
    @Nullable Long conversationNumber,
    @Nullable String subject,
    boolean automatic,
    List<String> undeliverable,
    @Nullable String fullText,
    @Nullable String html) {
  /** Conversation attribute holding the subject of the message that opened it. */
  public static final String SUBJECT = "subject";
  /** Contact attribute set to {@code true} when a channel reported the contact undeliverable. */
  public static final String UNDELIVERABLE = "undeliverable";

  /** Checks for nulls; copies the lists. */
  public ReceiveHints {
    conversationIds = List.copyOf(conversationIds);
    references = List.copyOf(references);
    undeliverable = List.copyOf(undeliverable);
  }

  /** Hints without kept content. */
  public ReceiveHints(List<UUID> conversationIds, List<String> references,
      @Nullable Long conversationNumber, @Nullable String subject, boolean automatic,
      List<String> undeliverable) {
    this(conversationIds, references, conversationNumber, subject, automatic, undeliverable, null, null);
  }

  /** No thread keys: a new conversation unless a later hint matches. */
  public static ReceiveHints none() {
    return new ReceiveHints(List.of(), List.of(), null, null, false, List.of());
  }

  /** Ids, counts and flags only; never the subject or addresses. */
  @Override
  public String toString() {
    return "ReceiveHints[" + conversationIds.size() + " conversation ids, " + references.size()
        + " references, number " + conversationNumber + ", automatic " + automatic + ", "
        + undeliverable.size() + " undeliverable, content " + (fullText != null || html != null) + "]";
  }
}
