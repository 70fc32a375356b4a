package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.channels.ChannelsFile;
import at.ozeanlicht.support.channels.telegram.TelegramConfig;
import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.whatsapp.WhatsAppConfig;
import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.spi.Verification;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support channels check}. */
@Command(name = "channels", mixinStandardHelpOptions = true,
    description = "Work with the channel adapters of a workspace.",
    subcommands = ChannelsCommand.Check.class)
final class ChannelsCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Check channels.yaml beside workspace.yaml without a database or network:",
          "each channel's inbox exists and has its type, every secret reference resolves",
          "(values are never shown), and the adapter accepts a request signed with those",
          "secrets and refuses an unsigned one. Exit 0 if all pass, 1 if any fails, 2 for a",
          "file that does not load."})
  static final class Check implements Callable<Integer> {
    @ParentCommand ChannelsCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR",
        description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Override
    public Integer call() {
      Environment env = parent.root.env();
      Path dir = Workspaces.resolve(workspace, env, spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      List<Object> configs = ChannelsFile.load(dir);
      PrintWriter out = spec.commandLine().getOut();
      if (configs.isEmpty()) {
        out.println("no channels configured (" + ChannelsFile.FILE + " is missing or empty)");
        return Errors.OK;
      }
      SecretResolver secrets = SecretResolver.of(env::get, dir);
      int failed = 0;
      for (Object config : configs) {
        failed += check(ws, config, secrets, out) ? 0 : 1;
      }
      out.println(failed == 0 ? "all " + configs.size() + " channels ok"
          : failed + " of " + configs.size() + " channels failed");
      return failed == 0 ? Errors.OK : Errors.FAILURE;
    }

    private static boolean check(Workspace ws, Object config, SecretResolver secrets, PrintWriter out) {
      ChannelAdapterProvider<?> provider = provider(config);
      String inbox = inbox(provider, config);
      out.println(inbox + " (" + provider.type() + ")");
      boolean ok = true;
      Inbox in = ws.inbox(inbox).orElse(null);
      if (in == null) {
        out.println("  FAIL inbox: not in workspace.yaml");
        ok = false;
      } else if (!in.channel().wire().equals(provider.type())) {
        out.println("  FAIL inbox: is a " + in.channel().wire() + " inbox");
        ok = false;
      } else {
        out.println("  ok   inbox");
      }
      Map<String, String> resolved = new java.util.LinkedHashMap<>();
      for (RecordComponent c : config.getClass().getRecordComponents()) {
        Object v = value(c, config);
        if (v instanceof String ref && (ref.startsWith("env:") || ref.startsWith("file:"))) {
          try {
            resolved.put(c.getName(), secrets.resolve(c.getName(), ref));
            out.println("  ok   " + c.getName() + " (" + ref + ")");
          } catch (ConfigurationException e) {
            out.println("  FAIL " + e.getMessage());
            ok = false;
          }
        }
      }
      if (!ok) {
        out.println("  skip webhook: fix the above first");
        return false;
      }
      ChannelAdapter adapter;
      try {
        adapter = create(provider, config, new ChannelContext(Clock.systemUTC(), secrets,
            HttpClient.newBuilder().build()));
      } catch (RuntimeException e) {
        out.println("  FAIL adapter: " + e.getMessage());
        return false;
      }
      String result = webhook(adapter, config, resolved);
      out.println((result.startsWith("ok") ? "  ok   webhook: " + result.substring(3) : "  FAIL webhook: " + result));
      return result.startsWith("ok");
    }

    /** Feeds the adapter a request signed with the resolved secrets and one without. */
    private static String webhook(ChannelAdapter a, Object config, Map<String, String> s) {
      String path = "/webhooks/" + a.inbox();
      if (config instanceof WhatsAppConfig) {
        Verification hs = a.verify(InboundRequest.get(path, Map.of("hub.mode", List.of("subscribe"),
            "hub.verify_token", List.of(s.get("verifyToken")), "hub.challenge", List.of("check"))));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Verification signed = a.verify(InboundRequest.post(path, Map.of("X-Hub-Signature-256",
            List.of("sha256=" + hmac(s.get("appSecret"), body))), body));
        Verification unsigned = a.verify(InboundRequest.post(path, Map.of(), body));
        return hs instanceof Verification.Answer ans && ans.status() == 200
            && signed instanceof Verification.Verified && unsigned instanceof Verification.Denied
            ? "ok handshake answered, signed request verified, unsigned refused"
            : "adapter did not accept its own secrets";
      }
      if (config instanceof TelegramConfig) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Verification signed = a.verify(InboundRequest.post(path, Map.of("X-Telegram-Bot-Api-Secret-Token",
            List.of(s.get("secretToken"))), body));
        Verification unsigned = a.verify(InboundRequest.post(path, Map.of(), body));
        return signed instanceof Verification.Verified && unsigned instanceof Verification.Denied
            ? "ok secret-token request verified, request without it refused"
            : "adapter did not accept its own secret token";
      }
      if (config instanceof WebChatConfig web) {
        Map<String, List<String>> q = Map.of("website_token", List.of(web.websiteToken()));
        Map<String, List<String>> h = web.allowedOrigins().isEmpty() ? Map.of()
            : Map.of("Origin", List.of(web.allowedOrigins().get(0)));
        Verification session = a.verify(new InboundRequest("POST", path + "/session", q, h, new byte[0]));
        byte[] identify = ("{\"identifier\":\"channels-check\",\"identifierHash\":\""
            + hmac(s.get("hmacToken"), "channels-check".getBytes(StandardCharsets.UTF_8)) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        Verification verified = a.verify(new InboundRequest("POST", path + "/identify", q, h, identify));
        Verification anonymous = a.verify(new InboundRequest("POST", path + "/messages", q, h, new byte[0]));
        return session instanceof Verification.Answer s1 && s1.status() == 200
            && verified instanceof Verification.Answer s2 && s2.status() == 200
            && anonymous instanceof Verification.Denied
            ? "ok session started, identity hash verified, message without session refused"
            : "adapter did not accept its own website token or hmac token";
      }
      return "ok not testable offline";
    }

    private static String hmac(String key, byte[] message) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    }

    private static Object value(RecordComponent c, Object record) {
      try {
        return c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
    }

    @SuppressWarnings("rawtypes")
    private static ChannelAdapterProvider<?> provider(Object config) {
      List<String> types = new ArrayList<>();
      for (ChannelAdapterProvider<?> p : ServiceLoader.load(ChannelAdapterProvider.class)) {
        if (p.configType().isInstance(config)) {
          return p;
        }
        types.add(p.type());
      }
      throw new ConfigurationException("channel: no provider takes a " + config.getClass().getName()
          + "; found " + types);
    }

    private static <C> String inbox(ChannelAdapterProvider<C> p, Object config) {
      return p.inbox(p.configType().cast(config));
    }

    private static <C> ChannelAdapter create(ChannelAdapterProvider<C> p, Object config, ChannelContext ctx) {
      return p.create(p.configType().cast(config), ctx);
    }
  }
}
