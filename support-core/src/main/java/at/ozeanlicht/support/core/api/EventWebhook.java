package at.ozeanlicht.support.core.api;

import java.net.URI;
import java.util.Objects;

/**
 * A host endpoint that receives the engine's domain events from the outbox ({@link
 * SupportEngine#deliverEvents}). Each POST carries one event as versioned JSON {@code
 * {"version":1,"id","type","conversationId","occurredAt","data"}} with headers {@code
 * X-Support-Signature: t=UNIX_SECONDS,v1=HEX} (HMAC-SHA256 with the secret over {@code t + "." +
 * body}), {@code X-Support-Delivery} (the delivery id: the same on every retry, dedupe on it) and
 * {@code X-Support-Event} (the type). Any 2xx acknowledges; anything else is retried with backoff.
 *
 * @param name a stable name, lower-case letters, digits and {@code -} (deliveries are kept per name)
 * @param url the absolute http(s) URL
 * @param secret reference to the signing secret, {@code env:NAME} or {@code file:PATH}
 */
public record EventWebhook(String name, String url, String secret) {
  /** Checks every field, naming it; never shows the secret. */
  public EventWebhook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("name: must be lower-case letters, digits and '-', was '" + name + "'");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url: must be an absolute http(s) URL, was '" + url + "'");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("url: must be an absolute http(s) URL, was '" + url + "'");
    }
    if (!(secret.startsWith("env:") && secret.length() > 4) && !(secret.startsWith("file:") && secret.length() > 5)) {
      throw new IllegalArgumentException("secret: must be a secret reference env:NAME or file:PATH,"
          + " was a value of " + secret.length() + " characters (not shown)");
    }
  }
}
