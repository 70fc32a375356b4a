package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Command: import a finished or ongoing conversation from another system. Idempotent by {@code
 * externalId}: importing the same conversation again changes nothing.
 *
 * @param externalId the conversation's id in the source system
 * @param inbox the inbox id
 * @param channel the channel type; must match the inbox's
 * @param contact the customer
 * @param assignee agent handle, or null
 * @param team team id whose queue holds it, or null
 * @param status status
 * @param priority priority
 * @param labels labels
 * @param createdAt when it was opened
 * @param resolvedAt when it was resolved, or null
 * @param csat the customer's rating, or null
 * @param messages the messages, in any order (stored ordered by time)
 */
public record ImportConversation(
    String externalId,
    String inbox,
    ChannelType channel,
    Contact contact,
    @Nullable String assignee,
    @Nullable String team,
    Status status,
    Priority priority,
    Set<String> labels,
    Instant createdAt,
    @Nullable Instant resolvedAt,
    @Nullable CsatView csat,
    List<ImportMessage> messages) {

  /**
   * What an import stores besides the given fields, the same for every import path.
   *
   * @param messagesByTime the messages by time (file order at one instant), as they are stored
   * @param firstResponseAt the first outgoing message at or after the first incoming one (any
   *     outgoing one when there is no incoming message), or null
   * @param lastActivityAt the newest message's time, never before {@code createdAt}
   */
  public record Stored(List<ImportMessage> messagesByTime, @Nullable Instant firstResponseAt,
      Instant lastActivityAt) {}

  /** The derived columns and message order an import writes; see {@link Stored}. */
  public Stored stored() {
    List<ImportMessage> byTime = new ArrayList<>(messages);
    byTime.sort(Comparator.comparing(ImportMessage::createdAt));
    Instant firstIncoming = null;
    for (ImportMessage m : byTime) {
      if (m.direction() == MessageKind.INCOMING) {
        firstIncoming = m.createdAt();
        break;
      }
    }
    Instant firstResponse = null;
    for (ImportMessage m : byTime) {
      if (m.direction() == MessageKind.OUTGOING
          && (firstIncoming == null || !m.createdAt().isBefore(firstIncoming))) {
        firstResponse = m.createdAt();
        break;
      }
    }
    Instant last = byTime.isEmpty() ? createdAt : byTime.get(byTime.size() - 1).createdAt();
    return new Stored(List.copyOf(byTime), firstResponse, last.isBefore(createdAt) ? createdAt : last);
  }

  /**
   * The imported conversation's customer.
   *
   * @param externalId id on the channel
   * @param name name, or null
   * @param email e-mail, or null
   * @param language language (ISO 639-1), or null
   * @param vip VIP flag
   * @param phone phone number, or null
   * @param attributes custom attributes (host-defined keys), possibly empty
   */
  public record Contact(
      String externalId,
      @Nullable String name,
      @Nullable String email,
      @Nullable String language,
      boolean vip,
      @Nullable String phone,
      Map<String, String> attributes) {
    /** Checks for nulls; copies the attributes. */
    public Contact {
      Objects.requireNonNull(externalId, "externalId");
      attributes = Map.copyOf(attributes);
    }

    /** A customer without phone and attributes. */
    public Contact(String externalId, @Nullable String name, @Nullable String email,
        @Nullable String language, boolean vip) {
      this(externalId, name, email, language, vip, null, Map.of());
    }
  }

  /**
   * One imported message.
   *
   * @param externalId the message's id in the source system
   * @param direction incoming, outgoing, note or activity
   * @param sender who wrote it
   * @param body the text
   * @param createdAt when it was written
   */
  public record ImportMessage(
      String externalId, MessageKind direction, Sender sender, String body, Instant createdAt) {
    /** Checks for nulls. */
    public ImportMessage {
      Objects.requireNonNull(externalId, "externalId");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /** Checks for nulls; copies collections. */
  public ImportConversation {
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    labels = Set.copyOf(labels);
    Objects.requireNonNull(createdAt, "createdAt");
    messages = List.copyOf(messages);
  }
}
