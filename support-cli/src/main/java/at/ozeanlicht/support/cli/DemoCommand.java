package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ConversationPage;
import at.ozeanlicht.support.core.api.ConversationSummaryView;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code support demo}: the reference workspace and sample conversations, imported into the
 * default database, then the inbox. Safe to run again: the import is idempotent.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Load the bundled Ozean Licht workspace, import the sample conversations and show the inbox.",
      "Uses the embedded PostgreSQL under the home directory unless --db is given; safe to repeat."
    })
final class DemoCommand implements Callable<Integer> {
  static final String CONVERSATIONS = "/demo/conversations.jsonl";

  @ParentCommand SupportCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Workspaces.extractBundled(root.home().resolve("demo").resolve("workspace"));
    Workspace ws = Workspaces.load(dir);
    try (SupportEngine engine = root.engine(ws, b -> AiWiring.apply(b, dir, ws))) {
      StringWriter summary = new StringWriter();
      int code = ImportCommand.run(engine, DemoCommand::conversations, false, root.env(),
          new PrintWriter(summary, true), err);
      if (code != Errors.OK) {
        return code;
      }
      ConversationPage page = engine.conversations(FindConversations.all().withLimit(1000));
      Views.printTable(out, page.items());
      Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
      for (ConversationSummaryView s : page.items()) {
        byStatus.merge(s.conversation().status(), 1, Integer::sum);
      }
      out.println();
      out.println("demo: workspace " + ws.name() + " ("
          + WorkspaceCommand.count(ws.inboxes().size(), "inbox", "inboxes") + ", "
          + WorkspaceCommand.count(ws.teams().size(), "team", "teams") + ", "
          + WorkspaceCommand.count(ws.agents().size(), "agent", "agents") + "), "
          + page.items().size() + (page.nextCursor() == null ? "" : "+") + " conversations ("
          + byStatus.getOrDefault(Status.OPEN, 0) + " open, "
          + byStatus.getOrDefault(Status.PENDING, 0) + " pending, "
          + byStatus.getOrDefault(Status.RESOLVED, 0) + " resolved); "
          + summary.toString().strip()
          + (page.items().isEmpty() ? "" : "; next: support conversation show "
              + page.items().get(0).conversation().number()));
    }
    return Errors.OK;
  }

  private static InputStream conversations() {
    InputStream in = DemoCommand.class.getResourceAsStream(CONVERSATIONS);
    if (in == null) {
      throw new IllegalStateException("demo: the bundled conversations are missing from the tool");
    }
    return in;
  }
}
