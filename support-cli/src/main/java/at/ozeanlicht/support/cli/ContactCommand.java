package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.UpdateContact;
import at.ozeanlicht.support.core.domain.Contact;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support contact update}. */
@Command(name = "contact", mixinStandardHelpOptions = true,
    description = "Work with one contact.",
    subcommands = ContactCommand.Update.class)
final class ContactCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Set a contact's VIP flag and custom attributes, e.g. --csat-opt-out.")
  static final class Update implements Callable<Integer> {
    @ParentCommand ContactCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID",
        description = "The contact's UUID, or a conversation number (#4711) meaning its contact.")
    String id;

    @Option(names = "--vip", paramLabel = "true|false", arity = "1", description = "Set or clear the VIP flag.")
    @Nullable Boolean vip;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a custom attribute (repeatable).")
    List<String> set = List.of();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a custom attribute (repeatable).")
    List<String> unset = List.of();

    @Option(names = "--csat-opt-out", description = "Send this contact no more satisfaction surveys.")
    boolean csatOptOut;

    @Override
    public Integer call() {
      Map<String, String> attributes = new LinkedHashMap<>();
      for (String kv : set) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new ParameterException(spec.commandLine(), "--set: must be KEY=VALUE, was '" + kv + "'");
        }
        attributes.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      if (csatOptOut) {
        attributes.put(SupportEngine.CSAT_OPT_OUT, "true");
      }
      if (vip == null && attributes.isEmpty() && unset.isEmpty()) {
        throw new ParameterException(spec.commandLine(),
            "nothing to change: give --vip, --set, --unset or --csat-opt-out");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(null)) {
        UUID contactId = contactId(engine);
        Contact c = engine.updateContact(new UpdateContact(contactId, vip, attributes, Set.copyOf(unset), null));
        out.println("contact " + c.id() + (c.vip() ? " (vip)" : ""));
        new TreeMap<>(c.attributes()).forEach((k, v) -> out.println("  " + k + ": " + v));
      }
      return Errors.OK;
    }

    private UUID contactId(SupportEngine engine) {
      String trimmed = id.trim();
      if (trimmed.startsWith("#")) {
        UUID conversation = ConversationCommand.resolveId(engine, trimmed, spec.commandLine(), "ID");
        return engine.conversation(conversation).map(v -> v.conversation().contactId())
            .filter(java.util.Objects::nonNull)
            .orElseThrow(() -> new NotFoundException("ID: conversation " + trimmed + " has no contact"));
      }
      try {
        return UUID.fromString(trimmed);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(),
            "ID: must be a contact UUID or a conversation number like #4711, was '" + id + "'");
      }
    }
  }
}
