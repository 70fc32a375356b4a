package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An MCP client from the official SDK starts the shaded {@code support.jar mcp} as a child
 * process and talks to it over stdio, on the shared embedded PostgreSQL. Any byte the server
 * wrote to stdout besides the protocol would break the session.
 */
@ExtendWith(PostgresExtension.class)
class McpServerIT {
  static McpSyncClient client;
  static final List<String> STDERR = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    assertThat(ShadedJarIT.JAR).as("run 'mvn verify' so the package phase builds the shaded jar")
        .isRegularFile();
    client = start("lead"); // a lead may assign anyone; the default role agent only themselves
  }

  /** Starts {@code support mcp --role ROLE} as a child process and initializes a client. */
  static McpSyncClient start(String role) {
    ServerParameters params = ServerParameters.builder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .args("-jar", ShadedJarIT.JAR.toString(), "--db", SharedPostgres.jdbcUrl(),
            "mcp", "--workspace", Cli.REFERENCE_WORKSPACE.toString(), "--role", role)
        .build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(STDERR::add);
    McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(120)).build();
    c.initialize();
    return c;
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  @Test
  void listTools_offersFourToolsWithSchemas() {
    List<Tool> tools = client.listTools().tools();

    assertThat(tools).extracting(Tool::name).containsExactlyInAnyOrder("support.createConversation",
        "support.addNote", "support.assignAgent", "support.searchKnowledge");
    Tool create = tools.stream().filter(t -> t.name().equals("support.createConversation")).findFirst().orElseThrow();
    assertThat(create.inputSchema()).containsEntry("required", List.of("inbox", "contact", "body"));
    assertThat(client.getServerInfo().name()).isEqualTo("support");
  }

  @Test
  void createNoteAssign_roundTrip_storesConversationNoteAndHandoff() throws Exception {
    CallToolResult created = call("support.createConversation", Map.of("inbox", "ol-web",
        "contact", Map.of("externalId", "mcp-visitor-1", "name", "Maria Muster", "language", "de"),
        "body", "Hallo, Modul 3 lädt bei mir nicht.", "messageId", "mcp-it-1"));
    assertThat(created.isError()).as(text(created)).isNotEqualTo(Boolean.TRUE);
    Map<?, ?> conversation = (Map<?, ?>) created.structuredContent();
    String number = "#" + conversation.get("number");
    assertThat(conversation.get("outcome")).isEqualTo("opened");

    CallToolResult note = call("support.addNote", Map.of("conversation", number, "author", "thomas",
        "body", "@lukas bitte Video-Player prüfen"));
    CallToolResult assigned = call("support.assignAgent", Map.of("conversation",
        conversation.get("conversationId"), "agent", "lukas", "team", "tech"));
    CallToolResult again = call("support.createConversation", Map.of("inbox", "ol-web",
        "contact", Map.of("externalId", "mcp-visitor-1"), "body", "Hallo, Modul 3 lädt bei mir nicht.",
        "messageId", "mcp-it-1"));

    assertThat(note.isError()).as(text(note)).isNotEqualTo(Boolean.TRUE);
    assertThat(((Map<?, ?>) note.structuredContent()).get("mentions")).isEqualTo(List.of("lukas"));
    assertThat(assigned.isError()).as(text(assigned)).isNotEqualTo(Boolean.TRUE);
    Map<?, ?> assignment = (Map<?, ?>) assigned.structuredContent();
    assertThat(assignment.get("assignee")).isEqualTo("lukas");
    assertThat(assignment.get("team")).isEqualTo("tech");
    assertThat(((Map<?, ?>) again.structuredContent()).get("outcome")).isEqualTo("duplicate");
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select kind, body from messages where conversation_id = '"
            + conversation.get("conversationId") + "' order by created_at, kind")) {
      StringBuilder kinds = new StringBuilder();
      while (rs.next()) {
        kinds.append(rs.getString(1)).append(": ").append(rs.getString(2)).append('\n');
      }
      assertThat(kinds.toString()).contains("note: @lukas bitte Video-Player prüfen")
          .containsPattern("activity: .*Lukas.* joined the conversation");
    }
    // issue 10: every tool call is audited under the service actor mcp, with the session command.
    assertThat(audit(conversation.get("conversationId")))
        .contains("service mcp receive message.created", "service mcp addNote message.created",
            "service mcp assign conversation.assigned");
  }

  @Test
  void deniedAction_isAToolErrorNamingActorActionAndReason_andChangesNothing() throws Exception {
    CallToolResult created = call("support.createConversation", Map.of("inbox", "ol-web",
        "contact", Map.of("externalId", "mcp-visitor-2"), "body", "Hallo?", "messageId", "mcp-it-2"));
    Map<?, ?> conversation = (Map<?, ?>) created.structuredContent();
    McpSyncClient agent = start("agent");
    try {
      CallToolResult denied = agent.callTool(new CallToolRequest("support.assignAgent",
          Map.of("conversation", conversation.get("conversationId"), "agent", "lukas")));

      assertThat(denied.isError()).as(text(denied)).isTrue();
      Map<?, ?> error = (Map<?, ?>) denied.structuredContent();
      assertThat(error.get("error")).isEqualTo("access_denied");
      assertThat(error.get("message").toString()).contains("service 'mcp'", "role agent", "assign",
          "conversation " + conversation.get("conversationId"), "themselves");
    } finally {
      agent.closeGracefully();
    }
    // Nothing changed: the only assign entry is the refusal itself.
    assertThat(audit(conversation.get("conversationId"))).filteredOn(e -> e.contains("assign"))
        .containsExactly("service mcp assign access.denied");
  }

  /** The audit log of a conversation as "kind actor command action" lines. */
  private static List<String> audit(Object conversationId) throws Exception {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select actor_kind, actor_id, command, action from audit_log"
            + " where conversation_id = '" + conversationId + "' order by id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return rows;
  }

  @Test
  void invalidArguments_areToolErrorsNamingEveryField() {
    CallToolResult r = call("support.createConversation", Map.of("inbox", "nope",
        "contact", Map.of("name", "x"), "body", " ", "extra", 1));

    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains("inbox: unknown inbox 'nope'", "contact.externalId: required",
        "body: must not be blank", "extra: unknown field");
    Map<?, ?> error = (Map<?, ?>) r.structuredContent();
    assertThat(error.get("error")).isEqualTo("validation");
  }

  @Test
  void unknownConversationAndBadLimit_areToolErrors() {
    CallToolResult missing = call("support.addNote", Map.of("conversation", "#999999", "author",
        "thomas", "body", "x"));
    CallToolResult badRef = call("support.assignAgent", Map.of("conversation", "abc", "agent", "nobody"));
    CallToolResult badLimit = call("support.searchKnowledge", Map.of("query", "Rechnung", "limit", 500));

    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("conversation: no conversation #999999");
    assertThat(badRef.isError()).isTrue();
    assertThat(text(badRef)).contains("conversation: must be a conversation id (UUID) or number");
    assertThat(text(badLimit)).contains("limit: must be between 1 and 20, was 500");
  }

  @Test
  void searchKnowledge_findsThePaymentPlanArticle() {
    CallToolResult r = call("support.searchKnowledge", Map.of("query", "Ratenzahlung", "language", "de",
        "limit", 3));

    assertThat(r.isError()).as(text(r)).isNotEqualTo(Boolean.TRUE);
    List<?> hits = (List<?>) ((Map<?, ?>) r.structuredContent()).get("hits");
    assertThat(hits).isNotEmpty();
    assertThat(((Map<?, ?>) hits.get(0)).get("articleId").toString()).contains("ratenzahlung");
  }

  private static CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new CallToolRequest(tool, args));
  }

  private static String text(CallToolResult r) {
    return r.content().stream().filter(TextContent.class::isInstance)
        .map(c -> ((TextContent) c).text()).reduce("", String::concat) + " stderr=" + STDERR;
  }
}
