package at.ozeanlicht.support.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.spi.KbArticle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbLoaderTest {
  @Test
  void loadWorkspace_referenceWorkspace_loadsGermanAndEnglishArticles() {
    List<KbArticle> all = KbLoader.loadWorkspace(Path.of("..", "examples", "ozean-licht"));
    assertThat(all).hasSizeGreaterThanOrEqualTo(24);
    assertThat(all).extracting(KbArticle::language).contains("de", "en");
    assertThat(all.stream().filter(a -> a.language().equals("de"))).hasSizeGreaterThanOrEqualTo(12);
    assertThat(all.stream().filter(a -> a.language().equals("en"))).hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void parse_validArticle_readsFrontMatterAndBody() {
    KbArticle a = KbLoader.parse("x.md", "cache-leeren",
        "---\ntitle: \"Cache leeren\"\ncategory: technical\nlanguage: de\ntags: [Cache, browser]\n---\n\n# Text\n");
    assertThat(a).isEqualTo(new KbArticle("cache-leeren", "Cache leeren", "technical", "de",
        List.of("cache", "browser"), "# Text"));
  }

  @Test
  void parse_everyProblem_reportedAtOnce() {
    assertThatThrownBy(() -> KbLoader.parse("Bad.md", "Bad",
        "---\ntitle:\nlanguage: deutsch\ncolour: red\n---\n  \n"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(FieldProblem::field)
            .containsExactlyInAnyOrder("id", "colour", "title", "category", "language", "body"));
  }

  @Test
  void parse_noFrontMatter_problem() {
    assertThatThrownBy(() -> KbLoader.parse("a.md", "a", "# just markdown"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("front matter");
  }

  @Test
  void load_duplicateIdInSubdirectories_problemNamesBothFiles(@TempDir Path dir) throws IOException {
    String text = "---\ntitle: T\ncategory: c\nlanguage: en\n---\nbody\n";
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("a/x.md"), text);
    Files.writeString(dir.resolve("b/x.md"), text);
    assertThatThrownBy(() -> KbLoader.load(dir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("duplicate article id 'x', also in a/x.md");
  }

  @Test
  void loadWorkspace_noKbDirectory_empty(@TempDir Path dir) {
    assertThat(KbLoader.loadWorkspace(dir)).isEmpty();
  }
}
