package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.channels.ChannelsFile;
import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.web.WebChatProvider;
import at.ozeanlicht.support.cli.serve.ApiTokens;
import at.ozeanlicht.support.cli.serve.Server;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support serve}: webhooks, the web chat widget, the agents' JSON API and the web inbox. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run a small HTTP server: channel webhooks, the web chat widget, a JSON API",
        "for agents with live updates (SSE) and the web inbox example.",
        "Plain HTTP bound to localhost by default: put a reverse proxy with TLS in front",
        "before exposing it. Ctrl-C stops it and drains the outbox."},
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  SUPPORT_API_TOKENS       agent tokens: TOKEN=AGENT[,TOKEN=AGENT…] (tokens ≥ 16 characters)",
      "  SUPPORT_API_TOKENS_FILE  a file with one TOKEN=AGENT a line (# comments)"
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand SupportCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory, "
          + "else the bundled reference workspace.")
  @Nullable Path workspace;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ApiTokens tokens = tokens();
    Server.Options options;
    try {
      options = Server.Options.of(bind, port);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = workspaceDir(out);
    Workspace ws = Workspaces.load(dir);
    List<String> unknown = tokens.agents().stream().filter(a -> ws.agent(a).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new ParameterException(spec.commandLine(), tokenSource()
          + ": no such agent in the workspace: " + String.join(", ", unknown));
    }
    List<Object> configs = new ArrayList<>(ChannelsFile.load(dir));
    List<WebChatConfig> widgets = widgets(ws, configs, out);
    WebChatProvider webChat = new WebChatProvider();
    SecretResolver secrets = SecretResolver.of(root.env()::get, dir);
    Server server = new Server(options, tokens);
    SupportEngine engine = root.engine(ws, b -> {
      AiWiring.apply(b, dir, ws); // routing, knowledge base, first response, privacy
      configs.forEach(b::channel);
      b.secrets(secrets);
      b.channelProvider(webChat);
      b.listener(server.listener());
    });
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      server.start(engine, webChat, widgets);
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      try {
        server.close();
        Server.Drain d = server.drained();
        if (d != null) {
          out.println("stopped; outbox drained: " + d.sent() + " sent, " + d.remaining() + " still due");
          out.flush();
        }
      } finally {
        engine.close();
        stopped.countDown();
      }
    };
    onStopSignal(stop);
    // Fallback for other ways of ending the JVM; shutdown hooks run in parallel, so the embedded
    // database may already be stopping then: the signal handler above drains first.
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "serve-shutdown"));
    String base = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + server.port();
    out.println("support serve on " + base + "/  (workspace " + ws.name() + ")");
    out.println("  web inbox:   " + base + "/inbox.html  (sign in with your API token)");
    out.println("  chat widget: " + base + "/widget.html");
    out.println("  webhooks:    " + base + "/webhooks/{inbox}   JSON API: " + base + "/api/…");
    out.println("Plain HTTP: put a TLS reverse proxy in front before exposing it. Ctrl-C stops.");
    out.flush();
    stopped.await();
    return Errors.OK;
  }

  /**
   * Ctrl-C and SIGTERM drain the outbox before the JVM's shutdown hooks run (the embedded
   * PostgreSQL stops in one of them). Where the JVM offers no signal API the hook is the fallback.
   */
  @SuppressWarnings("restriction")
  private static void onStopSignal(Runnable stop) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> new Thread(stop, "serve-stop").start());
      } catch (IllegalArgumentException | LinkageError e) {
        // signal not available here: the shutdown hook still closes everything
      }
    }
  }

  private String tokenSource() {
    return root.env().get("SUPPORT_API_TOKENS") != null ? "SUPPORT_API_TOKENS" : "SUPPORT_API_TOKENS_FILE";
  }

  /** Agent tokens from SUPPORT_API_TOKENS or the file SUPPORT_API_TOKENS_FILE names. */
  private ApiTokens tokens() {
    String inline = root.env().get("SUPPORT_API_TOKENS");
    String file = root.env().get("SUPPORT_API_TOKENS_FILE");
    if (inline != null && file != null) {
      throw new ParameterException(spec.commandLine(),
          "SUPPORT_API_TOKENS: set either it or SUPPORT_API_TOKENS_FILE, not both");
    }
    if (inline == null && file == null) {
      throw new ParameterException(spec.commandLine(), "SUPPORT_API_TOKENS: required, agents sign "
          + "in with a token; e.g. SUPPORT_API_TOKENS=\"$(openssl rand -hex 16)=thomas\" or "
          + "SUPPORT_API_TOKENS_FILE=tokens.txt with one TOKEN=AGENT a line");
    }
    String text;
    if (inline != null) {
      text = inline;
    } else {
      try {
        text = Files.readString(root.env().workingDir().resolve(file));
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "SUPPORT_API_TOKENS_FILE: cannot read '"
            + file + "' (" + e.getClass().getSimpleName() + ")");
      }
    }
    try {
      return ApiTokens.parse(text, inline != null ? "SUPPORT_API_TOKENS" : "SUPPORT_API_TOKENS_FILE");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Path workspaceDir(PrintWriter out) {
    Environment env = root.env();
    if (workspace != null || env.get("SUPPORT_WORKSPACE") != null
        || Files.isRegularFile(env.workingDir().resolve(Workspaces.FILE))) {
      return Workspaces.resolve(workspace, env, spec.commandLine());
    }
    Path target = root.home().resolve("serve").resolve("workspace");
    out.println("No --workspace given: serving the bundled reference workspace from " + target);
    return Workspaces.extractBundled(target);
  }

  /**
   * The widgets: channels.yaml's web entries, plus a default one for each web inbox without an
   * entry (public token {@code widget-INBOX}, session and identity keys generated once under the
   * home directory), so that the widget works out of the box.
   */
  private List<WebChatConfig> widgets(Workspace ws, List<Object> configs, PrintWriter out) {
    List<WebChatConfig> widgets = new ArrayList<>();
    configs.stream().filter(WebChatConfig.class::isInstance).map(WebChatConfig.class::cast)
        .forEach(widgets::add);
    for (Inbox inbox : ws.inboxes()) {
      boolean configured = widgets.stream().anyMatch(w -> w.inbox().equals(inbox.id()));
      if (inbox.channel() != ChannelType.WEB || configured) {
        continue;
      }
      Path keys = root.home().resolve("serve");
      WebChatConfig w = WebChatConfig.of(inbox.id(),
          "widget-" + inbox.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-"),
          "file:" + key(keys.resolve("web-session.key")), "file:" + key(keys.resolve("web-hmac.key")));
      configs.add(w);
      widgets.add(w);
      out.println("Web chat " + inbox.id() + ": default widget settings (no entry in "
          + ChannelsFile.FILE + ")");
    }
    return widgets;
  }

  /** A random 256-bit key kept in {@code file} (owner-only), created on first use. */
  private static Path key(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        Files.createDirectories(file.getParent());
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the home directory's own permissions apply
        }
        Files.writeString(tmp, HexFormat.of().formatHex(k));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("serve: cannot create the key " + file, e);
    }
  }
}
