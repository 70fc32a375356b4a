package at.ozeanlicht.support.core.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.FieldProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What hostile import files get: each a clear problem naming line and field, or escaping. */
class HostileInputTest {
  private static String conversation(String body, String name) {
    return "{\"externalId\":\"c-1\",\"inbox\":\"wa\",\"channel\":\"whatsapp\",\"contact\":{\"externalId\":\"491\","
        + "\"name\":" + name + "},\"createdAt\":\"2026-01-01T00:00:00Z\",\"messages\":[{\"externalId\":\"m1\","
        + "\"direction\":\"incoming\",\"sender\":\"contact\",\"body\":" + body + ",\"createdAt\":\"2026-01-01T00:00:00Z\"}]}";
  }

  @Test
  void jsonl_oversizedBody_isAProblemNamingTheField() {
    String body = "\"" + "a".repeat(ConversationJsonlReader.MAX_BODY + 1) + "\"";
    assertThat(ConversationJsonlReader.parse(3, conversation(body, "null")).problems())
        .containsExactly(new FieldProblem("line 3", "messages[0].body",
            "must be at most 100000 characters, was 100001"));
  }

  @Test
  void jsonl_hugeString_isRefusedByTheParser() {
    String body = "\"" + "a".repeat(ConversationJsonlReader.MAX_STRING + 1) + "\"";
    assertThat(ConversationJsonlReader.parse(1, conversation(body, "null")).problems())
        .singleElement().satisfies(p -> assertThat(p.message()).startsWith("malformed JSON").contains("length"));
  }

  @Test
  void jsonl_controlCharacters_areProblems() {
    assertThat(ConversationJsonlReader.parse(1, conversation("\"Hallo\\u0000\"", "\"Le\\u0007na\"")).problems())
        .extracting(FieldProblem::field).containsExactlyInAnyOrder("contact.name", "messages[0].body");
    assertThat(ConversationJsonlReader.parse(1, conversation("\"Zeile 1\\nZeile 2\\tTab\"", "null")).isValid()).isTrue();
  }

  @Test
  void jsonl_deeplyNestedJson_isRefusedWithoutStackOverflow() {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    assertThat(ConversationJsonlReader.parse(1, conversation(nested, "null")).problems())
        .singleElement().satisfies(p -> assertThat(p.message()).startsWith("malformed JSON").contains("nesting depth"));
  }

  @Test
  void jsonl_invalidUtf8_failsNamingTheLine() throws IOException {
    byte[] bytes = conversation("\"xx\"", "null").getBytes(StandardCharsets.UTF_8);
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("xx");
    bytes[at] = (byte) 0xC3; // a lead byte followed by '(' is not UTF-8
    bytes[at + 1] = (byte) 0x28;
    try (ConversationJsonlReader r = ConversationJsonlReader.of(new ByteArrayInputStream(bytes))) {
      assertThatThrownBy(r::next).isInstanceOf(IOException.class).hasMessage("line 1: not valid UTF-8");
    }
  }

  @Test
  void csv_everyProblemReportedWithLineAndColumn() throws IOException {
    String csv = "channel,externalId,name,email,phone,language,vip\n"
        + "fax,1,,,,,\n"
        + "whatsapp,,Bob\u0001,bob@,12ab,deu,maybe\n"
        + "whatsapp,491,,,,,\n"
        + "whatsapp,491,,,,,\n"
        + "whatsapp,492,too,many,fields,,,,\n";
    ContactCsvReader.Result r = ContactCsvReader.read(new StringReader(csv));
    assertThat(r.problems()).extracting(p -> p.source() + " " + p.field()).containsExactly(
        "line 2 channel", "line 3 externalId", "line 3 name", "line 3 email", "line 3 phone", "line 3 language",
        "line 3 vip", "line 5 externalId", "line 6 row");
  }

  @Test
  void csv_unknownAndMissingColumns_areHeaderProblems() throws IOException {
    assertThat(ContactCsvReader.read(new StringReader("chanel,name\nweb,x\n")).problems())
        .extracting(p -> p.source() + " " + p.field())
        .containsExactly("line 1 chanel", "line 1 channel", "line 1 externalId");
  }

  @Test
  void csv_unclosedQuoteInTheHeader_isAHeaderProblem() throws IOException {
    // found by ContactCsvReaderFuzzTest: the parser threw CSVException while reading the header
    assertThat(ContactCsvReader.read(new StringReader("\"")).problems())
        .extracting(p -> p.source() + " " + p.field() + ": " + p.message())
        .containsExactly("line 1 header: malformed CSV: (startline 1) EOF reached before encapsulated token finished");
  }

  @Test
  void csv_invalidUtf8_isAProblem() throws IOException {
    byte[] head = "channel,externalId\nweb,".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[head.length + 3];
    System.arraycopy(head, 0, bad, 0, head.length);
    bad[head.length] = (byte) 0xFF;
    bad[head.length + 1] = 'x';
    bad[head.length + 2] = '\n';
    assertThat(ContactCsvReader.read(new ByteArrayInputStream(bad)).problems())
        .extracting(FieldProblem::message).containsExactly("not valid UTF-8");
  }

  @Test
  void csv_formulaCells_areDefused() {
    assertThat(ContactCsvWriter.cell("=1+1")).isEqualTo("'=1+1");
    assertThat(ContactCsvWriter.cell("+43 1 234")).isEqualTo("'+43 1 234");
    assertThat(ContactCsvWriter.cell("-2")).isEqualTo("'-2");
    assertThat(ContactCsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(ContactCsvWriter.cell("\tcmd")).isEqualTo("'\tcmd");
    assertThat(ContactCsvWriter.cell("Anna")).isEqualTo("Anna");
  }
}
