package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.SupportEngine;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support conversation show ID}. */
@Command(name = "conversation", mixinStandardHelpOptions = true,
    description = "Work with one conversation.",
    subcommands = ConversationCommand.Show.class)
final class ConversationCommand {
  private static final Pattern NUMBER = Pattern.compile("#?[0-9]{1,18}");

  @ParentCommand SupportCommand root;

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a conversation with all its messages, notes and activities.")
  static final class Show implements Callable<Integer> {
    @ParentCommand ConversationCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID",
        description = "The conversation number (4711 or #4711) or its UUID.")
    String id;

    @Option(names = "--json", description = "Print the full conversation as JSON.")
    boolean json;

    @Override
    public Integer call() {
      String trimmed = id.trim();
      UUID uuid = null;
      long number = -1;
      if (NUMBER.matcher(trimmed).matches()) {
        number = Long.parseLong(trimmed.startsWith("#") ? trimmed.substring(1) : trimmed);
      } else {
        try {
          uuid = UUID.fromString(trimmed);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(),
              "ID: must be a conversation number like 4711 or #4711, or a UUID, was '" + id + "'");
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(null)) {
        Optional<ConversationView> view = uuid != null ? engine.conversation(uuid) : engine.conversation(number);
        String shown = uuid != null ? uuid.toString() : String.valueOf(number);
        ConversationView v = view.orElseThrow(
            () -> new NotFoundException("conversation: no conversation " + shown));
        if (json) {
          Views.printConversationJson(out, v);
        } else {
          Views.printConversation(out, v);
        }
      }
      return Errors.OK;
    }
  }
}
