package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SupportEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support gdpr export|erase --contact ID}. */
@Command(name = "gdpr", mixinStandardHelpOptions = true,
    description = "Data subject requests: export or erase everything stored about one person.",
    subcommands = {GdprCommand.Export.class, GdprCommand.Erase.class})
final class GdprCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Everything stored about a contact as JSON: contact, identities, conversations with",
        "their messages (private notes withheld), ratings, knowledge-base questions, audit entries.",
        "The export is itself recorded in the audit log."})
  static final class Export implements Callable<Integer> {
    @ParentCommand GdprCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--contact", paramLabel = "UUID", required = true, description = "The contact.")
    UUID contact;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    @Nullable Path out;

    @Override
    public Integer call() throws IOException {
      try (SupportEngine engine = parent.root.engine(null)) {
        String json = AuditCommand.JSON.writeValueAsString(AuditCommand.JSON.readTree(
            engine.personalData().export(contact)));
        if (out == null) {
          spec.commandLine().getOut().println(json);
        } else {
          Files.writeString(parent.root.env().workingDir().resolve(out), json + "\n", StandardCharsets.UTF_8);
          spec.commandLine().getOut().println("exported contact " + contact + " to " + out);
        }
        spec.commandLine().getOut().flush();
      }
      return Errors.OK;
    }
  }

  @Command(name = "erase", mixinStandardHelpOptions = true,
      description = {"Erase a contact's personal data in one transaction: contact and channel ids anonymized,",
        "message texts, attachments, ratings' comments and KB questions of their conversations redacted,",
        "raw webhook payloads deleted, every column of every table swept for their strings.",
        "Rows, kinds and times stay for reports. Audited without personal data."})
  static final class Erase implements Callable<Integer> {
    @ParentCommand GdprCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--contact", paramLabel = "UUID", required = true, description = "The contact.")
    UUID contact;

    @Option(names = "--reason", paramLabel = "TEXT",
        description = "Why (kept in the audit log; must not name the person), e.g. a ticket number.")
    @Nullable String reason;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(null)) {
        Map<String, Integer> counts = engine.personalData().erase(contact, reason);
        out.println("erased contact " + contact);
        new TreeMap<>(counts).forEach((k, v) -> out.println("  " + k + ": " + v));
        out.flush();
      }
      return Errors.OK;
    }
  }
}
