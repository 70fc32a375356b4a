package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support import conversations FILE.jsonl}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import data from other systems.",
    subcommands = ImportCommand.Conversations.class)
final class ImportCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "conversations", mixinStandardHelpOptions = true,
      description = {
        "Import conversations from a JSON Lines file (one conversation per line).",
        "Every line is checked first; without --skip-invalid nothing is imported if any line is bad.",
        "Importing is idempotent by externalId: a conversation imported before stays unchanged."
      })
  static final class Conversations implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .jsonl file.")
    Path file;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory "
            + "if it has a workspace.yaml.")
    Path workspace;

    @Option(names = "--skip-invalid",
        description = "Import the valid lines and report the bad ones (exit 2 if any were skipped).")
    boolean skipInvalid;

    @Override
    public Integer call() {
      SupportCommand root = parent.root;
      Path input = root.env().workingDir().resolve(file);
      if (!Files.isRegularFile(input)) {
        throw new ParameterException(spec.commandLine(), "FILE: no such file '" + file + "'");
      }
      Path dir = Workspaces.resolve(workspace, root.env(), spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      try (SupportEngine engine = root.engine(ws)) {
        return run(engine, () -> Files.newInputStream(input), skipInvalid, root.env(),
            spec.commandLine().getOut(), spec.commandLine().getErr());
      }
    }
  }

  /** Both passes with their reporting; shared with {@code support demo}. */
  static int run(SupportEngine engine, Importer.Source source, boolean skipInvalid,
      Environment env, PrintWriter out, PrintWriter err) {
    Importer importer = new Importer(engine, source);
    Importer.Check check = importer.check();
    for (FieldProblem p : check.problems()) {
      err.println("error: " + p);
    }
    if (check.invalidLines() > 0 && !skipInvalid) {
      err.println("error: " + check.invalidLines() + " of " + check.lines()
          + " lines invalid; nothing imported (--skip-invalid imports the valid lines)");
      err.flush();
      return Errors.USAGE;
    }
    err.flush();
    Importer.Result result = importer.importValid(check, Importer.progress(env));
    out.println(result.summary());
    out.flush();
    return result.skipped() > 0 ? Errors.USAGE : Errors.OK;
  }
}
