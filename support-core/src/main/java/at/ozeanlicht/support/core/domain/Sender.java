package at.ozeanlicht.support.core.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who wrote a message.
 *
 * @param type contact, agent, bot or system
 * @param id the contact id (as text) or agent handle; null for bot and system
 */
public record Sender(SenderType type, @Nullable String id) {
  private static final Sender BOT = new Sender(SenderType.BOT, null);
  private static final Sender SYSTEM = new Sender(SenderType.SYSTEM, null);

  /** Checks that contacts and agents carry an id. */
  public Sender {
    Objects.requireNonNull(type, "type");
    if ((type == SenderType.CONTACT || type == SenderType.AGENT) && (id == null || id.isBlank())) {
      throw new IllegalArgumentException("id: required for sender type " + type.wire());
    }
  }

  /** An agent by handle. */
  public static Sender agent(String handle) {
    return new Sender(SenderType.AGENT, handle);
  }

  /** A contact by id. */
  public static Sender contact(java.util.UUID contactId) {
    return new Sender(SenderType.CONTACT, contactId.toString());
  }

  /** The AI assistant. */
  public static Sender bot() {
    return BOT;
  }

  /** The system itself (activity messages). */
  public static Sender system() {
    return SYSTEM;
  }

  /** {@code agent:thomas}, {@code contact:<uuid>}, {@code bot} or {@code system}. */
  @Override
  public String toString() {
    return id == null ? type.wire() : type.wire() + ":" + id;
  }
}
