package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.channels.ChannelsFile;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support webhook replay}. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = "Work with channel webhooks.",
    subcommands = WebhookCommand.Replay.class)
final class WebhookCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {"Feed a saved webhook request through the same path as a live one:",
          "verification, parsing, storing (duplicates change nothing).",
          "Channels come from channels.yaml beside the workspace's workspace.yaml."})
  static final class Replay implements Callable<Integer> {
    private static final Set<String> CHANNELS = Set.of("whatsapp", "telegram", "web");

    @ParentCommand WebhookCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL",
        description = "whatsapp, telegram or web.")
    String channel;

    @Option(names = "--file", required = true, paramLabel = "PAYLOAD",
        description = "The raw request body, byte for byte as received (signatures cover it).")
    Path file;

    @Option(names = "--header", paramLabel = "K:V",
        description = "A request header, e.g. X-Hub-Signature-256:sha256=…; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH",
        description = {"The request path and query as received, e.g.",
            "/widget/ol-web/messages?website_token=…; default /webhooks/INBOX.",
            "Required for web: the widget action is the last path segment."})
    @Nullable String path;

    @Option(names = "--inbox", paramLabel = "ID",
        description = "The inbox; needed only when several inboxes use the channel.")
    @Nullable String inbox;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Override
    public Integer call() {
      if (!CHANNELS.contains(channel)) {
        throw new ParameterException(spec.commandLine(),
            "--channel: must be one of whatsapp, telegram, web, was '" + channel + "'");
      }
      if (path != null && !path.startsWith("/")) {
        throw new ParameterException(spec.commandLine(), "--path: must start with '/', was '"
            + (path.length() > 40 ? path.substring(0, 40) + "…" : path) + "'");
      }
      if (path == null && channel.equals("web")) {
        throw new ParameterException(spec.commandLine(), "--path: required for --channel web (the"
            + " widget action is the last path segment and website_token is a query parameter),"
            + " e.g. /widget/ol-web/messages?website_token=TOKEN");
      }
      SupportCommand root = parent.root;
      Path dir = Workspaces.resolve(workspace, root.env(), spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      List<Object> configs = ChannelsFile.load(dir);
      Map<String, List<String>> hs = new LinkedHashMap<>();
      for (String h : headers) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new ParameterException(spec.commandLine(),
              "--header: must be NAME:VALUE, was '" + (h.length() > 20 ? h.substring(0, 20) + "…" : h) + "'");
        }
        hs.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
      byte[] body;
      try {
        body = Files.readAllBytes(root.env().workingDir().resolve(file));
      } catch (IOException e) {
        throw new UncheckedIOException("--file: cannot read " + file, e);
      }
      SecretResolver secrets = SecretResolver.of(root.env()::get, dir);
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = root.engine(ws, b -> {
        configs.forEach(b::channel);
        b.secrets(secrets);
        AiWiring.apply(b, dir, ws); // routing, knowledge base and first response (issues 3, 7)
      })) {
        String target = inbox != null ? inbox : pickInbox(ws, engine);
        String p = path != null ? path : "/webhooks/" + target;
        int q = p.indexOf('?');
        WebhookResponse r = engine.webhooks().handle(target, new InboundRequest("POST",
            q < 0 ? p : p.substring(0, q), q < 0 ? Map.of() : query(p.substring(q + 1)), hs, body));
        out.println(r.status() + " " + r.body());
        return r.status() / 100 == 2 ? Errors.OK : Errors.FAILURE;
      }
    }

    /** {@code a=1&b=x%20y} decoded; a name without {@code =} has an empty value. */
    static Map<String, List<String>> query(String raw) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
      return out;
    }

    private String pickInbox(Workspace ws, SupportEngine engine) {
      ChannelType type = ChannelType.valueOf(channel.toUpperCase(java.util.Locale.ROOT));
      List<String> matching = ws.inboxes().stream().filter(i -> i.channel() == type)
          .map(Inbox::id).filter(engine.channelInboxes()::contains).toList();
      if (matching.size() == 1) {
        return matching.get(0);
      }
      throw new ParameterException(spec.commandLine(), matching.isEmpty()
          ? "--channel: no " + channel + " inbox has an adapter; configure one in "
              + ChannelsFile.FILE + " beside workspace.yaml"
          : "--inbox: required, several " + channel + " inboxes have adapters: " + matching);
    }
  }
}
