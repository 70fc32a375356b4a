package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxRow;
import at.ozeanlicht.support.core.inbox.SearchHit;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The unified inbox on the command line (issue 9): {@code support inbox}, {@code support search},
 * {@code support team-chat post}, {@code support note add}.
 */
final class InboxCommands {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private InboxCommands() {}

  /** Options every inbox command shares: the workspace (for agents, teams, inboxes). */
  static final class WorkspaceOption {
    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory if it has a workspace.yaml.")
    @Nullable Path workspace;

    Workspace load(SupportCommand root, CommandLine cl) {
      return Workspaces.load(Workspaces.resolve(workspace, root.env(), cl));
    }
  }

  static Actor agent(Workspace ws, @Nullable String handle, CommandLine cl) {
    if (handle == null) {
      return Actor.system();
    }
    return ws.agent(handle).map(Actor::of).orElseThrow(() -> new ParameterException(cl,
        "--as: unknown agent '" + handle + "'; agents: " + ws.agents().stream().map(a -> a.id()).toList()));
  }

  static String text(List<String> words, CommandLine cl) {
    String text = String.join(" ", words).strip();
    if (text.isEmpty()) {
      throw new ParameterException(cl, "TEXT: must not be blank");
    }
    return text;
  }

  // ---------------------------------------------------------------- support inbox

  @Command(name = "inbox", mixinStandardHelpOptions = true,
      description = "The unified inbox: support conversations, team chat and dev tickets, newest activity first.")
  static final class Inbox implements Callable<Integer> {
    @ParentCommand SupportCommand root;
    @Spec CommandSpec spec;
    @CommandLine.Mixin WorkspaceOption ws = new WorkspaceOption();

    @Option(names = "--status", paramLabel = "S", split = ",",
        description = "Only these statuses: open, pending, snoozed, resolved (comma-separated).")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--team", paramLabel = "T", description = "Only this team.")
    @Nullable String team;

    @Option(names = "--assignee", paramLabel = "A",
        description = "Only this agent's; 'me' (needs --as) or 'none' for unassigned.")
    @Nullable String assignee;

    @Option(names = "--kind", paramLabel = "K", split = ",",
        description = "Only these kinds: support, team_chat, dev_ticket (comma-separated).")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--label", paramLabel = "L", description = "Only conversations with this label.")
    @Nullable String label;

    @Option(names = "--urgent", description = "Only SLA deadlines within --urgent-minutes, or breached.")
    boolean urgent;

    @Option(names = "--urgent-minutes", paramLabel = "N", defaultValue = "30",
        description = "The urgent window in minutes (default ${DEFAULT-VALUE}).")
    int urgentMinutes;

