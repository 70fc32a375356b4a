package at.ozeanlicht.support.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EmbeddingExampleIT {
  @Test
  void run_withHostPoolContextAndListener_answersFromHostData() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConversationView view;
    try (HikariDataSource hostPool = EmbeddingExample.hostPool(SharedPostgres.jdbcUrl(), null, null)) {
      view = EmbeddingExample.run(hostPool, WorkspaceLoader.load(Path.of("..", "ozean-licht")),
          new PrintStream(bytes, true, StandardCharsets.UTF_8));

      // The host's pool stays open: the engine never closes a DataSource it was given.
      assertThat(hostPool.isClosed()).isFalse();
    }

    assertThat(view.messages()).extracting(Message::kind).containsExactly(MessageKind.INCOMING,
        MessageKind.ACTIVITY, MessageKind.ACTIVITY, MessageKind.NOTE, MessageKind.OUTGOING);
    assertThat(view.conversation().assignee()).isEqualTo("thomas");
    // The canned response was filled from the host's ContextProvider.
    assertThat(view.messages().get(4).body())
        .contains("„Grundkurs Meditation“ gerade bei Modul 3 und hast 40 % geschafft");
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("event conversation.opened " + view.conversation().id(),
        "event message.created " + view.conversation().id());
    assertThat(printed).endsWith("#1000 open, 5 messages, WhatsApp id 4915112345678\n");
  }
}
