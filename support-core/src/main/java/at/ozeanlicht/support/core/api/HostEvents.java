package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventDeliveryStore.Claimed;
import at.ozeanlicht.support.core.spi.SecretResolver;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox events to host webhooks: fans each event out to one delivery row per endpoint,
 * claims due rows with a lease ({@code FOR UPDATE SKIP LOCKED}), POSTs them outside any
 * transaction and records the outcome fenced by the attempt number. Thread-safe.
 */
final class HostEvents {
  private static final Logger LOG = LoggerFactory.getLogger(HostEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int VERSION = 1;

  record Endpoint(String name, URI url, String secret) {
    @Override
    public String toString() {
      return "Endpoint[" + name + "]"; // never the secret
    }
  }

  private final Map<String, Endpoint> endpoints;
  private final DispatchPolicy policy;
  private final ConversationStore store;
  private final @Nullable HttpClient http;

  /** {@code http} may be null only without endpoints. */
  HostEvents(List<Endpoint> endpoints, DispatchPolicy policy, ConversationStore store,
      @Nullable HttpClient http) {
    Map<String, Endpoint> byName = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      if (byName.put(e.name(), e) != null) {
        throw new ConfigurationException("eventWebhook: two endpoints named '" + e.name() + "'");
      }
    }
    this.endpoints = Map.copyOf(byName);
    this.policy = policy;
    this.store = store;
    this.http = http;
  }

  /** Resolves the endpoints' secrets; fails with the field and reference, never the value. */
  static List<Endpoint> resolve(List<EventWebhook> hooks, SecretResolver secrets) {
    return hooks.stream().map(h -> new Endpoint(h.name(), URI.create(h.url()),
        secrets.resolve("eventWebhook." + h.name() + ".secret", h.secret()))).toList();
  }

  TickReport deliver(Instant now) {
    Map<String, Integer> counts = new HashMap<>();
    if (endpoints.isEmpty() || http == null) {
      return new TickReport(now, counts);
    }
    int fanned = 0;
    while (true) {
      int n = store.inTransaction(tx -> tx.eventDeliveries().fanOut(endpoints.keySet(), now, 500));
      fanned += n;
      if (n < 500) {
        break;
      }
    }
    add(counts, "eventsQueued", fanned);
    add(counts, "eventsDead", store.inTransaction(
        tx -> tx.eventDeliveries().buryExpired(endpoints.keySet(), now, policy.maxAttempts())));
    Instant leaseUntil = now.plus(policy.lease());
    while (true) {
      List<Claimed> batch = store.inTransaction(tx -> tx.eventDeliveries().claimDue(
          endpoints.keySet(), now, leaseUntil, policy.maxAttempts(), policy.batchSize()));
      for (Claimed c : batch) {
        add(counts, send(c, now), 1);
      }
      if (batch.size() < policy.batchSize()) {
        break;
      }
    }
    return new TickReport(now, counts);
  }

  private static void add(Map<String, Integer> counts, String key, int n) {
    if (n > 0) {
      counts.merge(key, n, Integer::sum);
    }
  }

  private String send(Claimed c, Instant now) {
    HttpClient http = java.util.Objects.requireNonNull(this.http, "http");
    Endpoint endpoint = endpoints.get(c.endpoint());
    String body = body(c.event());
    long t = now.getEpochSecond();
    String error;
    Duration retryAfter = null;
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.url()).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .header("X-Support-Signature", signature(endpoint.secret(), t, body))
          .header("X-Support-Delivery", c.deliveryId().toString())
          .header("X-Support-Event", c.event().type())
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
          .build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        boolean recorded = store.inTransaction(
            tx -> tx.eventDeliveries().markDelivered(c.deliveryId(), c.attempt(), now));
        LOG.debug("event delivery {} to {} done (attempt {})", c.deliveryId(), c.endpoint(), c.attempt());
        return recorded ? "eventsDelivered" : "eventsLost";
      }
      error = "http_" + r.statusCode();
      retryAfter = r.headers().firstValue("Retry-After").flatMap(HostEvents::seconds).orElse(null);
    } catch (IOException e) {
      error = "io: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    String err = error;
    if (c.attempt() >= policy.maxAttempts()) {
      store.inTransaction(tx -> tx.eventDeliveries().markDead(c.deliveryId(), c.attempt(), err));
      LOG.error("event delivery {} to {} is dead after {} attempts ({})", c.deliveryId(),
          c.endpoint(), c.attempt(), err);
      return "eventsDead";
    }
    Instant next = now.plus(retryAfter != null ? retryAfter : policy.jitteredBackoff(c.attempt()));
    store.inTransaction(tx -> tx.eventDeliveries().markRetry(c.deliveryId(), c.attempt(), next, err));
    LOG.debug("event delivery {} to {} retries at {} ({})", c.deliveryId(), c.endpoint(), next, err);
    return "eventsRetried";
  }

  private static java.util.Optional<Duration> seconds(String v) {
    try {
      long s = Long.parseLong(v.trim());
      return s >= 0 && s <= 86_400 ? java.util.Optional.of(Duration.ofSeconds(s)) : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** The versioned JSON of an event; data keys sorted so equal events give equal bytes. */
  static String body(DomainEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", VERSION);
    o.put("id", e.id().toString());
    o.put("type", e.type());
    if (e.conversationId() != null) {
      o.put("conversationId", e.conversationId().toString());
    } else {
      o.putNull("conversationId");
    }
    o.put("occurredAt", e.occurredAt().toString());
    ObjectNode data = o.putObject("data");
    new TreeMap<>(e.data()).forEach(data::put);
    return o.toString();
  }

  /** {@code t=SECONDS,v1=hex(HMAC-SHA256(secret, t + "." + body))}. */
  static String signature(String secret, long t, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + t + ",v1=" + HexFormat.of().formatHex(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
