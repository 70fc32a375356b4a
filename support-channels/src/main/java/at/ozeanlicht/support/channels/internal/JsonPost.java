package at.ozeanlicht.support.channels.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One JSON POST to a provider API, the way every adapter and poller makes it. */
public final class JsonPost {
  private JsonPost() {}

  /**
   * Posts {@code json} (UTF-8) and returns the answer as text.
   *
   * @param headers extra header names and values, alternating
   * @throws InterruptedIOException if the thread was interrupted (its flag is set again)
   * @throws IOException if the request failed
   */
  public static HttpResponse<String> send(HttpClient http, URI uri, String json, Duration timeout,
      String... headers) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while calling the provider");
      io.initCause(e);
      throw io;
    }
  }
}
