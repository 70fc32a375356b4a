package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.imports.ContactCsvWriter;
import at.ozeanlicht.support.core.imports.ConversationJsonlWriter;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support export conversations|contacts}. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export data in the formats 'support import' reads (recorded in the audit log).",
    subcommands = {ExportCommand.Conversations.class, ExportCommand.Contacts.class})
final class ExportCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "conversations", mixinStandardHelpOptions = true,
      description = {"Export support conversations as JSON Lines, exactly as 'import conversations' reads them:",
        "export, import into an empty database and export again give the same file."})
  static final class Conversations implements Callable<Integer> {
    @ParentCommand ExportCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--from", paramLabel = "T", description = "Conversations created at or after T (date or instant).")
    @Nullable String from;

    @Option(names = "--to", paramLabel = "T", description = "Conversations created before T (date or instant).")
    @Nullable String to;

    @Option(names = "--out", paramLabel = "FILE.jsonl", required = true, description = "The file to write.")
    Path out;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory (for the inboxes' channels); else $SUPPORT_WORKSPACE, else the current"
            + " directory if it has a workspace.yaml.")
    @Nullable Path workspace;

    @Override
    public Integer call() throws IOException {
      Instant f = from == null ? null : AuditCommand.instant(spec.commandLine(), "--from", from);
      Instant t = to == null ? null : AuditCommand.instant(spec.commandLine(), "--to", to);
      if (f != null && t != null && !f.isBefore(t)) {
        throw new ParameterException(spec.commandLine(), "--from: must be before --to, was " + from + " and " + to);
      }
      Workspace ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), spec.commandLine()));
      Path file = parent.root.env().workingDir().resolve(out);
      int n;
      try (SupportEngine engine = parent.root.engine(ws);
          BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        n = engine.personalData().exportConversations(f, t, v -> {
          Inbox inbox = ws.inbox(v.conversation().inbox()).orElseThrow(() -> new ParameterException(
              spec.commandLine(), "--workspace: has no inbox '" + v.conversation().inbox() + "' (conversation #"
                  + v.conversation().number() + ")"));
          try {
            w.write(ConversationJsonlWriter.line(v, inbox.channel()));
            w.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
      spec.commandLine().getOut().println("exported " + n + " conversations to " + out);
      spec.commandLine().getOut().flush();
      return Errors.OK;
    }
  }

  @Command(name = "contacts", mixinStandardHelpOptions = true,
      description = {"Export contacts as CSV in the columns 'import contacts' reads, one row per channel id.",
        "Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas."})
  static final class Contacts implements Callable<Integer> {
    @ParentCommand ExportCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE.csv", required = true, description = "The file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      Path file = parent.root.env().workingDir().resolve(out);
      int n;
      try (SupportEngine engine = parent.root.engine(null);
          BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        var rows = engine.personalData().exportContacts();
        ContactCsvWriter.write(rows, w);
        n = rows.size();
      }
      spec.commandLine().getOut().println("exported " + n + " contact rows to " + out);
      spec.commandLine().getOut().flush();
      return Errors.OK;
    }
  }
}
