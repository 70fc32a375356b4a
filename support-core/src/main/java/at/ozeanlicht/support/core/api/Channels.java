package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Presence;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The engine's channel adapters by inbox, and the outbox dispatcher that feeds them. Immutable
 * after construction and thread-safe.
 */
final class Channels {
  private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

  private final Map<String, ChannelAdapter> byInbox;
  private final DispatchPolicy policy;
  private final ConversationStore store;
  private final Duration rawRetention;

  Channels(Map<String, ? extends ChannelAdapter> byInbox, DispatchPolicy policy,
      ConversationStore store) {
    this(byInbox, policy, store, Duration.ofDays(30));
  }

  Channels(Map<String, ? extends ChannelAdapter> byInbox, DispatchPolicy policy,
      ConversationStore store, Duration rawRetention) {
    this.byInbox = Map.copyOf(byInbox);
    this.policy = policy;
    this.store = store;
    this.rawRetention = rawRetention;
  }

  // ---------------------------------------------------------------- raw payloads

  /**
   * Headers kept with a raw payload: what proves origin and decodes the body. Never bearer
   * credentials (Telegram's secret token, the web chat session token, cookies, Authorization).
   */
  private static final Set<String> AUDIT_HEADERS = Set.of("content-type", "content-encoding",
      "user-agent", "x-hub-signature-256", "origin");

  /** Stores an accepted request's exact bytes before it is acknowledged (own transaction). */
  UUID keepRaw(String inbox, InboundRequest request, Instant receivedAt) {
    return store.inTransaction(tx -> keepRaw(tx, inbox, request, receivedAt));
  }

  /** Like {@link #keepRaw(String, InboundRequest, Instant)} in the caller's transaction. */
  static UUID keepRaw(ConversationStore.Transaction tx, String inbox, InboundRequest request,
      Instant receivedAt) {
    Map<String, String> headers = new TreeMap<>();
    for (String h : AUDIT_HEADERS) {
      request.header(h).ifPresent(v -> headers.put(h, v));
    }
    return tx.channels().keepRawPayload(inbox, receivedAt, request.method(), request.path(),
        headers, request.body());
  }

  /** Deletes raw payloads older than the retention; returns how many. */
  int purgeRaw(Instant now) {
    Instant before = now.minus(rawRetention);
    int total = 0;
    while (true) {
      int n = store.inTransaction(tx -> tx.channels().purgeRawPayloads(before, 1000));
      total += n;
      if (n < 1000) {
        return total;
      }
    }
  }

  Optional<ChannelAdapter> adapter(String inbox) {
    return Optional.ofNullable(byInbox.get(inbox));
  }

  Set<String> inboxes() {
    return byInbox.keySet();
  }

  // ---------------------------------------------------------------- registration

  /** The providers: explicit ones first, then (if asked) discovered ones; one per type. */
  static Map<String, ChannelAdapterProvider<?>> providers(
      List<ChannelAdapterProvider<?>> explicit, boolean discover) {
    Map<String, ChannelAdapterProvider<?>> byType = new LinkedHashMap<>();
    for (ChannelAdapterProvider<?> p : explicit) {
      register(byType, p, true);
    }
    if (discover) {
      @SuppressWarnings("rawtypes")
      ServiceLoader<ChannelAdapterProvider> loader = ServiceLoader.load(ChannelAdapterProvider.class);
      for (ChannelAdapterProvider<?> p : loader) {
        register(byType, p, false);
      }
    }
    return byType;
  }

  private static void register(
      Map<String, ChannelAdapterProvider<?>> byType, ChannelAdapterProvider<?> p, boolean explicit) {
    ChannelAdapterProvider<?> other = byType.get(p.type());
    if (other == null) {
      byType.put(p.type(), p);
    } else if (explicit || other.getClass() != p.getClass()) {
      throw new ConfigurationException("channelProvider: two providers of type '" + p.type()
          + "': " + other.getClass().getName() + " and " + p.getClass().getName());
    }
    // a discovered copy of an explicitly registered provider class is the same provider
  }

  /** Creates the adapters for {@code configs} and adds the explicit ones, checking each inbox. */
  static Map<String, ChannelAdapter> adapters(Workspace workspace,
      Map<String, ChannelAdapterProvider<?>> providers, List<Object> configs,
      List<ChannelAdapter> explicit, ChannelContext context) {
    Map<String, ChannelAdapter> byInbox = new TreeMap<>();
    for (Object config : configs) {
      ChannelAdapterProvider<?> provider = providers.values().stream()
          .filter(p -> p.configType().isInstance(config)).findFirst()
          .orElseThrow(() -> new ConfigurationException("channel: no provider takes a "
              + config.getClass().getName() + "; registered types: " + providers.keySet()));
      add(workspace, byInbox, create(provider, config, context));
    }
    for (ChannelAdapter a : explicit) {
      add(workspace, byInbox, a);
    }
    return byInbox;
  }

