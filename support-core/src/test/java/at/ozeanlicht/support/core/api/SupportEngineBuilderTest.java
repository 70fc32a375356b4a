package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SupportEngineBuilderTest {

  @Test
  void setters_secondCall_isRejectedNamingTheField() {
    assertThatThrownBy(() -> SupportEngine.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class).hasMessage("clock: already set");
    assertThatThrownBy(() -> SupportEngine.builder().schemaMode(SchemaMode.MIGRATE).schemaMode(SchemaMode.MIGRATE))
        .hasMessage("schemaMode: already set");
    at.ozeanlicht.support.core.spi.Notifier quiet = n -> { };
    assertThatThrownBy(() -> SupportEngine.builder().notifier(quiet).notifier(quiet))
        .isInstanceOf(IllegalStateException.class).hasMessage("notifier: already set");
    assertThatThrownBy(() -> SupportEngine.builder().notifier(null))
        .isInstanceOf(NullPointerException.class).hasMessage("notifier");
    assertThatThrownBy(() -> SupportEngine.builder().embedded(Path.of("a")).jdbcUrl("jdbc:postgresql://x/y", null, null))
        .hasMessageStartingWith("jdbcUrl: a database is already set");
  }

  @Test
  void setters_nullOrOutOfRange_isRejectedNamingTheField() {
    assertThatThrownBy(() -> SupportEngine.builder().clock(null))
        .isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> SupportEngine.builder().poolSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("poolSize: must be between 1 and 100, was 0");
  }

  @Test
  void jdbcUrl_notPostgres_isRejectedWithThePasswordRedacted() {
    assertThatThrownBy(() -> SupportEngine.builder().jdbcUrl("jdbc:mysql://db/x?password=hunter2", null, null))
        .hasMessage("jdbcUrl: must start with jdbc:postgresql:, was 'jdbc:mysql://db/x?password=***'");
  }

  @Test
  void findConversations_limitOutOfRange_isAValidationError() {
    assertThatThrownBy(() -> FindConversations.all().withLimit(0))
        .isInstanceOf(ValidationException.class).hasMessage("limit: must be between 1 and 1000, was 0");
  }
}
