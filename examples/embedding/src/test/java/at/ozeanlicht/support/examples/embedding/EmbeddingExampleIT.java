package at.ozeanlicht.support.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EmbeddingExampleIT {
  @Test
  void run_withHostDataSourceAndReferenceWorkspace_answersTheCustomer() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConversationView view = EmbeddingExample.run(SharedPostgres.pool(),
        WorkspaceLoader.load(Path.of("..", "ozean-licht")), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(view.messages()).extracting(Message::kind).containsExactly(MessageKind.INCOMING,
        MessageKind.ACTIVITY, MessageKind.ACTIVITY, MessageKind.NOTE, MessageKind.OUTGOING);
    assertThat(view.conversation().assignee()).isEqualTo("thomas");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("event conversation.opened")
        .endsWith("#1000 open, 5 messages\n");
    // The host's pool stays open: the engine never closes a DataSource it was given.
    assertThat(SharedPostgres.pool().isClosed()).isFalse();
  }
}
