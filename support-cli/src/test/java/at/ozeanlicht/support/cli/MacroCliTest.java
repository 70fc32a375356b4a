package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macro list/render and csat usage errors, in-process without a database. */
class MacroCliTest {
  @TempDir Path dir;

  Cli.Result run(String... args) {
    return new Cli(dir).run(args);
  }

  @Test
  void list_json_namesMacrosAndCannedResponses() throws Exception {
    Cli.Result r = run("macro", "list", "--workspace", Cli.REFERENCE_WORKSPACE.toString(), "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("macros").get(0).get("name").asText()).isEqualTo("password-reset");
    assertThat(n.get("macros").get(0).get("actions").toString())
        .isEqualTo("[\"send /password-reset\",\"add labels access\",\"set status pending\"]");
    assertThat(n.get("canned").get(0).toString()).isEqualTo(
        "{\"shortcut\":\"/greeting\",\"title\":\"Begrüßung\",\"languages\":[\"de\",\"en\"]}");
  }

  @Test
  void render_contactJson_followsLanguage_andLangOverrides() {
    Cli.Result de = run("macro", "render", "/greeting", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--agent", "sabine",
        "--contact-json", "{\"name\":\"Anna Berger\",\"language\":\"de\"}");
    Cli.Result en = run("macro", "render", "greeting", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--agent", "sabine", "--lang", "en",
        "--contact-json", "{\"name\":\"Anna Berger\",\"language\":\"de\"}");

    assertThat(de.code()).as(de.toString()).isZero();
    assertThat(de.out()).startsWith("Hallo Anna,\nschön, dass du dich meldest! Ich bin Sabine von Ozean Licht");
    assertThat(en.out()).startsWith("Hi Anna,\nlovely to hear from you! I'm Sabine from Ozean Licht");
  }

  @Test
  void render_missingAgentValue_isValidationErrorNamingIt() {
    Cli.Result r = run("macro", "render", "/greeting", "--workspace",
        Cli.REFERENCE_WORKSPACE.toString(), "--contact-json", "{}");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: variables.agent.firstName: no value for {{ agent.firstName }}");
  }

  @Test
  void render_badInput_isUsageErrorNamingTheOption() {
    String ws = Cli.REFERENCE_WORKSPACE.toString();
    assertThat(run("macro", "render", "/greeting", "--workspace", ws, "--contact-json", "[1",
        "--agent", "sabine").err()).startsWith("error: --contact-json: must be a JSON object");
    Cli.Result lang = run("macro", "render", "/greeting", "--workspace", ws, "--contact-json", "{}", "--lang", "deu");
    assertThat(lang.code()).isEqualTo(2);
    assertThat(lang.err()).startsWith("error: --lang: must be a two-letter language code like de or en, was 'deu'");
    Cli.Result both = run("macro", "render", "/greeting", "--workspace", ws, "--contact-json", "{}", "--conversation", "4711");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void csatSummary_badDates_areUsageErrorsNamingTheOption() {
    Cli.Result bad = run("csat", "summary", "--from", "gestern", "--to", "2026-10-31");
    Cli.Result order = run("csat", "summary", "--from", "2026-10-31", "--to", "2026-10-01");
    Cli.Result period = run("csat", "summary", "--from", "2026-10-01", "--to", "2026-10-31", "--period", "year");

    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: --from: must be a date like 2026-10-01, was 'gestern'\n");
    assertThat(order.err()).startsWith("error: --to: must not be before --from (2026-10-31), was '2026-10-01'\n");
    assertThat(period.err()).startsWith("error: --period: must be one of day, week, month, was 'year'\n");
  }
}
