package at.ozeanlicht.support.cli.serve;

import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.web.WebChatProvider;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A running {@link Server} on the shared test PostgreSQL with the reference workspace and its web chat. */
final class ServeFixture implements AutoCloseable {
  static final Path REFERENCE_WORKSPACE =
      Path.of("..", "examples", "ozean-licht").toAbsolutePath().normalize();
  static final String TOKEN = "e2e-token-thomas-0123456789";
  static final String WEBSITE_TOKEN = "widget-ol-web";
  private static final ObjectMapper JSON = new ObjectMapper();

  final WebChatProvider webChat = new WebChatProvider();
  final Server server;
  final SupportEngine engine;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServeFixture(Server.Options options) throws IOException {
    server = new Server(options, ApiTokens.parse(TOKEN + "=thomas", "test"));
    WebChatConfig widget = WebChatConfig.of("ol-web", WEBSITE_TOKEN, "env:SESSION", "env:HMAC");
    engine = SupportEngine.builder()
        .store(SharedPostgres.database().conversationStore())
        .workspace(WorkspaceLoader.load(REFERENCE_WORKSPACE))
        .channelProvider(webChat)
        .channel(widget)
        .secrets(SecretResolver.of(name -> "test-secret-" + name, REFERENCE_WORKSPACE))
        .listener(server.listener())
        .build();
    try {
      server.start(engine, webChat, List.of(widget));
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  static ServeFixture fast() throws IOException {
    return new ServeFixture(new Server.Options("127.0.0.1", 0, Duration.ofMillis(100),
        Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(5)));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String[] agent() {
    return new String[] {"Authorization", "Bearer " + TOKEN};
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      engine.close();
    }
  }
}
