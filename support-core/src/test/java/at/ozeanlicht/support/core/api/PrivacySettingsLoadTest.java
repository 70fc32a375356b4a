package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacySettingsLoadTest {
  @TempDir Path dir;

  @Test
  void load_noFile_isEmpty() {
    assertThat(PrivacySettings.load(dir)).isEmpty();
  }

  @Test
  void load_allSettings_areRead() throws IOException {
    Files.writeString(dir.resolve("privacy.yaml"), """
        restricted_teams: [sales, admin]
        spiritual_team: spiritual
        retention:
          after: P365D
          mode: delete
        """);

    PrivacySettings s = PrivacySettings.load(dir).orElseThrow();

    assertThat(s.restrictedTeams()).isEqualTo(Set.of("sales", "admin"));
    assertThat(s.spiritualTeam()).isEqualTo("spiritual");
    assertThat(s.retention()).isEqualTo(Duration.ofDays(365));
    assertThat(s.retentionMode()).isEqualTo(PrivacySettings.RetentionMode.DELETE);
  }

  @Test
  void load_onlySpiritualTeam_restrictsNothingElseAndKeepsEverything() throws IOException {
    Files.writeString(dir.resolve("privacy.yaml"), "spiritual_team: spiritual\n");

    PrivacySettings s = PrivacySettings.load(dir).orElseThrow();

    assertThat(s.restrictedTeams()).isEmpty();
    assertThat(s.retention()).isNull();
    assertThat(s.retentionMode()).isEqualTo(PrivacySettings.RetentionMode.REDACT);
  }

  @Test
  void load_badFields_namesEveryFieldAtOnce() throws IOException {
    Files.writeString(dir.resolve("privacy.yaml"), """
        restricted_teams: sales
        spiritual_team: ""
        retention:
          after: one year
          mode: shred
        colour: blue
        """);

    assertThatThrownBy(() -> PrivacySettings.load(dir))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).problems())
            .extracting(FieldProblem::field)
            .containsExactlyInAnyOrder("colour", "restricted_teams", "spiritual_team", "retention.after",
                "retention.mode"));
  }

  @Test
  void load_invalidYaml_saysSo() throws IOException {
    Files.writeString(dir.resolve("privacy.yaml"), "retention: [unclosed\n");

    assertThatThrownBy(() -> PrivacySettings.load(dir))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("privacy.yaml")
        .hasMessageContaining("not valid YAML");
  }
}