    @Option(names = "--as", paramLabel = "AGENT", description = "Read as this agent ('me', unread counts).")
    @Nullable String as;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "At most N rows, 1 to 500 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      if (limit < 1 || limit > 500) {
        throw new ParameterException(cl, "--limit: must be between 1 and 500, was " + limit);
      }
      if (urgentMinutes < 0 || urgentMinutes > 100_000) {
        throw new ParameterException(cl, "--urgent-minutes: must be between 0 and 100000, was " + urgentMinutes);
      }
      if (InboxQuery.ME.equals(assignee) && as == null) {
        throw new ParameterException(cl, "--assignee: 'me' needs --as AGENT");
      }
      InboxQuery.Builder q = InboxQuery.builder().team(team).assignee(assignee).label(label).limit(limit);
      for (String s : statuses) {
        q.status(parse(Status.class, "--status", s, cl));
      }
      for (String k : kinds) {
        q.kind(parse(ConversationKind.class, "--kind", k, cl));
      }
      if (urgent) {
        q.urgentWithin(Duration.ofMinutes(urgentMinutes));
      }
      Workspace workspace = ws.load(root, cl);
      Actor actor = agent(workspace, as, cl);
      try (SupportEngine engine = root.engine(workspace)) {
        InboxPage page = engine.inbox().page(actor, q.build());
        print(cl.getOut(), page.rows(), json);
      }
      return Errors.OK;
    }
  }

  static <E extends Enum<E> & at.ozeanlicht.support.core.domain.Wire> E parse(
      Class<E> type, String option, String value, CommandLine cl) {
    try {
      return Wires.parse(type, option, value.strip());
    } catch (RuntimeException e) {
      throw new ParameterException(cl, e.getMessage());
    }
  }

  static void print(PrintWriter out, List<InboxRow> rows, boolean json) {
    if (json) {
      ArrayNode array = JSON.createArrayNode();
      for (InboxRow r : rows) {
        ObjectNode n = array.addObject();
        n.put("number", r.number());
        n.put("id", r.id().toString());
        n.put("kind", r.kind().wire());
        n.put("status", r.status().wire());
        n.put("priority", r.priority().wire());
        n.put("inbox", r.inbox());
        n.put("channel", r.channel() == null ? null : r.channel().wire());
        n.put("title", r.title());
        n.put("excerpt", r.excerpt());
        n.put("team", r.team());
        n.put("assignee", r.assignee());
        ArrayNode labels = n.putArray("labels");
        r.labels().stream().sorted().forEach(labels::add);
        n.put("unread", r.unread());
        n.put("sla", r.sla().name().toLowerCase(java.util.Locale.ROOT));
        n.put("slaDueAt", r.slaDueAt() == null ? null : r.slaDueAt().toString());
        n.put("waiting", r.waiting());
        n.put("lastActivityAt", r.lastActivityAt().toString());
        n.put("ageSeconds", r.age().toSeconds());
      }
      write(out, array);
      return;
    }
    if (rows.isEmpty()) {
      out.println("no conversations");
      return;
    }
    List<String[]> table = new ArrayList<>();
    for (InboxRow r : rows) {
      table.add(new String[] {"#" + r.number(), r.kind().wire(), r.status().wire(), r.priority().wire(),
          r.channel() == null ? r.inbox() : r.channel().wire(), Table.cut(orDash(r.title()), 24),
          orDash(r.team()), orDash(r.assignee()), Table.cut(orDash(String.join(",", r.labels().stream().sorted().toList())), 20),
          Long.toString(r.unread()), r.sla().name().toLowerCase(java.util.Locale.ROOT),
          Views.TIME.format(r.lastActivityAt()), Table.cut(orDash(r.excerpt()).replace('\n', ' '), 40)});
    }
    Table.print(out, new String[] {"#", "KIND", "STATUS", "PRIORITY", "CHANNEL", "FROM", "TEAM",
        "ASSIGNEE", "LABELS", "UNREAD", "SLA", "LAST ACTIVITY (UTC)", "LAST MESSAGE"}, table);
  }

  private static String orDash(@Nullable String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  private static void write(PrintWriter out, Object tree) {
    try {
      out.println(JSON.writeValueAsString(tree));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- support search

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Full-text search over messages and contacts (German and English, accents ignored).")
  static final class Search implements Callable<Integer> {
    @ParentCommand SupportCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0..*", paramLabel = "QUERY", arity = "1..*",
        description = "Words; \"a phrase\" in quotes, -word to exclude, 'or' for either.")
    List<String> words = new ArrayList<>();

    @Option(names = "--customer-facing",
        description = "Search as a customer-facing reader: no notes, no team chat, no contacts.")
    boolean customer;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "At most N message hits, 1 to 200 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of lines.")
    boolean json;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      String query = String.join(" ", words).strip();
      if (query.isEmpty()) {
        throw new ParameterException(cl, "QUERY: must not be blank");
      }
      if (limit < 1 || limit > 200) {
        throw new ParameterException(cl, "--limit: must be between 1 and 200, was " + limit);
      }
      PrintWriter out = cl.getOut();
      try (SupportEngine engine = root.engine(null)) {
        List<SearchHit> hits = engine.inbox().search(Actor.system(), query,
            customer ? Audience.CUSTOMER : Audience.TEAM, limit);
        if (json) {
          ArrayNode array = JSON.createArrayNode();
          for (SearchHit h : hits) {
            ObjectNode n = array.addObject();
            n.put("type", h.type().name().toLowerCase(java.util.Locale.ROOT));
            n.put("number", h.type() == SearchHit.Type.MESSAGE ? h.number() : null);
            n.put("conversationId", str(h.conversationId()));
            n.put("messageId", str(h.messageId()));
            n.put("messageKind", h.messageKind() == null ? null : h.messageKind().wire());
            n.put("contactId", str(h.contactId()));
            n.put("snippet", h.snippet());
            n.put("at", h.at().toString());
          }
          write(out, array);
        } else if (hits.isEmpty()) {
          out.println("no matches");
        } else {
          for (SearchHit h : hits) {
            String where = h.type() == SearchHit.Type.MESSAGE
                ? "#" + h.number() + " " + h.messageKind().wire() : "contact";
            out.println(where + "  " + Views.TIME.format(h.at()) + "  " + h.snippet().replace('\n', ' '));
          }
        }
      }
      return Errors.OK;
    }

    private static @Nullable String str(@Nullable UUID id) {
      return id == null ? null : id.toString();
    }
  }

  // ---------------------------------------------------------------- support team-chat post

  @Command(name = "team-chat", mixinStandardHelpOptions = true,
      description = "Team channels (#general, #tech-support ...) and direct messages.",
      subcommands = TeamChat.Post.class)
  static final class TeamChat {
    @ParentCommand SupportCommand root;

    @Command(name = "post", mixinStandardHelpOptions = true,
        description = "Post to a team channel; the channel is created on its first post.")
    static final class Post implements Callable<Integer> {
      @ParentCommand TeamChat parent;
      @Spec CommandSpec spec;
      @CommandLine.Mixin WorkspaceOption ws = new WorkspaceOption();

      @Option(names = "--channel", paramLabel = "NAME", required = true, description = "The channel, e.g. general.")
      String channel;

      @Option(names = "--as", paramLabel = "AGENT", required = true, description = "The agent who posts.")
      String as;

      @Parameters(index = "0..*", arity = "1..*", paramLabel = "TEXT", description = "The message; @agent or @team mentions.")
      List<String> words = new ArrayList<>();

      @Override
      public Integer call() {
        CommandLine cl = spec.commandLine();
        String text = text(words, cl);
        Workspace workspace = ws.load(parent.root, cl);
        Actor actor = agent(workspace, as, cl);
        try (SupportEngine engine = parent.root.engine(workspace)) {
          Message m = engine.inbox().postToChannel(actor, channel, text);
          long number = engine.conversation(m.conversationId()).map(v -> v.conversation().number()).orElse(0L);
          cl.getOut().println("posted to #" + channel.replaceFirst("^#", "") + " (conversation #" + number + ")"
              + (m.mentions().isEmpty() ? "" : ", mentioned " + String.join(", ", m.mentions())));
        }
        return Errors.OK;
      }
    }
  }

  // ---------------------------------------------------------------- support note add

  @Command(name = "note", mixinStandardHelpOptions = true,
      description = "Private notes (team only, never sent to the customer).",
      subcommands = Note.Add.class)
  static final class Note {
    @ParentCommand SupportCommand root;

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a private note; @agent and @team mentions notify them.")
    static final class Add implements Callable<Integer> {
      @ParentCommand Note parent;
      @Spec CommandSpec spec;
      @CommandLine.Mixin WorkspaceOption ws = new WorkspaceOption();

      @Option(names = "--conversation", paramLabel = "ID", required = true,
          description = "The conversation number (4711 or #4711) or its UUID.")
      String conversation;

      @Option(names = "--as", paramLabel = "AGENT", required = true, description = "The agent who writes it.")
      String as;

      @Parameters(index = "0..*", arity = "1..*", paramLabel = "TEXT", description = "The note.")
      List<String> words = new ArrayList<>();

      @Override
      public Integer call() {
        CommandLine cl = spec.commandLine();
        String text = text(words, cl);
        Workspace workspace = ws.load(parent.root, cl);
        Actor actor = agent(workspace, as, cl);
        try (SupportEngine engine = parent.root.engine(workspace)) {
          UUID id = ConversationCommand.resolveId(engine, conversation, cl, "--conversation");
          Message m = engine.inbox().addNote(actor, id, text);
          long number = engine.conversation(id).map(v -> v.conversation().number()).orElse(0L);
          cl.getOut().println("note added to #" + number
              + (m.mentions().isEmpty() ? "" : ", mentioned " + String.join(", ", m.mentions())));
        }
        return Errors.OK;
      }
    }
  }
}
