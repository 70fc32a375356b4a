package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support generate conversations}: synthetic import files for benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate synthetic data.",
    subcommands = GenerateCommand.Conversations.class)
final class GenerateCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "conversations", mixinStandardHelpOptions = true,
      description = {
        "Write realistic synthetic conversations in the import format (JSON Lines).",
        "The same seed and workspace always give the same file."
      })
  static final class Conversations implements Callable<Integer> {
    @ParentCommand GenerateCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", required = true,
        description = "How many conversations, 1 to 10000000.")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Use this workspace's inboxes, agents and labels; default: the bundled "
            + "Ozean Licht workspace.")
    Path workspace;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
      if (count < 1 || count > 10_000_000) {
        throw new ParameterException(spec.commandLine(),
            "--count: must be between 1 and 10000000, was " + count);
      }
      Environment env = parent.root.env();
      Workspace ws = workspace != null
          ? Workspaces.load(env.workingDir().resolve(workspace))
          : bundledWorkspace();
      ConversationGenerator generator = new ConversationGenerator(ws, seed);
      if (output != null) {
        Path file = env.workingDir().resolve(output);
        try (OutputStream os = Files.newOutputStream(file);
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
          generator.write(w, count);
        }
        spec.commandLine().getErr().println("wrote " + count + " conversations to " + output);
      } else {
        Writer w = spec.commandLine().getOut();
        generator.write(w, count);
        w.flush();
      }
      return Errors.OK;
    }

    private static Workspace bundledWorkspace() {
      Path tmp = null;
      try {
        tmp = Files.createTempDirectory("support-workspace");
        return Workspaces.load(Workspaces.extractBundled(tmp));
      } catch (IOException e) {
        throw new UncheckedIOException("generate: cannot unpack the bundled workspace", e);
      } finally {
        if (tmp != null) {
          try {
            Workspaces.deleteTree(tmp);
          } catch (IOException ignored) {
            // a leftover temp directory is harmless
          }
        }
      }
    }
  }
}
