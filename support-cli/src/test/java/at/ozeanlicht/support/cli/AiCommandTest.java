package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code support ai analyze}: offline, no database. */
class AiCommandTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir);
  }

  @Test
  void analyze_refundComplaintJson_printsAnalysisAndRefusesAi() {
    Cli.Result r = cli().run("ai", "analyze", "--json", "--message",
        "Ich will mein Geld zurück, das ist eine Frechheit!!");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"language\":\"de\",\"sentiment\":\"negative\",\"sentimentScore\":-0.67,"
        + "\"category\":\"refund\",\"sensitive\":[\"complaint\",\"refund\"],\"aiAllowed\":false}\n");
  }

  @Test
  void analyze_passwordQuestionJson_allowsAi() {
    Cli.Result r = cli().run("ai", "analyze", "--message", "I forgot my password, how do I reset it?", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"language\":\"en\",\"sentiment\":\"neutral\",\"sentimentScore\":0.0,"
        + "\"category\":\"access\",\"sensitive\":[],\"aiAllowed\":true}\n");
  }

  @Test
  void analyze_shortMessageWithHint_text() {
    Cli.Result r = cli().run("ai", "analyze", "--message", "ok 🙏", "--lang", "de");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("language:   de\nsentiment:  positive (0.44)\ncategory:   none\n"
        + "sensitive:  none\nAI allowed: yes\n");
  }

  @Test
  void analyze_withoutMessage_isUsageError() {
    Cli.Result r = cli().run("ai", "analyze");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Missing required option: '--message=TEXT'\n");
  }

  @Test
  void analyze_malformedExamples_isUsageErrorNamingTheLine() throws IOException {
    Files.writeString(dir.resolve("examples.tsv"), "refund\tGeld zurück\nkaputt\n");

    Cli.Result r = cli().run("ai", "analyze", "--message", "hi", "--examples", "examples.tsv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith(
        "error: --examples: examples.tsv: example 2: expected 'category<TAB>message', was 'kaputt'\n");
  }

  @Test
  void analyze_missingExamplesFile_isUsageError() {
    Cli.Result r = cli().run("ai", "analyze", "--message", "hi", "--examples", "nope.tsv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --examples: no such file 'nope.tsv'\n");
  }
}
