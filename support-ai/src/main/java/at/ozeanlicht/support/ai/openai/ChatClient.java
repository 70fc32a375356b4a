package at.ozeanlicht.support.ai.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POST {@code /chat/completions} with timeouts and retries; logs status codes only. */
final class ChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(ChatClient.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /** The call failed for good (after retries, or a non-retryable answer). */
  static final class ChatFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ChatFailure(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String model;
  private final @Nullable String key;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;

  ChatClient(HttpClient http, OpenAiConfig config, @Nullable String key) {
    this.http = http;
    String base = config.baseUrl().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    this.model = config.model();
    this.key = key;
    this.timeout = config.timeout();
    this.maxRetries = config.maxRetries();
    this.backoff = config.retryBackoff();
  }

  /** The assistant message's content for a system and a user message. */
  String complete(String system, String user, boolean json) throws ChatFailure {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put("temperature", 0.2);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    if (json) {
      body.putObject("response_format").put("type", "json_object");
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (key != null) {
      rb.header("Authorization", "Bearer " + key);
    }
    HttpRequest request = rb.build();
    ChatFailure last = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        pause(backoff.multipliedBy(1L << (attempt - 1)));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 200) {
          return content(response.body());
        }
        last = new ChatFailure("chat completions: HTTP " + status, null);
        if (status != 429 && status < 500) {
          break;
        }
        LOG.debug("chat completions attempt {} failed with HTTP {}", attempt + 1, status);
      } catch (IOException e) {
        last = new ChatFailure("chat completions: " + e.getClass().getSimpleName(), e);
        LOG.debug("chat completions attempt {} failed ({})", attempt + 1, e.getClass().getName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatFailure("chat completions: interrupted", e);
      }
    }
    throw last;
  }

  private static String content(String responseBody) throws ChatFailure {
    try {
      JsonNode content = JSON.readTree(responseBody).path("choices").path(0).path("message").path("content");
      if (!content.isTextual() || content.asText().isBlank()) {
        throw new ChatFailure("chat completions: no message content in the response", null);
      }
      return content.asText();
    } catch (IOException e) {
      throw new ChatFailure("chat completions: response is not JSON", e);
    }
  }

  private static void pause(Duration d) throws ChatFailure {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatFailure("chat completions: interrupted", e);
    }
  }
}
