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
 * @param presence whether an inbox is open and staffed (business calendar and agent availability)
 */
public record ChannelContext(
    Clock clock, SecretResolver secrets, HttpClient httpClient, Presence.Source presence) {
  /** Checks for nulls. */
  public ChannelContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(httpClient, "httpClient");
    Objects.requireNonNull(presence, "presence");
  }

  /** A context whose inboxes are always open and staffed. */
  public ChannelContext(Clock clock, SecretResolver secrets, HttpClient httpClient) {
    this(clock, secrets, httpClient, Presence.Source.alwaysOnline());
  }
}
