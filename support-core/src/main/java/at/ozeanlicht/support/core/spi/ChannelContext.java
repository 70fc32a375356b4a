package at.ozeanlicht.support.core.spi;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;

/**
 * What the engine hands an adapter at creation: the engine's clock, the secrets lookup and a
 * shared HTTP client. Immutable and thread-safe.
 *
 * @param clock the clock all times come from
 * @param secrets resolves {@code env:NAME} and {@code file:PATH} references
 * @param httpClient the HTTP client for calls to the channel
 */
public record ChannelContext(Clock clock, SecretResolver secrets, HttpClient httpClient) {
  /** Checks for nulls. */
  public ChannelContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(httpClient, "httpClient");
  }
}
