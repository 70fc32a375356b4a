package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.internal.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reply tokens {@code reply+<conversation uuid>.<signature>@<replyDomain>}: the signature is the
 * first 20 hex digits of HMAC-SHA256(secret, uuid), so a token cannot be guessed or moved to
 * another conversation. Our Message-IDs {@code <conv-<uuid>.msg-<outbox id>@<fromDomain>>} encode
 * the conversation too. Thread-safe.
 */
final class ReplyTokens {
  private static final Pattern TOKEN = Pattern.compile(
      "reply\\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.([0-9a-f]{20})@(.+)");
  private static final Pattern OUR_ID = Pattern.compile(
      "<?conv-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.msg-[0-9a-f-]{36}@(.+?)>?");

  private final String secret;
  private final String replyDomain;
  private final String fromDomain;

  ReplyTokens(String secret, String replyDomain, String fromDomain) {
    this.secret = secret;
    this.replyDomain = replyDomain;
    this.fromDomain = fromDomain;
  }

  /** The reply address for a conversation. */
  String address(UUID conversationId) {
    return "reply+" + conversationId + "." + signature(conversationId) + "@" + replyDomain;
  }

  /** The conversation of a reply address, if it is ours and its signature holds. */
  Optional<UUID> conversation(String address) {
    Matcher m = TOKEN.matcher(address.toLowerCase(Locale.ROOT));
    if (!m.matches() || !m.group(3).equals(replyDomain)) {
      return Optional.empty();
    }
    UUID id = UUID.fromString(m.group(1));
    return Signatures.constantTimeEquals(signature(id), m.group(2)) ? Optional.of(id) : Optional.empty();
  }

  /** Our Message-ID for an outbox row: the same on every attempt. */
  String messageId(UUID conversationId, UUID outboxId) {
    return "<conv-" + conversationId + ".msg-" + outboxId + "@" + fromDomain + ">";
  }

  /** The conversation encoded in one of our Message-IDs (unsigned: the engine checks the sender). */
  Optional<UUID> conversationOfMessageId(String messageId) {
    Matcher m = OUR_ID.matcher(messageId.toLowerCase(Locale.ROOT));
    return m.matches() && m.group(2).equals(fromDomain)
        ? Optional.of(UUID.fromString(m.group(1)))
        : Optional.empty();
  }

  private String signature(UUID id) {
    return Signatures.hmacSha256Hex(secret, id.toString().getBytes(StandardCharsets.UTF_8))
        .substring(0, 20);
  }
}
