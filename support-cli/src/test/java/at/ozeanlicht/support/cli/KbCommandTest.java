package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code support kb search} and {@code support kb import}: offline, no database. */
class KbCommandTest {
  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir);
  }

  private static final String ARTICLE = "---\ntitle: Yoga mat\ncategory: shop\nlanguage: en\ntags: [mat]\n---\nOur yoga mats.\n";

  @Test
  void search_referenceWorkspace_printsRankedHits() {
    Cli.Result r = cli().run("kb", "search", "passwort vergessen", "--lang", "de", "--limit", "1",
        "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("1. passwort-zuruecksetzen  Passwort vergessen: so setzt du es zurück  (de, access, score ");
  }

  @Test
  void search_json_printsArray() {
    Cli.Result r = cli().env("SUPPORT_WORKSPACE", Cli.REFERENCE_WORKSPACE.toString())
        .run("kb", "search", "video keeps buffering", "--lang", "en", "--json", "--limit", "1");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).matches("\\[\\{\"id\":\"video-playback\",\"title\":\"Video won't start or keeps "
        + "buffering\",\"language\":\"en\",\"category\":\"technical\",\"score\":[0-9.]+,\"fallback\":false}]\n");
  }

  @Test
  void search_badLanguage_isUsageError() {
    Cli.Result r = cli().run("kb", "search", "x", "--lang", "german", "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --lang: must be an ISO 639-1 code such as de or en, was 'german'\n");
  }

  @Test
  void import_validArticles_copiedThenUnchanged() throws IOException {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("yoga-mat.md"), ARTICLE);

    Cli.Result r = cli().run("kb", "import", "in", "--workspace", "ws");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("imported 1 articles: 1 added, 0 updated, 0 unchanged; the knowledge base now has 1 articles\n");
    assertThat(ws.resolve("kb/en/yoga-mat.md")).hasContent(ARTICLE.strip());

    Cli.Result again = cli().run("kb", "import", "in", "--workspace", "ws");
    assertThat(again.out()).isEqualTo("imported 1 articles: 0 added, 0 updated, 1 unchanged; the knowledge base now has 1 articles\n");
    assertThat(cli().run("kb", "search", "yoga", "--workspace", "ws").out()).startsWith("1. yoga-mat  Yoga mat");
  }

  @Test
  void import_oneInvalidArticle_writesNothingAndReportsProblems() throws IOException {
    Path ws = Files.createDirectories(dir.resolve("ws"));
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("good.md"), ARTICLE);
    Files.writeString(in.resolve("bad.md"), "---\ntitle: Bad\nlanguage: en\n---\nbody\n");

    Cli.Result r = cli().run("kb", "import", "in", "--workspace", "ws");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.md: category: required");
    assertThat(ws.resolve("kb")).doesNotExist();
  }
}
