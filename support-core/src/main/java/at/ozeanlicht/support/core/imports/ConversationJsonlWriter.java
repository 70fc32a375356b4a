package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes conversations as JSON Lines in exactly the format {@link ConversationJsonlReader} reads,
 * so that export, import into an empty database and export again give the same bytes.
 *
 * <p>Mapping: a conversation without an external id is exported as {@code support-<number>};
 * messages get the ids {@code 1}, {@code 2}, ... in their stored order; a snoozed conversation is
 * exported as open (snoozes cannot be imported); the contact's phone and custom attributes are
 * written (attributes sorted by key); other channels' ids are not part of the format (the GDPR
 * export has them). Messages with an empty body
 * (attachments only) are exported with the body {@code [attachment]}.
 */
public final class ConversationJsonlWriter {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private ConversationJsonlWriter() {}

  /**
   * One line (without the line break) for a support conversation.
   *
   * @param view the conversation with contact, messages and rating
   * @param channel the channel of the conversation's inbox
   */
  public static String line(ConversationView view, ChannelType channel) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(channel, "channel");
    Conversation c = view.conversation();
    Contact contact = Objects.requireNonNull(view.contact(), "view.contact");
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("externalId", c.externalId() != null ? c.externalId() : "support-" + c.number());
    line.put("inbox", c.inbox());
    line.put("channel", channel.wire());
    Map<String, Object> who = new LinkedHashMap<>();
    String externalId = contact.externalIds().get(channel);
    who.put("externalId", externalId != null ? externalId : "contact-" + contact.id());
    who.put("name", contact.name());
    who.put("email", contact.email());
    who.put("phone", contact.phone());
    who.put("language", contact.language());
    who.put("vip", contact.vip());
    who.put("attributes", new java.util.TreeMap<>(contact.attributes()));
    line.put("contact", who);
    line.put("assignee", c.assignee());
    line.put("team", c.team());
    line.put("status", (c.status() == Status.SNOOZED ? Status.OPEN : c.status()).wire());
    line.put("priority", c.priority().wire());
    line.put("labels", new ArrayList<>(new TreeSet<>(c.labels())));
    line.put("createdAt", c.createdAt().toString());
    line.put("resolvedAt", c.status() == Status.RESOLVED && c.resolvedAt() != null ? c.resolvedAt().toString() : null);
    CsatView csat = view.csat();
    if (csat != null) {
      Map<String, Object> rating = new LinkedHashMap<>();
      rating.put("rating", csat.rating());
      rating.put("comment", csat.comment());
      rating.put("submittedAt", csat.submittedAt().toString());
      line.put("csat", rating);
    } else {
      line.put("csat", null);
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    int n = 0;
    for (Message m : view.messages()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("externalId", String.valueOf(++n));
      out.put("direction", m.kind().wire());
      out.put("sender", sender(m));
      out.put("body", m.body().isBlank() ? "[attachment]" : m.body());
      out.put("createdAt", m.createdAt().toString());
      messages.add(out);
    }
    line.put("messages", messages);
    try {
      return MAPPER.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("conversation " + c.id() + " cannot be written as JSON", e);
    }
  }

  private static String sender(Message m) {
    SenderType type = m.sender().type();
    return switch (type) {
      case CONTACT -> "contact";
      case AGENT -> "agent:" + m.sender().id();
      case BOT -> "bot";
      case SYSTEM -> "system";
    };
  }
}
