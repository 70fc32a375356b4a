package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ConversationPage;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wires;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support conversations list}. */
@Command(name = "conversations", mixinStandardHelpOptions = true,
    description = "Find conversations.",
    subcommands = ConversationsCommand.ListCommand.class)
final class ConversationsCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List conversations, most recent activity first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ConversationsCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--status", paramLabel = "S", split = ",",
        description = "Only these statuses: open, pending, snoozed, resolved (comma-separated).")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--team", paramLabel = "T", description = "Only this team's queue.")
    String team;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "At most N conversations, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 1000) {
        throw new ParameterException(spec.commandLine(),
            "--limit: must be between 1 and 1000, was " + limit);
      }
      Set<Status> wanted = new LinkedHashSet<>();
      for (String s : statuses) {
        wanted.add(Wires.parse(Status.class, "--status", s));
      }
      FindConversations query = FindConversations.all().withStatuses(wanted).withTeam(team)
          .withLimit(limit);
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(null)) {
        ConversationPage page = engine.conversations(query);
        if (json) {
          Views.printJson(out, page.items());
        } else {
          Views.printTable(out, page.items());
        }
      }
      return Errors.OK;
    }
  }
}
