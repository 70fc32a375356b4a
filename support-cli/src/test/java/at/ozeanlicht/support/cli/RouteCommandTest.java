package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WS = Cli.REFERENCE_WORKSPACE.toString();

  @TempDir Path tmp;

  @Test
  void routeTest_inputJsonl_printsOneDecisionPerLineInOrder() throws Exception {
    Path input = tmp.resolve("in.jsonl");
    Files.writeString(input, String.join("\n",
        "{\"id\":\"a\",\"text\":\"Ich kann mich nicht mehr einloggen\",\"channel\":\"whatsapp\",\"contact\":{\"vip\":false,\"language\":\"de\"},\"at\":\"2026-11-24T10:00:00Z\"}",
        "",
        "{\"id\":\"b\",\"text\":\"I want a refund for the course\",\"channel\":\"email\",\"contact\":{\"vip\":false,\"language\":\"en\"},\"at\":\"2026-11-24T10:00:00Z\"}",
        "{\"id\":7,\"text\":\"Kurze Frage\",\"contact\":{\"vip\":true},\"at\":\"2026-11-28T22:00:00Z\"}") + "\n",
        StandardCharsets.UTF_8);

    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--input", "in.jsonl", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode a = JSON.readTree(lines.get(0));
    assertThat(a.fieldNames()).toIterable().containsExactly("id", "team", "priority", "labels",
        "assignee", "aiAllowed", "language", "sentiment", "category", "afterHours", "matchedRules");
    assertThat(a.get("id").asText()).isEqualTo("a");
    assertThat(a.get("team").asText()).isEqualTo("tech");
    assertThat(a.get("priority").asText()).isEqualTo("critical");
    JsonNode b = JSON.readTree(lines.get(1));
    assertThat(b.get("team").asText()).isEqualTo("sales");
    assertThat(b.get("aiAllowed").asBoolean()).isFalse();
    JsonNode c = JSON.readTree(lines.get(2));
    assertThat(c.get("id").asText()).isEqualTo("7");
    assertThat(c.get("aiAllowed").asBoolean()).isFalse();
    assertThat(c.get("afterHours").asBoolean()).isTrue();
    assertThat(c.get("sentiment").asText()).isIn("negative", "neutral", "positive");
  }

  @Test
  void routeTest_explain_addsTraceWithAnalyzerAndRules() throws Exception {
    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--message",
        "Meine Zahlung wurde abgelehnt", "--at", "2026-11-24T10:00:00Z", "--json", "--explain");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode d = JSON.readTree(r.out());
    assertThat(d.get("team").asText()).isEqualTo("sales");
    assertThat(d.get("priority").asText()).isEqualTo("high");
    assertThat(d.get("trace").get(0).get("rule").asText()).isEqualTo("analyzer");
    assertThat(d.get("trace").toString()).contains("payment-and-billing");
  }

  @Test
  void routeTest_message_printsReadableDecision() {
    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--message",
        "Das Video lädt nicht", "--at", "2026-11-24T10:00:00Z");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("team:         tech").contains("priority:     normal");
  }

  @Test
  void routeTest_referenceCases_allPass() {
    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--cases",
        Cli.REFERENCE_WORKSPACE.resolve("routing-cases.yaml").toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("0 failed");
  }

  @Test
  void routeTest_failingCase_printsDiffAndExitsOne() throws Exception {
    Files.writeString(tmp.resolve("cases.yaml"), "cases:\n  - id: wrong\n    text: Das Video lädt nicht\n"
        + "    expect: {team: sales, priority: normal}\n");

    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--cases", "cases.yaml");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL wrong: Das Video lädt nicht",
        "team: expected 'sales', was 'tech'", "0 passed, 1 failed");
  }

  @Test
  void routeTest_badChannel_isUsageError() {
    Cli.Result r = new Cli(tmp).run("route", "test", "--workspace", WS, "--message", "x", "--channel", "fax");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--channel: must be one of web, whatsapp, email, telegram, api, was 'fax'");
  }

  @Test
  void benchRouting_printsMessagesPerSecond() {
    Cli.Result r = new Cli(tmp).run("bench", "routing", "--workspace", WS, "--seconds", "1");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches("(?s)routing: \\d+ rules, \\d+ keywords, \\d+ sample messages: [\\d,]+ messages/s \\(one thread\\)\\s*");
  }
}
