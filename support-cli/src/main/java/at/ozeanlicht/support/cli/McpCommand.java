package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase;
import at.ozeanlicht.support.core.api.PrivacySettings;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code support mcp}: a Model Context Protocol server on stdin/stdout until stdin closes. Stdout
 * carries only the protocol: the command moves {@code System.out} to stderr before anything else
 * runs, and logging goes to stderr anyway (logback.xml).
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = {
      "Run a Model Context Protocol server over stdio (for AI assistants and agents) with the tools",
      "support.createConversation, support.addNote, support.assignAgent, support.searchKnowledge.",
      "Every call acts as the service actor 'mcp' with --role; stdout carries only the protocol,",
      "diagnostics go to stderr. Stops when stdin closes."
    })
final class McpCommand implements Callable<Integer> {
  @ParentCommand SupportCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory.")
  @Nullable Path workspace;

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "agent",
      description = "The role the MCP service acts with: agent, lead or admin (default: ${DEFAULT-VALUE}).")
  AgentRole role;

  @Override
  public Integer call() throws InterruptedException {
    // The protocol owns stdout: keep the real stream for it, send any stray print to stderr.
    PrintStream protocol = System.out;
    System.setOut(System.err);
    Path dir = Workspaces.resolve(workspace, root.env(), spec.commandLine());
    Workspace ws = Workspaces.load(dir);
    Actor actor = Actor.service("mcp", role);
    McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    CountDownLatch closed = new CountDownLatch(1);
    // The tools act on conversations as told (no routing or automatic first response here); the
    // workspace's privacy.yaml decides what the service actor may see.
    try (SupportEngine engine = root.engine(ws, b -> PrivacySettings.load(dir).ifPresent(b::privacy))) {
      McpTools tools = new McpTools(engine, LuceneKnowledgeBase.fromWorkspace(dir), actor, json);
      StdioServerTransportProvider transport =
          new StdioServerTransportProvider(json, new EndAware(System.in, closed), protocol);
      McpSyncServer server = McpServer.sync(transport)
          .serverInfo("support", versionOrUnknown())
          .jsonMapper(json)
          // McpTools validates itself: every problem at once, as field: reason, also unknown ids.
          .validateToolInputs(false)
          .capabilities(ServerCapabilities.builder().tools(false).build())
          .instructions("Customer support for workspace " + ws.name() + ": open conversations, "
              + "write private notes, assign agents, search the knowledge base.")
          .tools(tools.specifications())
          .build();
      closed.await();
      server.closeGracefully();
    }
    return Errors.OK;
  }

  private static String versionOrUnknown() {
    try {
      return SupportCommand.Version.version();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Counts down when the client closes stdin (end of stream or a read error). */
  private static final class EndAware extends FilterInputStream {
    private final CountDownLatch closed;

    EndAware(InputStream in, CountDownLatch closed) {
      super(in);
      this.closed = closed;
    }

    @Override
    public int read() throws IOException {
      return ended(guard(super::read));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return ended(guard(() -> super.read(b, off, len)));
    }

    private int ended(int n) {
      if (n < 0) {
        closed.countDown();
      }
      return n;
    }

    private int guard(Read read) throws IOException {
      try {
        return read.read();
      } catch (IOException e) {
        closed.countDown();
        throw e;
      }
    }

    @FunctionalInterface
    private interface Read {
      int read() throws IOException;
    }
  }
}
