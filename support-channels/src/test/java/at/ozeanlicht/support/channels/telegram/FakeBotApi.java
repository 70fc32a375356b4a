package at.ozeanlicht.support.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Telegram Bot API on 127.0.0.1 (JDK HttpServer, port 0) with the real {@code getUpdates}
 * semantics: an update stays queued until {@code getUpdates} is called with a higher {@code
 * offset}. Records the offsets asked for and the callback queries answered; a scripted error
 * answers the next {@code getUpdates} once.
 */
final class FakeBotApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> queue = new ArrayList<>();
  private final List<Long> offsets = new CopyOnWriteArrayList<>();
  private final List<String> answered = new CopyOnWriteArrayList<>();
  private String nextError;

  FakeBotApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized void push(String updateJson) throws IOException {
    queue.add(JSON.readTree(updateJson));
  }

  /** The next getUpdates answers this error body (e.g. a 429 with retry_after) once. */
  synchronized void failNext(String errorJson) {
    nextError = errorJson;
  }

  /** The offsets of every getUpdates call so far (-1 for none). */
  List<Long> offsets() {
    return List.copyOf(offsets);
  }

  List<String> answeredCallbacks() {
    return List.copyOf(answered);
  }

  private void handle(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    String path = ex.getRequestURI().getPath();
    String answer;
    if (path.endsWith("/getUpdates")) {
      answer = getUpdates(body);
    } else if (path.endsWith("/answerCallbackQuery")) {
      answered.add(body.path("callback_query_id").asText());
      answer = "{\"ok\":true,\"result\":true}";
    } else {
      answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
    }
    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    int status = JSON.readTree(answer).path("error_code").asInt(200);
    ex.sendResponseHeaders(status, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private synchronized String getUpdates(JsonNode body) {
    long offset = body.has("offset") ? body.get("offset").asLong() : -1;
    offsets.add(offset);
    if (nextError != null) {
      String e = nextError;
      nextError = null;
      return e;
    }
    queue.removeIf(u -> u.get("update_id").asLong() < offset);
    ArrayNode result = JSON.createArrayNode();
    queue.stream().limit(body.path("limit").asInt(100)).forEach(result::add);
    return "{\"ok\":true,\"result\":" + result + "}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
