package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ConversationSummaryView;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.SenderType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How conversations look on the terminal and as JSON. JSON field names are lower camel case and
 * stable; times are ISO-8601 instants; absent values are null.
 */
final class Views {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Views() {}

  // ---------------------------------------------------------------- inbox list

  static void printTable(PrintWriter out, List<ConversationSummaryView> items) {
    if (items.isEmpty()) {
      out.println("no conversations");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    for (ConversationSummaryView s : items) {
      Conversation c = s.conversation();
      rows.add(new String[] {"#" + c.number(), c.status().wire(), c.priority().wire(),
          dash(c.team()), dash(c.assignee()), c.inbox(),
          s.contactName() == null ? "-" : Table.cut(s.contactName(), 28),
          TIME.format(c.lastActivityAt())});
    }
    Table.print(out, new String[] {"#", "STATUS", "PRIORITY", "TEAM", "ASSIGNEE", "INBOX",
        "CONTACT", "LAST ACTIVITY (UTC)"}, rows);
  }

  static void printJson(PrintWriter out, List<ConversationSummaryView> items) {
    ArrayNode array = JSON.createArrayNode();
    for (ConversationSummaryView s : items) {
      Conversation c = s.conversation();
      ObjectNode n = array.addObject();
      n.put("number", c.number());
      n.put("id", c.id().toString());
      n.put("status", c.status().wire());
      n.put("priority", c.priority().wire());
      n.put("team", c.team());
      n.put("assignee", c.assignee());
      n.put("inbox", c.inbox());
      n.put("contact", s.contactName());
      ArrayNode labels = n.putArray("labels");
      c.labels().stream().sorted().forEach(labels::add);
      n.put("createdAt", text(c.createdAt()));
      n.put("lastActivityAt", text(c.lastActivityAt()));
      n.put("messageCount", s.messageCount());
    }
    write(out, array);
  }

  // ---------------------------------------------------------------- one conversation

  static void printConversation(PrintWriter out, ConversationView v) {
    Conversation c = v.conversation();
    Contact contact = v.contact();
    out.println("conversation #" + c.number() + "  " + c.id());
    row(out, "status", c.status().wire()
        + (c.snoozedUntil() == null ? "" : " until " + TIME.format(c.snoozedUntil()) + " UTC"));
    row(out, "priority", c.priority().wire());
    row(out, "team", dash(c.team()));
    row(out, "assignee", dash(c.assignee()));
    row(out, "inbox", c.inbox());
    row(out, "contact", contact == null ? "-" : contact(contact));
    row(out, "labels", c.labels().isEmpty() ? "-" : String.join(", ", c.labels().stream().sorted().toList()));
    CsatView csat = v.csat();
    row(out, "csat", csat == null ? "-" : csat.rating() + "/5"
        + (csat.comment() == null || csat.comment().isBlank() ? "" : " \"" + Table.cut(csat.comment(), 80) + "\""));
    out.println();
    out.println("messages (" + v.messages().size() + ", times UTC):");
    for (Message m : v.messages()) {
      out.println(TIME.format(m.createdAt()) + "  " + kind(m.kind()) + "  " + sender(m, contact));
      for (String line : m.body().split("\\R", -1)) {
        out.println(line.isEmpty() ? "" : "    " + line);
      }
    }
  }

  static void printConversationJson(PrintWriter out, ConversationView v) {
    Conversation c = v.conversation();
    ObjectNode n = JSON.createObjectNode();
    n.put("number", c.number());
    n.put("id", c.id().toString());
    n.put("kind", c.kind().wire());
    n.put("status", c.status().wire());
    n.put("priority", c.priority().wire());
    n.put("team", c.team());
    n.put("assignee", c.assignee());
    n.put("inbox", c.inbox());
    ArrayNode labels = n.putArray("labels");
    c.labels().stream().sorted().forEach(labels::add);
    n.put("externalId", c.externalId());
    n.put("createdAt", text(c.createdAt()));
    n.put("lastActivityAt", text(c.lastActivityAt()));
    n.put("firstResponseAt", text(c.firstResponseAt()));
    n.put("resolvedAt", text(c.resolvedAt()));
    n.put("snoozedUntil", text(c.snoozedUntil()));
    Contact contact = v.contact();
    if (contact == null) {
      n.putNull("contact");
    } else {
      ObjectNode cn = n.putObject("contact");
      cn.put("id", contact.id().toString());
      cn.put("name", contact.name());
      cn.put("email", contact.email());
      cn.put("phone", contact.phone());
      cn.put("language", contact.language());
      cn.put("vip", contact.vip());
    }
    CsatView csat = v.csat();
    if (csat == null) {
      n.putNull("csat");
    } else {
      ObjectNode cs = n.putObject("csat");
      cs.put("rating", csat.rating());
      cs.put("comment", csat.comment());
      cs.put("submittedAt", text(csat.submittedAt()));
    }
    ArrayNode messages = n.putArray("messages");
    for (Message m : v.messages()) {
      ObjectNode mn = messages.addObject();
      mn.put("id", m.id().toString());
      mn.put("kind", m.kind().wire());
      mn.put("sender", m.sender().toString());
      mn.put("body", m.body());
      mn.put("createdAt", text(m.createdAt()));
      mn.put("private", m.isPrivate());
    }
    write(out, n);
  }

  private static void row(PrintWriter out, String key, String value) {
    out.println(String.format("%-10s%s", key + ":", value));
  }

  private static String contact(Contact c) {
    StringBuilder b = new StringBuilder(c.name() == null ? "(no name)" : c.name());
    if (c.email() != null) {
      b.append(" <").append(c.email()).append('>');
    }
    List<String> tags = new ArrayList<>();
    if (c.language() != null) {
      tags.add(c.language());
    }
    if (c.vip()) {
      tags.add("vip");
    }
    if (!tags.isEmpty()) {
      b.append(" (").append(String.join(", ", tags)).append(')');
    }
    return b.toString();
  }

  /** Fixed width so bodies line up; notes and activities stand out in brackets. */
  private static String kind(MessageKind kind) {
    String k = switch (kind) {
      case INCOMING -> "incoming";
      case OUTGOING -> "outgoing";
      case NOTE -> "[note]";
      case ACTIVITY -> "[activity]";
    };
    return String.format("%-10s", k);
  }

  private static String sender(Message m, @Nullable Contact contact) {
    if (m.sender().type() == SenderType.CONTACT) {
      return contact != null && contact.name() != null ? contact.name() : "contact";
    }
    return m.sender().toString();
  }

  private static String dash(@Nullable String s) {
    return s == null ? "-" : s;
  }

  private static @Nullable String text(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }

  private static void write(PrintWriter out, Object tree) {
    try {
      out.println(JSON.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
