package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support workspace validate DIR}. */
@Command(name = "workspace", mixinStandardHelpOptions = true,
    description = "Work with workspace configuration (config as code).",
    subcommands = WorkspaceCommand.Validate.class)
final class WorkspaceCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Load a workspace directory and report every problem (file: field: message).")
  static final class Validate implements Callable<Integer> {
    @ParentCommand WorkspaceCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The workspace directory.")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path resolved = parent.root.env().workingDir().resolve(dir);
      try {
        Workspace w = Workspaces.load(resolved);
        out.println("ok: " + w.name() + " (" + count(w.inboxes().size(), "inbox", "inboxes") + ", "
            + count(w.teams().size(), "team", "teams") + ", "
            + count(w.agents().size(), "agent", "agents") + ")");
        return Errors.OK;
      } catch (ValidationException e) {
        for (FieldProblem p : e.problems()) {
          out.println(p);
        }
        return Errors.USAGE;
      }
    }
  }

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
