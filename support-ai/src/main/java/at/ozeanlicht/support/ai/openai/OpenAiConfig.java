package at.ozeanlicht.support.ai.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of the OpenAI-compatible adapter.
 *
 * @param baseUrl the API root up to and including the version, e.g. {@code
 *     https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1} (Ollama); {@code
 *     /chat/completions} is appended
 * @param model the model name, e.g. {@code gpt-4o-mini} or {@code llama3.1}
 * @param apiKey a secret reference ({@code env:NAME} or {@code file:PATH}), or null for servers
 *     without authentication
 * @param timeout per request, 100 ms to 5 minutes
 * @param maxRetries retries after a timeout, connection error, 429 or 5xx; 0 to 5
 * @param retryBackoff the first retry's delay, doubled each time; 0 to 30 s
 */
public record OpenAiConfig(URI baseUrl, String model, @Nullable String apiKey, Duration timeout,
    int maxRetries, Duration retryBackoff) {
  /** Checks every field; messages name the field and never the key. */
  public OpenAiConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (!("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl: must be an http or https URL, was '" + baseUrl + "'");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("model: must not be blank");
    }
    if (apiKey != null && !(apiKey.startsWith("env:") || apiKey.startsWith("file:"))) {
      throw new IllegalArgumentException("apiKey: must be a reference (env:NAME or file:PATH), "
          + "never the key itself");
    }
    if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("timeout: must be between 100 ms and 5 minutes, was " + timeout);
    }
    if (maxRetries < 0 || maxRetries > 5) {
      throw new IllegalArgumentException("maxRetries: must be between 0 and 5, was " + maxRetries);
    }
    if (retryBackoff.isNegative() || retryBackoff.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("retryBackoff: must be between 0 and 30 s, was " + retryBackoff);
    }
  }

  /** A configuration with a 20 s timeout, two retries and a 500 ms backoff. */
  public static OpenAiConfig of(URI baseUrl, String model, @Nullable String apiKey) {
    return new OpenAiConfig(baseUrl, model, apiKey, Duration.ofSeconds(20), 2, Duration.ofMillis(500));
  }
}
