package at.ozeanlicht.support.examples.embedding;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.ReceiveResult;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A host application embedding the support engine: it hands over its own DataSource and
 * workspace, receives a WhatsApp message, lets Thomas take it with a private note to Anna, and
 * answers. Run {@code main} with a workspace directory to use an embedded PostgreSQL instead.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** The example's flow against a host's DataSource; returns the conversation as the agent sees it. */
  public static ConversationView run(DataSource hostDataSource, Workspace workspace, PrintStream out) {
    try (SupportEngine engine = SupportEngine.builder()
        .dataSource(hostDataSource)
        .workspace(workspace)
        .listener(event -> out.println("event " + event.type()))
        .build()) {
      return converse(engine, out);
    }
  }

  static ConversationView converse(SupportEngine engine, PrintStream out) {
    ReceiveResult received = engine.receive(ReceiveMessage.text("ol-whatsapp",
        new InboundContact("4915112345678", "Lena Berger", null, "+4915112345678", "de"),
        "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBQQA=",
        "Hallo, ich komme nicht mehr in meinen Meditationskurs."));
    var id = received.conversation().id();
    engine.assign(new AssignConversation(id, "support", "thomas", null));
    engine.addNote(new AddNote(id, "thomas", "@anna Zugang prüfen, bitte."));
    engine.reply(new SendReply(id, "thomas", "Liebe Lena, wir schauen sofort nach deinem Zugang."));
    ConversationView view = engine.conversation(id).orElseThrow();
    out.println("#" + view.conversation().number() + " " + view.conversation().status().wire()
        + ", " + view.messages().size() + " messages");
    return view;
  }

  /** {@code java … EmbeddingExample path/to/workspace} runs the flow on an embedded PostgreSQL. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: EmbeddingExample WORKSPACE_DIR");
      System.exit(2);
    }
    Workspace workspace = at.ozeanlicht.support.core.workspace.WorkspaceLoader.load(Path.of(args[0]));
    try (SupportEngine engine = SupportEngine.builder()
        .embedded(Path.of(System.getProperty("java.io.tmpdir"), "support-embedding-example"))
        .workspace(workspace)
        .build()) {
      converse(engine, System.out);
    }
  }
}
