package at.ozeanlicht.support.examples.embedding;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.ReceiveResult;
import at.ozeanlicht.support.core.api.RenderedText;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.spi.ContextProvider;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventListener;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A host application embedding the support engine, in one file. The host already has what a
 * learning platform has: its own HikariCP pool on its own PostgreSQL, its own course data, and
 * its own ways to react to things (here: printing; in real life a CRM call or a push message).
 * It wires them into the engine:
 *
 * <ol>
 *   <li>{@link #hostPool}: the host's pool; the engine borrows it and never closes it.
 *   <li>{@link CourseContext}: a {@link ContextProvider} answering {@code course.title},
 *       {@code course.module} and {@code course.progress} (declared in the workspace's
 *       {@code macros.yaml}) from the host's own data, so canned responses speak about the
 *       customer's actual course.
 *   <li>{@link PrintingListener}: an {@link EventListener}, called after every commit.
 * </ol>
 *
 * <p>Then a WhatsApp customer writes, Thomas takes the conversation with a private note mentioning Sabine
 * and answers with the {@code /course-progress} canned response, filled from the host's data.
 * {@code EmbeddingExampleIT} runs it on PostgreSQL; {@code main} runs it against any database.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** The host's own connection pool. Hosts usually have one already; this is how it is made. */
  public static HikariDataSource hostPool(String jdbcUrl, @Nullable String user, @Nullable String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("host-app");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    // Auto-commit stays at HikariCP's default (on): the engine turns it off for its own
    // transactions and back on afterwards, so the pool can be shared with other code.
    return new HikariDataSource(config);
  }

  /**
   * What the host knows about its learners, keyed by phone number: in a real application a query
   * on its own tables. Called inside the engine's transaction, so it must be quick.
   */
  static final class CourseContext implements ContextProvider {
    private final Map<String, Map<String, String>> byPhone = Map.of(
        "+4915112345678", Map.of("course.title", "Grundkurs Meditation", "course.module", "Modul 3",
            "course.progress", "40"));

    @Override
    public Map<String, String> values(Conversation conversation, @Nullable Contact contact) {
      if (contact == null || contact.phone() == null) {
        return Map.of();
      }
      return byPhone.getOrDefault(contact.phone(), Map.of());
    }
  }

  /** Reacts to what happened, after the commit; here it only prints the event type and id. */
  static final class PrintingListener implements EventListener {
    private final PrintStream out;

    PrintingListener(PrintStream out) {
      this.out = out;
    }

    @Override
    public void onEvent(DomainEvent event) {
      out.println("event " + event.type() + " " + event.conversationId());
    }
  }

  /**
   * Builds an engine on the host's pool, runs the conversation and closes the engine; the pool
   * stays open. Returns the conversation as the agent sees it.
   */
  public static ConversationView run(DataSource hostPool, Workspace workspace, PrintStream out) {
    try (SupportEngine engine = SupportEngine.builder()
        .dataSource(hostPool)                      // the host's pool: borrowed, never closed
        .workspace(workspace)                      // inboxes, teams, agents, macros as YAML
        .contextProvider(new CourseContext())      // the host's data for canned responses
        .listener(new PrintingListener(out))       // the host reacts after each commit
        .build()) {
      return converse(engine, out);
    }
  }

  static ConversationView converse(SupportEngine engine, PrintStream out) {
    // A WhatsApp message arrives (in production through engine.webhooks(), see README).
    ReceiveResult received = engine.receive(ReceiveMessage.text("ol-whatsapp",
        new InboundContact("4915112345678", "Lena Berger", null, "+4915112345678", "de"),
        "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBQQA=",
        "Hallo, wo stehe ich eigentlich in meinem Meditationskurs?"));
    UUID id = received.conversation().id();

    // Thomas takes it, leaves Sabine a private note, and answers with a canned response whose
    // course.* variables come from CourseContext.
    engine.assign(new AssignConversation(id, "support", "thomas", null));
    engine.addNote(new AddNote(id, "thomas", "@sabine Lena fragt nach ihrem Kursstand, ich antworte."));
    List<RenderedText> rendered = engine.render("/course-progress", id, "thomas", null);
    engine.reply(new SendReply(id, "thomas", rendered.get(0).text()));

    ConversationView view = engine.conversation(id).orElseThrow();
    out.println("#" + view.conversation().number() + " " + view.conversation().status().wire()
        + ", " + view.messages().size() + " messages, WhatsApp id "
        + view.contact().externalIds().get(ChannelType.WHATSAPP));
    return view;
  }

  /**
   * {@code java … EmbeddingExample JDBC_URL WORKSPACE_DIR} with {@code DB_USER} and {@code
   * DB_PASSWORD} in the environment (secrets never on the command line).
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: EmbeddingExample JDBC_URL WORKSPACE_DIR");
      System.exit(2);
    }
    Workspace workspace = WorkspaceLoader.load(Path.of(args[1]));
    try (HikariDataSource pool = hostPool(args[0], System.getenv("DB_USER"), System.getenv("DB_PASSWORD"))) {
      run(pool, workspace, System.out);
    }
  }
}
