package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code first_response} in a workspace's ai.yaml. */
class FirstResponsePolicyLoadTest {
  @TempDir Path dir;

  @Test
  void load_referenceWorkspace_defaults() {
    assertThat(FirstResponsePolicy.load(Path.of("..", "examples", "ozean-licht")))
        .contains(FirstResponsePolicy.defaults());
  }

  @Test
  void load_missingFileOrDisabled_empty() throws IOException {
    assertThat(FirstResponsePolicy.load(dir)).isEmpty();
    Files.writeString(dir.resolve("ai.yaml"), "first_response: {enabled: false, max_articles: 2}\n");
    assertThat(FirstResponsePolicy.load(dir)).isEmpty();
  }

  @Test
  void load_partial_restFromDefaults() throws IOException {
    Files.writeString(dir.resolve("ai.yaml"), "first_response:\n  max_articles: 2\n  min_article_score: 4.5\n");
    assertThat(FirstResponsePolicy.load(dir)).contains(new FirstResponsePolicy(0.35, 4.5, 2));
  }

  @Test
  void load_badValues_everyFieldNamed() throws IOException {
    Files.writeString(dir.resolve("ai.yaml"),
        "first_response:\n  enabled: yes-please\n  min_article_score: high\n  colour: blue\n");
    assertThatThrownBy(() -> FirstResponsePolicy.load(dir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("first_response.enabled").hasMessageContaining("first_response.min_article_score")
        .hasMessageContaining("first_response.colour");
    Files.writeString(dir.resolve("ai.yaml"), "first_response: {max_articles: 9}\n");
    assertThatThrownBy(() -> FirstResponsePolicy.load(dir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("first_response.max_articles").hasMessageContaining("between 1 and 5");
  }
}
