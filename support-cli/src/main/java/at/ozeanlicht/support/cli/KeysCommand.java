package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.store.KeyRotation;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support keys rotate}: encryption keys of message bodies and contact fields. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage the encryption keys of data at rest.",
    subcommands = {KeysCommand.Rotate.class})
final class KeysCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Re-encrypt message bodies and contact fields under the active key (also encrypts"
          + " rows written before encryption was switched on). One transaction per batch; safe to"
          + " interrupt and run again.")
  static final class Rotate implements java.util.concurrent.Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Spec CommandSpec spec;

    @Option(names = "--batch", defaultValue = "500", description = "Rows per transaction (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
      if (batch < 1 || batch > 100_000) {
        throw new ParameterException(spec.commandLine(), "--batch: must be 1 to 100000, was " + batch);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = keys.root.database()) {
        database.requireCurrent();
        KeyRotation.Result r = database.keyRotation().run(batch);
        out.println("rotated " + r.messages() + " message bodies and " + r.contacts()
            + " contacts to key " + r.keyId() + " in " + r.batches() + " batch" + (r.batches() == 1 ? "" : "es"));
      }
      return Errors.OK;
    }
  }
}
