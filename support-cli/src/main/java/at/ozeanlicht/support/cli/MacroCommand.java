package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.ApplyMacro;
import at.ozeanlicht.support.core.api.MacroResult;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.RenderedText;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.macros.CannedResponse;
import at.ozeanlicht.support.core.macros.Macro;
import at.ozeanlicht.support.core.macros.MacroAction;
import at.ozeanlicht.support.core.macros.TemplateContext;
import at.ozeanlicht.support.core.macros.Templates;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support macro list|render|apply}. */
@Command(name = "macro", mixinStandardHelpOptions = true,
    description = "Canned responses and macros of a workspace (macros.yaml).",
    subcommands = {MacroCommand.ListMacros.class, MacroCommand.Render.class, MacroCommand.Apply.class})
final class MacroCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern LANG = Pattern.compile("[a-z]{2}");

  @ParentCommand SupportCommand root;

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the macros and canned responses.")
  static final class ListMacros implements Callable<Integer> {
    @ParentCommand MacroCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory if it has a workspace.yaml.")
    @Nullable Path workspace;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Workspace ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), spec.commandLine()));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode macros = root.putArray("macros");
        for (Macro m : ws.macros().macros()) {
          ObjectNode n = macros.addObject();
          n.put("name", m.name());
          n.put("description", m.description());
          ArrayNode actions = n.putArray("actions");
          m.actions().forEach(a -> actions.add(a.describe()));
        }
        ArrayNode canned = root.putArray("canned");
        for (CannedResponse c : ws.macros().canned()) {
          ObjectNode n = canned.addObject();
          n.put("shortcut", c.shortcut());
          n.put("title", c.title());
          ArrayNode langs = n.putArray("languages");
          c.texts().keySet().forEach(langs::add);
        }
        out.println(JSON.writeValueAsString(root));
        return Errors.OK;
      }
      List<String[]> rows = new ArrayList<>();
      for (Macro m : ws.macros().macros()) {
        rows.add(new String[] {"macro", m.name(), String.join("; ",
            m.actions().stream().map(MacroAction::describe).toList())});
      }
      for (CannedResponse c : ws.macros().canned()) {
        rows.add(new String[] {"canned", c.shortcut(), c.title() + " ("
            + String.join(", ", c.texts().keySet()) + ")"});
      }
      if (rows.isEmpty()) {
        out.println("no macros or canned responses");
      } else {
        Table.print(out, new String[] {"KIND", "NAME", "DETAILS"}, rows);
      }
      return Errors.OK;
    }
  }

  static final class Target {
    @Option(names = "--conversation", paramLabel = "ID", required = true,
        description = "Render for this conversation (number or UUID).")
    @Nullable String conversation;

    @Option(names = "--contact-json", paramLabel = "JSON", required = true,
        description = "Render for this contact, e.g. {\"name\":\"Anna Berger\",\"language\":\"de\"}; "
            + "fields name, email, phone, language, attributes.")
    @Nullable String contactJson;
  }

  @Command(name = "render", mixinStandardHelpOptions = true,
      description = "Render a canned response, or the replies and notes of a macro, without sending.")
  static final class Render implements Callable<Integer> {
    @ParentCommand MacroCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Macro name or canned shortcut (/greeting).")
    String name;

    @Option(names = "--workspace", paramLabel = "DIR", required = true, description = "Workspace directory.")
    Path workspace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--lang", paramLabel = "LANG", description = "Language (de, en); else the contact's.")
    @Nullable String lang;

    @Option(names = "--agent", paramLabel = "HANDLE",
        description = "The agent who sends it; else the conversation's assignee.")
    @Nullable String agent;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      if (lang != null && !LANG.matcher(lang).matches()) {
        throw new ParameterException(cl, "--lang: must be a two-letter language code like de or en, was '" + lang + "'");
      }
      Workspace ws = Workspaces.load(parent.root.env().workingDir().resolve(workspace));
      if (agent != null && ws.agent(agent).isEmpty()) {
        throw new ParameterException(cl, "--agent: unknown agent '" + agent + "'");
      }
      List<RenderedText> texts;
      if (target.conversation != null) {
        try (SupportEngine engine = parent.root.engine(ws)) {
          UUID id = ConversationCommand.resolveId(engine, target.conversation, cl, "--conversation");
          texts = engine.render(name, id, agent, lang);
        }
      } else {
        texts = renderForContact(ws, contact(cl, target.contactJson));
      }
      PrintWriter out = cl.getOut();
      for (int i = 0; i < texts.size(); i++) {
        RenderedText t = texts.get(i);
        if (texts.size() > 1) {
          out.println((i == 0 ? "" : "\n") + "--- " + t.action() + " (" + t.language() + ")");
        }
        out.println(t.text());
      }
      return Errors.OK;
    }

    private List<RenderedText> renderForContact(Workspace ws, Contact contact) {
      List<MacroAction> actions;
      if (ws.macros().macro(name).isPresent()) {
        actions = ws.macros().macro(name).get().actions().stream()
            .filter(a -> a instanceof MacroAction.Send || a instanceof MacroAction.Note).toList();
      } else if (ws.macros().canned(name).isPresent()) {
        actions = List.of(new MacroAction.Send(ws.macros().canned(name).get().shortcut()));
      } else {
        throw new NotFoundException("name: no macro or canned response '" + name + "'");
      }
      String language = lang != null ? lang
          : contact.language() != null ? contact.language() : ws.defaults().language();
      TemplateContext ctx = new TemplateContext(contact,
          agent == null ? null : ws.agent(agent).orElseThrow(), null, null,
          ws.brands().isEmpty() ? null : ws.brands().get(0), Map.of());
      List<RenderedText> out = new ArrayList<>();
      for (MacroAction a : actions) {
        if (a instanceof MacroAction.Send s) {
          Map.Entry<String, String> text = ws.macros().canned(s.shortcut()).orElseThrow()
              .text(language, ws.defaults().language());
          out.add(new RenderedText(a.describe(), text.getKey(), Templates.render(text.getValue(), ctx)));
        } else {
          out.add(new RenderedText(a.describe(), language,
              Templates.render(((MacroAction.Note) a).template(), ctx)));
        }
      }
      return out;
    }
  }

  static Contact contact(CommandLine cl, @Nullable String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json == null ? "" : json);
    } catch (Exception e) {
      throw new ParameterException(cl, "--contact-json: must be a JSON object like "
          + "{\"name\":\"Anna Berger\",\"language\":\"de\"}, was '" + json + "'");
    }
    if (n == null || !n.isObject()) {
      throw new ParameterException(cl, "--contact-json: must be a JSON object like "
          + "{\"name\":\"Anna Berger\",\"language\":\"de\"}, was '" + json + "'");
    }
    Map<String, String> attributes = new HashMap<>();
    if (n.has("attributes")) {
      n.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    }
    return new Contact(UUID.randomUUID(), Map.of(ChannelType.API, "preview"), text(n, "name"),
        text(n, "email"), text(n, "phone"), text(n, "language"), n.path("vip").asBoolean(false),
        attributes, Instant.EPOCH);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Apply a macro to conversations, each atomically (all actions or none).")
  static final class Apply implements Callable<Integer> {
    @ParentCommand MacroCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Macro name.")
    String name;

    @Option(names = "--conversation", paramLabel = "ID", required = true,
        description = "Conversation number or UUID; repeat for several.")
    List<String> conversations;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory if it has a workspace.yaml.")
    @Nullable Path workspace;

    @Option(names = "--agent", paramLabel = "HANDLE",
        description = "The agent applying it; else each conversation's assignee.")
    @Nullable String agent;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      Workspace ws = Workspaces.load(Workspaces.resolve(workspace, parent.root.env(), cl));
      if (ws.macros().macro(name).isEmpty()) {
        throw new ParameterException(cl, "NAME: unknown macro '" + name + "', expected one of "
            + String.join(", ", ws.macros().macros().stream().map(Macro::name).toList()));
      }
      if (agent != null && ws.agent(agent).isEmpty()) {
        throw new ParameterException(cl, "--agent: unknown agent '" + agent + "'");
      }
      PrintWriter out = cl.getOut();
      try (SupportEngine engine = parent.root.engine(ws)) {
        List<UUID> ids = new ArrayList<>();
        for (String c : conversations) {
          ids.add(ConversationCommand.resolveId(engine, c, cl, "--conversation"));
        }
        List<MacroResult> results = engine.applyMacro(new ApplyMacro(name, ids, agent));
        int failed = 0;
        for (MacroResult r : results) {
          String who = r.number() == null ? r.conversationId().toString() : "#" + r.number();
          if (r.applied()) {
            out.println(who + ": applied " + name + ": " + String.join("; ", r.actions()));
          } else {
            failed++;
            out.println(who + ": not applied, nothing changed: " + r.error());
          }
        }
        out.println(WorkspaceCommand.count(results.size() - failed, "conversation", "conversations")
            + " changed, " + failed + " unchanged");
        return failed == 0 ? Errors.OK : Errors.FAILURE;
      }
    }
  }
}
