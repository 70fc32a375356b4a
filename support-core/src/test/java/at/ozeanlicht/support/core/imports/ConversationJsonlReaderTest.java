package at.ozeanlicht.support.core.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationJsonlReaderTest {
  static final String GOOD = """
      {"externalId":"c-1","inbox":"ol-whatsapp","channel":"whatsapp",\
      "contact":{"externalId":"436641234567","name":"Anna Berger","email":"anna@example.org","language":"de","vip":true},\
      "assignee":"thomas","status":"resolved","priority":"high","labels":["billing","login"],\
      "createdAt":"2025-03-01T09:30:00Z","resolvedAt":"2025-03-01T10:00:00Z",\
      "csat":{"rating":5,"comment":"Danke!","submittedAt":"2025-03-01T10:05:00Z"},\
      "messages":[\
      {"externalId":"m-1","direction":"incoming","sender":"contact","body":"Hallo, ich komme nicht in den Kurs.","createdAt":"2025-03-01T09:30:00Z"},\
      {"externalId":"m-2","direction":"note","sender":"agent:thomas","body":"Passwort-Reset geprüft","createdAt":"2025-03-01T09:35:00Z"},\
      {"externalId":"m-3","direction":"outgoing","sender":"agent:thomas","body":"Liebe Anna, bitte versuche es nochmal.","createdAt":"2025-03-01T09:40:00Z"},\
      {"externalId":"m-4","direction":"activity","sender":"system","body":"Conversation resolved","createdAt":"2025-03-01T10:00:00Z"}]}""";

  static final String MINIMAL = """
      {"externalId":"c-2","inbox":"ol-web","channel":"web","contact":{"externalId":"web-1"},\
      "createdAt":"2025-03-02T08:00:00Z","messages":[]}""";

  @Test
  void parse_goodLine_givesEveryField() {
    ConversationJsonlReader.Line line = ConversationJsonlReader.parse(1, GOOD);

    assertThat(line.problems()).isEmpty();
    assertThat(line.isValid()).isTrue();
    ImportConversation c = line.conversation();
    assertThat(c).isNotNull();
    assertThat(c.externalId()).isEqualTo("c-1");
    assertThat(c.inbox()).isEqualTo("ol-whatsapp");
    assertThat(c.channel()).isEqualTo(ChannelType.WHATSAPP);
    assertThat(c.contact()).isEqualTo(new ImportConversation.Contact(
        "436641234567", "Anna Berger", "anna@example.org", "de", true));
    assertThat(c.assignee()).isEqualTo("thomas");
    assertThat(c.status()).isEqualTo(Status.RESOLVED);
    assertThat(c.priority()).isEqualTo(Priority.HIGH);
    assertThat(c.labels()).containsExactlyInAnyOrder("billing", "login");
    assertThat(c.createdAt()).isEqualTo(Instant.parse("2025-03-01T09:30:00Z"));
    assertThat(c.resolvedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(c.csat()).isEqualTo(new CsatView(5, "Danke!", Instant.parse("2025-03-01T10:05:00Z")));
    assertThat(c.messages()).extracting(ImportConversation.ImportMessage::direction)
        .containsExactly(MessageKind.INCOMING, MessageKind.NOTE, MessageKind.OUTGOING, MessageKind.ACTIVITY);
    assertThat(c.messages()).extracting(ImportConversation.ImportMessage::sender)
        .containsExactly(new Sender(SenderType.CONTACT, "436641234567"), Sender.agent("thomas"),
            Sender.agent("thomas"), Sender.system());
    assertThat(c.messages().get(0).body()).isEqualTo("Hallo, ich komme nicht in den Kurs.");
    assertThat(c.messages().get(3).createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
  }

  @Test
  void parse_minimalLine_appliesDefaults() {
    ImportConversation c = ConversationJsonlReader.parse(1, MINIMAL).conversation();

    assertThat(c).isNotNull();
    assertThat(c.status()).isEqualTo(Status.OPEN);
    assertThat(c.priority()).isEqualTo(Priority.NORMAL);
    assertThat(c.labels()).isEmpty();
    assertThat(c.assignee()).isNull();
    assertThat(c.resolvedAt()).isNull();
    assertThat(c.csat()).isNull();
    assertThat(c.contact()).isEqualTo(new ImportConversation.Contact("web-1", null, null, null, false));
    assertThat(c.messages()).isEmpty();
  }

  @Test
  void parse_explicitNulls_countAsAbsent() {
    String line = MINIMAL.replace("\"messages\":[]",
        "\"messages\":[],\"assignee\":null,\"status\":null,\"labels\":null,\"csat\":null");

    assertThat(ConversationJsonlReader.parse(1, line).conversation()).isNotNull();
  }

  @Test
  void parse_badEnums_namesFieldValueAndAllowed() {
    String line = GOOD.replace("\"channel\":\"whatsapp\"", "\"channel\":\"fax\"")
        .replace("\"priority\":\"high\"", "\"priority\":\"hgh\"")
        .replace("\"status\":\"resolved\"", "\"status\":42")
        .replace("\"direction\":\"note\"", "\"direction\":\"memo\"");

    assertThat(problems(line)).containsExactly(
        "line 1: channel: must be one of web, whatsapp, email, telegram, api, was 'fax'",
        "line 1: status: must be one of open, pending, snoozed, resolved, was '42'",
        "line 1: priority: must be one of critical, high, normal, low, was 'hgh'",
        "line 1: messages[1].direction: must be one of incoming, outgoing, note, activity, was 'memo'");
  }

  @Test
  void parse_badTimes_namesFieldAndExpectedFormat() {
    String line = GOOD.replace("\"createdAt\":\"2025-03-01T09:30:00Z\",\"resolvedAt\"",
            "\"createdAt\":\"01.03.2025\",\"resolvedAt\"")
        .replace("\"body\":\"Conversation resolved\",\"createdAt\":\"2025-03-01T10:00:00Z\"",
            "\"body\":\"Conversation resolved\",\"createdAt\":1740823200")
        .replace("\"submittedAt\":\"2025-03-01T10:05:00Z\"", "\"submittedAt\":\"2025-03-01\"");

    assertThat(problems(line)).containsExactly(
        "line 1: createdAt: must be an ISO-8601 instant like 2025-03-01T09:30:00Z, was '01.03.2025'",
        "line 1: csat.submittedAt: must be an ISO-8601 instant like 2025-03-01T09:30:00Z, was '2025-03-01'",
        "line 1: messages[3].createdAt: must be an ISO-8601 instant like 2025-03-01T09:30:00Z, was 1740823200");
  }

  @Test
  void parse_timeWithOffset_isAccepted() {
    String line = MINIMAL.replace("2025-03-02T08:00:00Z", "2025-03-02T09:00:00+01:00");

    assertThat(ConversationJsonlReader.parse(1, line).conversation().createdAt())
        .isEqualTo(Instant.parse("2025-03-02T08:00:00Z"));
  }

  @Test
  void parse_missingRequiredFields_listsEachOne() {
    assertThat(problems("{}")).containsExactly(
        "line 1: externalId: is required: a non-blank string",
        "line 1: inbox: is required: a non-blank string",
        "line 1: channel: must be one of web, whatsapp, email, telegram, api, was missing",
        "line 1: contact: is required: an object with at least externalId",
        "line 1: createdAt: is required: an ISO-8601 instant like 2025-03-01T09:30:00Z",
        "line 1: messages: is required: an array of messages (may be empty)");
  }

  @Test
  void parse_wrongTypes_saysWhatWasExpected() {
    String line = MINIMAL.replace("\"inbox\":\"ol-web\"", "\"inbox\":7")
        .replace("{\"externalId\":\"web-1\"}", "{\"externalId\":\"web-1\",\"vip\":\"yes\",\"name\":[1]}")
        .replace("\"messages\":[]", "\"messages\":{},\"labels\":[\"ok\",3]");

    assertThat(problems(line)).containsExactly(
        "line 1: inbox: must be a string, was 7",
        "line 1: contact.name: must be a string or null, was an array",
        "line 1: contact.vip: must be true or false, was 'yes'",
        "line 1: labels[1]: must be a string, was 3",
        "line 1: messages: must be an array of messages, was an object");
  }

  @Test
  void parse_blankRequiredText_isAProblem() {
    String line = MINIMAL.replace("\"externalId\":\"c-2\"", "\"externalId\":\"  \"");

    assertThat(problems(line)).containsExactly("line 1: externalId: must not be blank");
  }

  @Test
  void parse_unknownFields_areProblemsWithTheirPath() {
    String line = GOOD.replace("\"name\":\"Anna Berger\"", "\"nmae\":\"Anna Berger\"")
        .replace("\"assignee\":\"thomas\"", "\"asignee\":\"thomas\"")
        .replace("\"body\":\"Passwort-Reset geprüft\"", "\"body\":\"x\",\"privat\":true")
        .replace("\"comment\":\"Danke!\"", "\"comment\":\"Danke!\",\"score\":5");

    assertThat(problems(line)).containsExactly(
        "line 1: asignee: unknown field; expected one of externalId, inbox, channel, contact, "
            + "assignee, team, status, priority, labels, createdAt, resolvedAt, csat, messages",
        "line 1: contact.nmae: unknown field; expected one of externalId, name, email, phone, language, vip, attributes",
        "line 1: csat.score: unknown field; expected one of rating, comment, submittedAt",
        "line 1: messages[1].privat: unknown field; expected one of externalId, direction, sender, body, createdAt");
  }

  @Test
  void parse_badSender_namesTheMessage() {
    String line = GOOD.replace("\"sender\":\"agent:thomas\",\"body\":\"Liebe", "\"sender\":\"agent:\",\"body\":\"Liebe")
        .replace("\"sender\":\"system\"", "\"sender\":\"robot\"")
        .replace("\"sender\":\"agent:thomas\",\"body\":\"Passwort", "\"sender\":\"contact\",\"body\":\"Passwort");

    assertThat(problems(line)).containsExactly(
        "line 1: messages[1].sender: only incoming messages come from contact, this one is note",
        "line 1: messages[2].sender: must be contact, bot, system or agent:<handle>, was 'agent:'",
        "line 1: messages[3].sender: must be contact, bot, system or agent:<handle>, was 'robot'");
  }

  @Test
  void parse_incomingFromAgent_isAProblem() {
    String line = GOOD.replace("\"direction\":\"incoming\",\"sender\":\"contact\"",
        "\"direction\":\"incoming\",\"sender\":\"agent:thomas\"");

    assertThat(problems(line)).containsExactly(
        "line 1: messages[0].sender: an incoming message must come from contact, was 'agent:thomas'");
  }

  @Test
  void parse_badContactAndCsat_namesValues() {
    String line = GOOD.replace("\"language\":\"de\"", "\"language\":\"Deutsch\"")
        .replace("\"email\":\"anna@example.org\"", "\"email\":\"anna at example\"")
        .replace("\"rating\":5", "\"rating\":6");

    assertThat(problems(line)).containsExactly(
        "line 1: contact.email: must be an e-mail address like name@example.org, was 'anna at example'",
        "line 1: contact.language: must be a two-letter lower-case ISO 639-1 code like de, was 'Deutsch'",
        "line 1: csat.rating: must be a whole number from 1 to 5, was 6");
  }

  @Test
  void parse_contactPhoneAndAttributes_areRead() {
    String line = GOOD.replace("\"vip\":true}", "\"vip\":true,\"phone\":\"+43 664 1234567\","
        + "\"attributes\":{\"plan\":\"premium\",\"course.id\":\"k-7\"}}");
    ImportConversation.Contact contact = ConversationJsonlReader.parse(1, line).conversation().contact();
    assertThat(contact.phone()).isEqualTo("+43 664 1234567");
    assertThat(contact.attributes()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("plan", "premium", "course.id", "k-7"));
    assertThat(ConversationJsonlReader.parse(1, GOOD).conversation().contact().attributes()).isEmpty();
  }

  @Test
  void parse_badContactPhoneAndAttributes_namesEachProblem() {
    String line = GOOD.replace("\"vip\":true}", "\"vip\":true,\"phone\":\"call me\","
        + "\"attributes\":{\"bad key\":\"x\",\"n\":5,\"ctl\":\"a\\u0007b\"}}");
    assertThat(problems(line)).containsExactly(
        "line 1: contact.phone: must be a phone number of digits, spaces and + ( ) . / - (3 to 32 characters), was 'call me'",
        "line 1: contact.attributes: key 'bad key' must be letters, digits, '.', '-' or '_', at most 64 characters",
        "line 1: contact.attributes.n: must be a string, was 5",
        "line 1: contact.attributes.ctl: must not contain control characters, found U+0007 at position 2");
    assertThat(problems(GOOD.replace("\"vip\":true}", "\"vip\":true,\"attributes\":[\"a\"]}")))
        .containsExactly("line 1: contact.attributes: must be an object of strings, was an array");
  }

  @Test
  void parse_fractionalRating_isAProblem() {
    assertThat(problems(GOOD.replace("\"rating\":5", "\"rating\":4.5")))
        .containsExactly("line 1: csat.rating: must be a whole number from 1 to 5, was 4.5");
  }

  @Test
  void parse_malformedJson_isOneProblemOnThatLine() {
    List<FieldProblem> problems = ConversationJsonlReader.parse(7, "{\"externalId\": \"c-1\",").problems();

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).source()).isEqualTo("line 7");
    assertThat(problems.get(0).field()).isEqualTo("json");
    assertThat(problems.get(0).message()).startsWith("malformed JSON");
  }

  @Test
  void parse_trailingGarbage_isMalformed() {
    assertThat(problems(MINIMAL + " x")).singleElement().asString().startsWith("line 1: json: malformed JSON");
  }

  @Test
  void parse_duplicateField_isMalformed() {
    String line = MINIMAL.replace("\"inbox\":\"ol-web\"", "\"inbox\":\"ol-web\",\"inbox\":\"ol-email\"");

    assertThat(problems(line)).singleElement().asString()
        .startsWith("line 1: json: malformed JSON").contains("inbox");
  }

  @Test
  void parse_notAnObject_isAProblem() {
    assertThat(problems("[1,2]")).containsExactly("line 1: json: expected a JSON object, was an array");
    assertThat(problems("\"hi\"")).containsExactly("line 1: json: expected a JSON object, was a string");
  }

  @Test
  void parse_lineNumberBelowOne_isAProgrammerError() {
    assertThatThrownBy(() -> ConversationJsonlReader.parse(0, "{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("number:");
  }

  @Test
  void next_skipsBlankLinesAndCountsThemInLineNumbers() throws IOException {
    String file = GOOD + "\n\n   \n" + "{oops\n" + MINIMAL + "\r\n";
    List<ConversationJsonlReader.Line> lines = new ArrayList<>();
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(new StringReader(file))) {
      for (var l = reader.next(); l.isPresent(); l = reader.next()) {
        lines.add(l.get());
      }
      assertThat(reader.linesRead()).isEqualTo(5);
    }

    assertThat(lines).extracting(ConversationJsonlReader.Line::number).containsExactly(1, 4, 5);
    assertThat(lines).extracting(ConversationJsonlReader.Line::isValid).containsExactly(true, false, true);
    assertThat(lines.get(1).problems()).singleElement()
        .satisfies(p -> assertThat(p.source()).isEqualTo("line 4"));
    assertThat(lines.get(1).source()).isEqualTo("line 4");
  }

  @Test
  void next_byteOrderMark_isIgnored() throws IOException {
    byte[] bytes = ("\uFEFF" + MINIMAL).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(new ByteArrayInputStream(bytes))) {
      assertThat(reader.next()).hasValueSatisfying(l -> assertThat(l.isValid()).isTrue());
    }
  }

  @Test
  void next_invalidUtf8_failsNamingTheLine() throws IOException {
    byte[] bytes = (MINIMAL + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, bad, 0, bytes.length);
    bad[bytes.length] = '"';
    bad[bytes.length + 1] = (byte) 0xC3;
    bad[bytes.length + 2] = (byte) 0x28;
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(new ByteArrayInputStream(bad))) {
      assertThatThrownBy(() -> {
        while (reader.next().isPresent()) {
          // read on
        }
      }).isInstanceOf(IOException.class).hasMessageContaining("not valid UTF-8");
    }
  }

  @Test
  void line_mustHaveExactlyOneOfConversationAndProblems() {
    assertThatThrownBy(() -> new ConversationJsonlReader.Line(1, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> problems(String line) {
    ConversationJsonlReader.Line parsed = ConversationJsonlReader.parse(1, line);
    assertThat(parsed.conversation()).isNull();
    return parsed.problems().stream().map(FieldProblem::toString).toList();
  }
}
