package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wire;
import at.ozeanlicht.support.core.domain.Wires;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads conversations to import from JSON Lines: one JSON object per line, blank lines skipped.
 * Each line becomes either an {@link ImportConversation} or the list of every {@link
 * FieldProblem} found on it, with source {@code line N} (1-based) and the field path (e.g. {@code
 * messages[2].createdAt}). A malformed line never stops the reader; only an unreadable file does.
 *
 * <p>The line format (field names are a public contract):
 *
 * <pre>{@code
 * {"externalId": "c-1", "inbox": "ol-whatsapp", "channel": "whatsapp",
 *  "contact": {"externalId": "4366412345", "name": "Anna", "email": null, "phone": "+4366412345",
 *              "language": "de", "vip": false, "attributes": {"plan": "premium"}},
 *  "assignee": "thomas", "status": "resolved", "priority": "normal", "labels": ["billing"],
 *  "createdAt": "2025-03-01T09:30:00Z", "resolvedAt": "2025-03-01T10:00:00Z",
 *  "csat": {"rating": 5, "comment": "Danke!", "submittedAt": "2025-03-01T10:05:00Z"},
 *  "messages": [{"externalId": "m-1", "direction": "incoming", "sender": "contact",
 *                "body": "Hallo", "createdAt": "2025-03-01T09:30:00Z"}]}
 * }</pre>
 *
 * <p>Required: {@code externalId}, {@code inbox}, {@code channel}, {@code contact.externalId},
 * {@code createdAt}, {@code messages} and, per message, every field. Defaults: {@code status}
 * open, {@code priority} normal, {@code labels} empty, {@code contact.vip} false, {@code contact.phone} none,
 * {@code contact.attributes} empty (an object of strings; keys of letters, digits, '.', '-', '_'). Times are
 * ISO-8601 instants. Unknown fields are problems, so typos do not pass silently. Whether inboxes,
 * agents and labels exist is not checked here; that is {@code SupportEngine.checkImport}'s job.
 *
 * <p>The file is streamed line by line; only one line's JSON tree is held at a time. Not
 * thread-safe; {@link #parse(int, String)} is.
 */
public final class ConversationJsonlReader implements Closeable {
  /** The longest message body accepted, in characters. */
  public static final int MAX_BODY = 100_000;
  /** Hostile input: nesting beyond this depth and strings beyond this length are refused by the parser. */
  static final int MAX_DEPTH = 16;
  static final int MAX_STRING = 1_000_000;
  private static final JsonMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
          .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build())
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectReader TREE = MAPPER.readerFor(JsonNode.class);

  private static final List<String> FIELDS = List.of("externalId", "inbox", "channel", "contact",
      "assignee", "team", "status", "priority", "labels", "createdAt", "resolvedAt", "csat", "messages");
  private static final List<String> CONTACT_FIELDS =
      List.of("externalId", "name", "email", "phone", "language", "vip", "attributes");
  /** At most this many contact attributes, each value at most this long. */
  static final int MAX_ATTRIBUTES = 100;
  static final int MAX_ATTRIBUTE_VALUE = 1000;
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final List<String> CSAT_FIELDS = List.of("rating", "comment", "submittedAt");
  private static final List<String> MESSAGE_FIELDS =
      List.of("externalId", "direction", "sender", "body", "createdAt");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final int SHOWN = 60;

  private final BufferedReader in;
  private int lineNumber;

  private ConversationJsonlReader(Reader in) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
  }

  /** Opens a UTF-8 file; bytes that are not UTF-8 make {@link #next()} fail. */
  public static ConversationJsonlReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return of(Files.newInputStream(file));
  }

  /** Reads UTF-8 from a stream; closing the reader closes the stream. */
  public static ConversationJsonlReader of(InputStream in) {
    Objects.requireNonNull(in, "in");
    return new ConversationJsonlReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)));
  }

  /** Reads from characters; closing the reader closes {@code in}. */
  public static ConversationJsonlReader of(Reader in) {
    return new ConversationJsonlReader(Objects.requireNonNull(in, "in"));
  }

  /**
   * The next non-blank line, parsed; empty at the end of the input.
   *
   * @throws IOException if the input cannot be read or is not UTF-8; the message names the line
   */
  public Optional<Line> next() throws IOException {
    while (true) {
      String text;
      try {
        text = in.readLine();
      } catch (CharacterCodingException e) {
        throw new IOException("line " + (lineNumber + 1) + ": not valid UTF-8", e);
      }
      if (text == null) {
        return Optional.empty();
      }
      lineNumber++;
      if (lineNumber == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (!text.isBlank()) {
        return Optional.of(parse(lineNumber, text));
      }
    }
  }

  /** How many lines have been read so far, blank ones included. */
  public int linesRead() {
    return lineNumber;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Parses one line. Never throws for bad input: malformed JSON and bad fields come back as
   * problems.
   *
   * @param number the 1-based line number, used as the problems' source {@code line N}
   * @param text the line without its line break
   */
  public static Line parse(int number, String text) {
    Objects.requireNonNull(text, "text");
    if (number < 1) {
      throw new IllegalArgumentException("number: must be at least 1, was " + number);
    }
    String source = "line " + number;
    JsonNode root;
    try {
      root = TREE.readValue(text);
    } catch (JacksonException e) {
      return Line.invalid(number, List.of(new FieldProblem(source, "json", malformed(e))));
    }
    if (root == null || root.isMissingNode()) {
      return Line.invalid(number, List.of(new FieldProblem(source, "json",
          "expected a JSON object, found nothing")));
    }
    Fields f = new Fields(source);
    ImportConversation conversation = f.conversation(root);
    if (!f.problems.isEmpty() || conversation == null) {
      return Line.invalid(number, f.problems);
    }
    return Line.valid(number, conversation);
  }

  private static String malformed(JacksonException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    JsonLocation at = e.getLocation();
    String where = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
    return "malformed JSON" + where + ": " + message;
  }

  /**
   * One parsed line: either a conversation or its problems, never both.
   *
   * @param number the 1-based line number
   * @param conversation the parsed command, or null when there are problems
   * @param problems every problem found, each with source {@code line N}; empty when valid
   */
  public record Line(int number, @Nullable ImportConversation conversation, List<FieldProblem> problems) {
    /** Checks that exactly one of conversation and problems is present; copies the list. */
    public Line {
      problems = List.copyOf(problems);
      if ((conversation == null) == problems.isEmpty()) {
        throw new IllegalArgumentException(
            "problems: must be empty exactly when a conversation is present");
      }
    }

    static Line valid(int number, ImportConversation conversation) {
      return new Line(number, conversation, List.of());
    }

    static Line invalid(int number, List<FieldProblem> problems) {
      return new Line(number, null, problems);
    }

    /** Whether the line parsed into a conversation. */
    public boolean isValid() {
      return conversation != null;
    }

    /** {@code line N}, the source of this line's problems. */
    public String source() {
      return "line " + number;
    }
  }

  /** Walks one line's tree and collects every problem instead of stopping at the first. */
  private static final class Fields {
    private final String source;
    private final List<FieldProblem> problems = new ArrayList<>();

    Fields(String source) {
      this.source = source;
    }

    @Nullable ImportConversation conversation(JsonNode root) {
      if (!root.isObject()) {
        problem("json", "expected a JSON object, was " + kind(root));
        return null;
      }
      unknown(root, "", FIELDS);
      String externalId = requiredText(root, "", "externalId");
      String inbox = requiredText(root, "", "inbox");
      ChannelType channel = requiredWire(root, "", "channel", ChannelType.class);
      ImportConversation.Contact contact = contact(root.get("contact"));
      String assignee = optionalText(root, "", "assignee");
      String team = optionalText(root, "", "team");
      Status status = optionalWire(root, "", "status", Status.class, Status.OPEN);
      Priority priority = optionalWire(root, "", "priority", Priority.class, Priority.NORMAL);
      Set<String> labels = labels(root.get("labels"));
      Instant createdAt = requiredInstant(root, "", "createdAt");
      Instant resolvedAt = optionalInstant(root, "", "resolvedAt");
      CsatView csat = csat(root.get("csat"));
      List<ImportConversation.ImportMessage> messages =
          messages(root.get("messages"), contact == null ? null : contact.externalId());
      if (!problems.isEmpty() || externalId == null || inbox == null || channel == null
          || contact == null || createdAt == null || messages == null) {
        return null;
      }
      return new ImportConversation(externalId, inbox, channel, contact, assignee, team, status,
          priority, labels, createdAt, resolvedAt, csat, messages);
    }

    private ImportConversation.@Nullable Contact contact(@Nullable JsonNode node) {
      if (isAbsent(node)) {
        problem("contact", "is required: an object with at least externalId");
        return null;
      }
      if (!node.isObject()) {
        problem("contact", "must be an object, was " + shown(node));
        return null;
      }
      unknown(node, "contact.", CONTACT_FIELDS);
      String externalId = requiredText(node, "contact.", "externalId");
      String name = optionalText(node, "contact.", "name");
      String email = optionalText(node, "contact.", "email");
      if (email != null && !EMAIL.matcher(email).matches()) {
        problem("contact.email", "must be an e-mail address like name@example.org, was "
            + quoted(email));
      }
      String phone = optionalText(node, "contact.", "phone");
      if (phone != null && !ContactCsvReader.PHONE.matcher(phone).matches()) {
        problem("contact.phone", "must be a phone number of digits, spaces and + ( ) . / - (3 to 32"
            + " characters), was " + quoted(phone));
      }
      String language = optionalText(node, "contact.", "language");
      if (language != null && !LANGUAGE.matcher(language).matches()) {
        problem("contact.language", "must be a two-letter lower-case ISO 639-1 code like de, was "
            + quoted(language));
      }
      boolean vip = false;
      JsonNode v = node.get("vip");
      if (!isAbsent(v)) {
        if (v.isBoolean()) {
          vip = v.booleanValue();
        } else {
          problem("contact.vip", "must be true or false, was " + shown(v));
        }
      }
      Map<String, String> attributes = attributes(node.get("attributes"));
      return externalId == null ? null
          : new ImportConversation.Contact(externalId, name, email, language, vip, phone, attributes);
    }

    /** {@code contact.attributes}: an object of strings with keys like the engine's contact attributes. */
    private Map<String, String> attributes(@Nullable JsonNode node) {
      Map<String, String> attributes = new LinkedHashMap<>();
      if (isAbsent(node)) {
        return attributes;
      }
      if (!node.isObject()) {
        problem("contact.attributes", "must be an object of strings, was " + shown(node));
        return attributes;
      }
      if (node.size() > MAX_ATTRIBUTES) {
        problem("contact.attributes", "at most " + MAX_ATTRIBUTES + " attributes, was " + node.size());
        return attributes;
      }
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String field = "contact.attributes." + e.getKey();
        if (!ATTRIBUTE_KEY.matcher(e.getKey()).matches()) {
          problem("contact.attributes", "key " + quoted(e.getKey())
              + " must be letters, digits, '.', '-' or '_', at most 64 characters");
        } else if (!e.getValue().isTextual()) {
          problem(field, "must be a string, was " + shown(e.getValue()));
        } else if (e.getValue().textValue().length() > MAX_ATTRIBUTE_VALUE) {
          problem(field, "must be at most " + MAX_ATTRIBUTE_VALUE + " characters, was "
              + e.getValue().textValue().length());
        } else {
          String value = controlFree(field, e.getValue().textValue());
          if (value != null) {
            attributes.put(e.getKey(), value);
          }
        }
      }
      return attributes;
    }

    private Set<String> labels(@Nullable JsonNode node) {
      Set<String> labels = new LinkedHashSet<>();
      if (isAbsent(node)) {
        return labels;
      }
      if (!node.isArray()) {
        problem("labels", "must be an array of strings, was " + shown(node));
        return labels;
      }
      for (int i = 0; i < node.size(); i++) {
        JsonNode l = node.get(i);
        if (l.isTextual()) {
          labels.add(l.textValue());
        } else {
          problem("labels[" + i + "]", "must be a string, was " + shown(l));
        }
      }
      return labels;
    }

    private @Nullable CsatView csat(@Nullable JsonNode node) {
      if (isAbsent(node)) {
        return null;
      }
      if (!node.isObject()) {
        problem("csat", "must be an object with rating, comment and submittedAt, was " + shown(node));
        return null;
      }
      unknown(node, "csat.", CSAT_FIELDS);
      Integer rating = null;
      JsonNode r = node.get("rating");
      if (isAbsent(r)) {
        problem("csat.rating", "is required: a whole number from 1 to 5");
      } else if (!r.isIntegralNumber() || !r.canConvertToInt() || r.intValue() < 1 || r.intValue() > 5) {
        problem("csat.rating", "must be a whole number from 1 to 5, was " + shown(r));
      } else {
        rating = r.intValue();
      }
      String comment = optionalText(node, "csat.", "comment");
      Instant submittedAt = requiredInstant(node, "csat.", "submittedAt");
      return rating == null || submittedAt == null ? null : new CsatView(rating, comment, submittedAt);
    }

    private @Nullable List<ImportConversation.ImportMessage> messages(
        @Nullable JsonNode node, @Nullable String contactId) {
      if (isAbsent(node)) {
        problem("messages", "is required: an array of messages (may be empty)");
        return null;
      }
      if (!node.isArray()) {
        problem("messages", "must be an array of messages, was " + shown(node));
        return null;
      }
      List<ImportConversation.ImportMessage> messages = new ArrayList<>(node.size());
      Iterator<JsonNode> it = node.elements();
      for (int i = 0; it.hasNext(); i++) {
        ImportConversation.ImportMessage m = message(it.next(), "messages[" + i + "].", contactId);
        if (m != null) {
          messages.add(m);
        }
      }
      return messages.size() == node.size() ? messages : null;
    }

    private ImportConversation.@Nullable ImportMessage message(
        JsonNode node, String prefix, @Nullable String contactId) {
      if (!node.isObject()) {
        problem(prefix.substring(0, prefix.length() - 1), "must be an object, was " + shown(node));
        return null;
      }
      unknown(node, prefix, MESSAGE_FIELDS);
      String externalId = requiredText(node, prefix, "externalId");
      MessageKind direction = requiredWire(node, prefix, "direction", MessageKind.class);
      Sender sender = sender(node.get("sender"), prefix + "sender", contactId);
      if (sender != null && direction != null
          && (sender.type() == SenderType.CONTACT) != (direction == MessageKind.INCOMING)) {
        problem(prefix + "sender", direction == MessageKind.INCOMING
            ? "an incoming message must come from contact, was " + quoted(sender.toString())
            : "only incoming messages come from contact, this one is " + direction.wire());
        sender = null;
      }
      String body = requiredText(node, prefix, "body");
      if (body != null && body.length() > MAX_BODY) {
        problem(prefix + "body", "must be at most " + MAX_BODY + " characters, was " + body.length());
        body = null;
      }
      Instant createdAt = requiredInstant(node, prefix, "createdAt");
      if (externalId == null || direction == null || sender == null || body == null
          || createdAt == null) {
        return null;
      }
      return new ImportConversation.ImportMessage(externalId, direction, sender, body, createdAt);
    }

    private @Nullable Sender sender(@Nullable JsonNode node, String field, @Nullable String contactId) {
      String expected = "must be contact, bot, system or agent:<handle>";
      if (isAbsent(node)) {
        problem(field, "is required: contact, bot, system or agent:<handle>");
        return null;
      }
      if (!node.isTextual()) {
        problem(field, expected + ", was " + shown(node));
        return null;
      }
      String s = node.textValue();
      switch (s) {
        case "contact":
          // The engine replaces this with the stored contact's id; any non-blank id will do here.
          return new Sender(SenderType.CONTACT,
              contactId == null || contactId.isBlank() ? "contact" : contactId);
        case "bot":
          return Sender.bot();
        case "system":
          return Sender.system();
        default:
          if (s.startsWith("agent:") && !s.substring(6).isBlank()) {
            return Sender.agent(s.substring(6));
          }
          problem(field, expected + ", was " + quoted(s));
          return null;
      }
    }

    // ------------------------------------------------------------ field helpers

    /** Refuses control characters other than tab, line feed and carriage return (NUL cannot even be stored). */
    private @Nullable String controlFree(String field, String text) {
      int bad = TextChecks.firstControl(text);
      if (bad >= 0) {
        problem(field, "must not contain control characters, found " + TextChecks.codePoint(text, bad)
            + " at position " + (bad + 1));
        return null;
      }
      return text;
    }

    private void unknown(JsonNode node, String prefix, List<String> known) {
      Iterator<String> it = node.fieldNames();
      while (it.hasNext()) {
        String name = it.next();
        if (!known.contains(name)) {
          problem(prefix + name, "unknown field; expected one of " + String.join(", ", known));
        }
      }
    }

    private @Nullable String requiredText(JsonNode node, String prefix, String name) {
      JsonNode v = node.get(name);
      if (isAbsent(v)) {
        problem(prefix + name, "is required: a non-blank string");
        return null;
      }
      if (!v.isTextual()) {
        problem(prefix + name, "must be a string, was " + shown(v));
        return null;
      }
      if (v.textValue().isBlank()) {
        problem(prefix + name, "must not be blank");
        return null;
      }
      return controlFree(prefix + name, v.textValue());
    }

    private @Nullable String optionalText(JsonNode node, String prefix, String name) {
      JsonNode v = node.get(name);
      if (isAbsent(v)) {
        return null;
      }
      if (!v.isTextual()) {
        problem(prefix + name, "must be a string or null, was " + shown(v));
        return null;
      }
      return controlFree(prefix + name, v.textValue());
    }

    private <E extends Enum<E> & Wire> @Nullable E requiredWire(
        JsonNode node, String prefix, String name, Class<E> type) {
      JsonNode v = node.get(name);
      return wire(prefix + name, type, isAbsent(v) ? null : v);
    }

    private <E extends Enum<E> & Wire> E optionalWire(
        JsonNode node, String prefix, String name, Class<E> type, E fallback) {
      JsonNode v = node.get(name);
      if (isAbsent(v)) {
        return fallback;
      }
      E e = wire(prefix + name, type, v);
      return e == null ? fallback : e;
    }

    private <E extends Enum<E> & Wire> @Nullable E wire(
        String field, Class<E> type, @Nullable JsonNode v) {
      String text = v == null ? null
          : v.isTextual() ? v.textValue() : v.isContainerNode() ? kind(v) : v.toString();
      try {
        return Wires.parse(type, field, text);
      } catch (ValidationException e) {
        for (FieldProblem p : e.problems()) {
          problem(p.field(), p.message());
        }
        return null;
      }
    }

    private @Nullable Instant requiredInstant(JsonNode node, String prefix, String name) {
      JsonNode v = node.get(name);
      if (isAbsent(v)) {
        problem(prefix + name, "is required: an ISO-8601 instant like 2025-03-01T09:30:00Z");
        return null;
      }
      return instant(prefix + name, v);
    }

    private @Nullable Instant optionalInstant(JsonNode node, String prefix, String name) {
      JsonNode v = node.get(name);
      return isAbsent(v) ? null : instant(prefix + name, v);
    }

    private @Nullable Instant instant(String field, JsonNode v) {
      String expected = "must be an ISO-8601 instant like 2025-03-01T09:30:00Z, was ";
      if (!v.isTextual()) {
        problem(field, expected + shown(v));
        return null;
      }
      try {
        return Instant.parse(v.textValue());
      } catch (DateTimeParseException e) {
        problem(field, expected + quoted(v.textValue()));
        return null;
      }
    }

    private void problem(String field, String message) {
      problems.add(new FieldProblem(source, field, message));
    }
  }

  private static boolean isAbsent(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A bad value as the user wrote it: strings quoted, everything cut to a readable length. */
  private static String shown(JsonNode node) {
    if (node.isTextual()) {
      return quoted(node.textValue());
    }
    if (node.isContainerNode()) {
      return kind(node);
    }
    return cut(node.toString());
  }

  private static String quoted(String value) {
    return "'" + cut(value) + "'";
  }

  private static String cut(String value) {
    return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
  }
}