  private static <C> ChannelAdapter create(
      ChannelAdapterProvider<C> provider, Object config, ChannelContext context) {
    return provider.create(provider.configType().cast(config), context);
  }

  private static void add(Workspace workspace, Map<String, ChannelAdapter> byInbox, ChannelAdapter a) {
    Inbox inbox = workspace.inbox(a.inbox()).orElseThrow(() -> new ConfigurationException(
        "channel: inbox '" + a.inbox() + "' of the " + a.type() + " adapter is not in the workspace"));
    if (!inbox.channel().wire().equals(a.type())) {
      throw new ConfigurationException("channel: inbox '" + a.inbox() + "' is a "
          + inbox.channel().wire() + " inbox, but its adapter is of type '" + a.type() + "'");
    }
    ChannelAdapter other = byInbox.put(a.inbox(), a);
    if (other != null) {
      throw new ConfigurationException("channel: inbox '" + a.inbox() + "' has two adapters: "
          + other.getClass().getName() + " and " + a.getClass().getName());
    }
  }

  /**
   * Presence from the workspace: the inbox's business calendar (its own, else the SLA default,
   * else 24/7) and whether any agent is {@code online}. Unknown inboxes count as closed for good.
   */
  static Presence.Source presence(Workspace workspace) {
    return (inbox, at) -> {
      Inbox in = workspace.inbox(inbox).orElse(null);
      if (in == null) {
        return new Presence(false, false, Instant.MAX);
      }
      BusinessCalendar calendar = workspace.sla().calendar(workspace.sla().calendarId(in.calendar()));
      Instant next = calendar.nextOpening(at);
      boolean open = next.equals(at);
      boolean staffed = workspace.agents().stream().anyMatch(a -> a.availability() == Availability.ONLINE);
      return new Presence(open, staffed, open ? null : next);
    };
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * Sends what is due. Each round claims a batch in its own transaction (rows become {@code
   * sending} with a lease), calls the adapters outside any transaction, and records each
   * outcome in a short transaction fenced by the attempt number. A crash after a send and before
   * its record leaves the row {@code sending}; once the lease ends it is claimed and sent again
   * with the same idempotency key (at-least-once).
   */
  TickReport dispatch(Instant now) {
    Map<String, Integer> counts = new HashMap<>();
    if (byInbox.isEmpty()) {
      return new TickReport(now, counts);
    }
    int buried = store.inTransaction(
        tx -> tx.channels().buryExpired(byInbox.keySet(), now, policy.maxAttempts()));
    add(counts, "outboundDead", buried);
    Instant leaseUntil = now.plus(policy.lease());
    while (true) {
      List<OutboundDelivery> batch = store.inTransaction(tx -> tx.channels().claimDue(
          byInbox.keySet(), now, leaseUntil, policy.maxAttempts(), policy.batchSize()));
      for (OutboundDelivery d : batch) {
        add(counts, "outbound" + capitalized(deliver(d, now)), 1);
      }
      if (batch.size() < policy.batchSize()) {
        break;
      }
    }
    return new TickReport(now, counts);
  }

  private static String capitalized(OutboundStatus s) {
    return switch (s) {
      case SENT -> "Sent";
      case PENDING -> "Retried";
      case FAILED -> "Failed";
      case DEAD -> "Dead";
      case SENDING -> "Lost";
    };
  }

  private static void add(Map<String, Integer> counts, String key, int n) {
    if (n > 0) {
      counts.merge(key, n, Integer::sum);
    }
  }

  private OutboundStatus deliver(OutboundDelivery d, Instant now) {
    ChannelAdapter adapter = byInbox.get(d.inbox());
    MDC.put("channel", adapter.type());
    MDC.put("conversationId", d.conversationId().toString());
    try {
      DeliveryResult result;
      if (!d.isPublic()) {
        // The database trigger refuses such rows; this is the second line of defence.
        LOG.warn("outbound {} holds private message {}; never sent", d.outboxId(), d.messageId());
        result = DeliveryResult.rejected("private messages never reach a channel");
      } else if (store.inTransaction(tx -> tx.channels().contactUndeliverable(d.conversationId()))) {
        // A bounce reported the address dead: sending again would only bounce (or loop).
        result = DeliveryResult.permanent("undeliverable", "a delivery failure report marked the"
            + " contact's address undeliverable; correct the address, then retry");
      } else {
        result = guarded(adapter, d);
      }
      return record(d, result, now);
    } finally {
      MDC.remove("channel");
      MDC.remove("conversationId");
    }
  }

  private static DeliveryResult guarded(ChannelAdapter adapter, OutboundDelivery d) {
    try {
      DeliveryResult r = adapter.send(d);
      if (r == null) {
        throw new IllegalStateException("send returned null");
      }
      return r;
    } catch (RuntimeException e) {
      LOG.warn("adapter {} failed on message {}: {}", adapter.getClass().getName(), d.messageId(),
          e.getClass().getName());
      return DeliveryResult.retryable(null, "exception", e.getClass().getSimpleName());
    }
  }

  private OutboundStatus record(OutboundDelivery d, DeliveryResult result, Instant now) {
    OutboundStatus status;
    boolean recorded;
    if (result instanceof DeliveryResult.Accepted a) {
      status = OutboundStatus.SENT;
      recorded = store.inTransaction(tx -> tx.channels().markSent(d.outboxId(), d.attempt(),
          a.externalId(), now));
      LOG.debug("outbound {} sent (attempt {})", d.outboxId(), d.attempt());
    } else if (result instanceof DeliveryResult.Retryable r) {
      if (d.attempt() >= policy.maxAttempts()) {
        status = OutboundStatus.DEAD;
        recorded = store.inTransaction(tx -> tx.channels().markFinal(d.outboxId(), d.attempt(),
            OutboundStatus.DEAD, r.code(), r.reason(), now));
        LOG.error("outbound {} is dead after {} attempts (last code {})", d.outboxId(),
            d.attempt(), r.code());
      } else {
        status = OutboundStatus.PENDING;
        Instant next = now.plus(r.retryAfter() != null ? r.retryAfter() : policy.jitteredBackoff(d.attempt()));
        recorded = store.inTransaction(tx -> tx.channels().markRetry(d.outboxId(), d.attempt(),
            next, r.code(), r.reason()));
        LOG.debug("outbound {} retries at {} (code {})", d.outboxId(), next, r.code());
      }
    } else if (result instanceof DeliveryResult.Rerouted r) {
      ChannelAdapter target = byInbox.get(r.inbox());
      if (target != null && store.inTransaction(tx -> tx.channels().reroute(d.outboxId(),
          d.attempt(), r.inbox(), target.type(), r.reason(), now))) {
        status = OutboundStatus.PENDING;
        recorded = true;
        LOG.debug("outbound {} rerouted to inbox {} ({})", d.outboxId(), r.inbox(), r.reason());
      } else {
        if (target == null) {
          LOG.warn("outbound {}: reroute target inbox {} has no adapter; kept as sent", d.outboxId(), r.inbox());
        }
        status = OutboundStatus.SENT;
        recorded = store.inTransaction(tx -> tx.channels().markSent(d.outboxId(), d.attempt(),
            "offline", now));
      }
    } else if (result instanceof DeliveryResult.Permanent p) {
      status = OutboundStatus.FAILED;
      recorded = store.inTransaction(tx -> tx.channels().markFinal(d.outboxId(), d.attempt(),
          OutboundStatus.FAILED, p.code(), p.reason(), now));
      LOG.warn("outbound {} failed permanently (code {})", d.outboxId(), p.code());
    } else {
      DeliveryResult.Rejected r = (DeliveryResult.Rejected) result;
      status = OutboundStatus.FAILED;
      recorded = store.inTransaction(tx -> tx.channels().markFinal(d.outboxId(), d.attempt(),
          OutboundStatus.FAILED, "rejected", r.reason(), now));
      LOG.warn("outbound {} rejected by the adapter", d.outboxId());
    }
    if (!recorded) {
      // Our lease expired and someone else claimed the row; their attempt decides.
      LOG.warn("outbound {} attempt {}: claim lost before its outcome was recorded", d.outboxId(),
          d.attempt());
      return OutboundStatus.SENDING;
    }
    return status;
  }

  // ---------------------------------------------------------------- inbound bookkeeping

  boolean apply(InboundEvent.StatusChanged s) {
    return store.inTransaction(
        tx -> tx.channels().applyStatus(s.inbox(), s.externalId(), s.status(), s.at(), s.errorCode()));
  }

  int apply(InboundEvent.SeenUpTo s) {
    return store.inTransaction(
        tx -> tx.channels().markReadUpTo(s.inbox(), s.contactExternalId(), s.lastSeenAt()));
  }

  boolean apply(InboundEvent.MessageEdited e) {
    return store.inTransaction(
        tx -> tx.channels().editMessage(e.inbox(), e.channelMessageId(), e.body(), e.editedAt()));
  }
}
