package at.ozeanlicht.support.cli.serve;

import at.ozeanlicht.support.channels.web.WebChatConfig;
import at.ozeanlicht.support.channels.web.WebChatProvider;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.TickReport;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.EventListener;
import at.ozeanlicht.support.core.spi.InboundRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server behind {@code support serve}. Create it, register {@link #listener()} on the engine
 * builder (live updates for agents), build the engine, then {@link #start}. Routes:
 *
 * <ul>
 *   <li>{@code /webhooks/{inbox}[/…]}: every channel's webhook, and the web chat widget protocol
 *       ({@code …/session}, {@code …/identify}, {@code …/messages}, {@code …/typing}, {@code
 *       …/read}), through {@code engine.webhooks()}.
 *   <li>{@code GET /widget-api/config}: the public widget settings; {@code GET
 *       /widget-api/{inbox}/events}: the visitor's event stream (SSE, header {@code X-Auth-Token}).
 *   <li>{@code /api/…}: the agents' JSON API with {@code Authorization: Bearer TOKEN}, live
 *       updates on {@code GET /api/events} (SSE).
 *   <li>everything else: the static files of the web inbox.
 * </ul>
 *
 * <p>A scheduler dispatches the outbox and delivers events every {@code dispatchEvery} (and right
 * after each reply), and ticks the engine every {@code tickEvery}. {@link #close()} stops
 * accepting requests, ends the streams and drains the outbox: it dispatches until nothing due is
 * left or {@code drainTimeout} passed. Plain HTTP: TLS belongs to a reverse proxy in front.
 */
public final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final int MAX_STREAMS = 200;

  /**
   * Settings.
   *
   * @param bind the address to listen on, e.g. {@code 127.0.0.1}
   * @param port the port, 0 for any free one
   * @param dispatchEvery how often the outbox is dispatched and events delivered
   * @param tickEvery how often the engine ticks (SLA clocks, snoozes, retries)
   * @param drainTimeout how long {@link #close()} dispatches the outbox at most
   * @param heartbeat how often an idle event stream sends a comment line
   */
  public record Options(String bind, int port, Duration dispatchEvery, Duration tickEvery,
      Duration drainTimeout, Duration heartbeat) {
    /** Checks ranges, naming the option. */
    public Options {
      Objects.requireNonNull(bind, "bind");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("--port: must be between 0 and 65535, was " + port);
      }
      positive(dispatchEvery, "dispatchEvery");
      positive(tickEvery, "tickEvery");
      Objects.requireNonNull(drainTimeout, "drainTimeout");
      positive(heartbeat, "heartbeat");
    }

    /** Localhost, the given port, dispatch every 500 ms, tick every 15 s, drain up to 10 s. */
    public static Options of(String bind, int port) {
      return new Options(bind, port, Duration.ofMillis(500), Duration.ofSeconds(15),
          Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    private static void positive(Duration d, String field) {
      Objects.requireNonNull(d, field);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + ": must be positive, was " + d);
      }
    }
  }

  /**
   * What {@link #close()} did with the outbox.
   *
   * @param sent messages handed to their channel while draining
   * @param remaining messages still due when it stopped (0 unless the timeout passed)
   */
  public record Drain(int sent, int remaining) {}

  private final Options options;
  private final ApiTokens tokens;
  private final AgentEvents agentEvents = new AgentEvents();
  private final Set<SseStream> widgetStreams = ConcurrentHashMap.newKeySet();
  private @Nullable HttpServer http;
  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable ExecutorService workers;
  private @Nullable SupportEngine engine;
  private @Nullable Drain drained;

  /** A server not yet started. */
  public Server(Options options, ApiTokens tokens) {
    this.options = Objects.requireNonNull(options, "options");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /** The listener to register on the engine builder: it feeds the agents' live updates. */
  public EventListener listener() {
    return agentEvents;
  }

  /**
   * Binds and starts serving.
   *
   * @param engine the engine (built with {@link #listener()}); the caller closes it after this
   * @param webChat the web chat provider registered on the engine, or null for none
   * @param widgets the web chat widgets configured on it (their public website tokens are served)
   * @throws IllegalArgumentException naming {@code tokens} if a token's agent is not in the
   *     workspace
   * @throws IOException if the address cannot be bound
   */
  public synchronized Server start(SupportEngine engine, @Nullable WebChatProvider webChat,
      List<WebChatConfig> widgets) throws IOException {
    if (http != null) {
      throw new IllegalStateException("already started");
    }
    List<String> unknown = tokens.agents().stream()
        .filter(a -> engine.workspace().agent(a).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("tokens: no such agent in the workspace: " + unknown);
    }
    this.engine = engine;
    ScheduledExecutorService sched = Executors.newSingleThreadScheduledExecutor(named("serve-scheduler"));
    Runnable dispatch = () -> dispatchOnce(engine);
    Runnable kick = () -> {
      if (!sched.isShutdown()) {
        sched.execute(dispatch);
      }
    };
    Routes routes = new Routes(engine, new EngineInboxApi(engine), tokens, agentEvents, webChat,
        widgets, widgetStreams, MAX_STREAMS, options.heartbeat(), kick);
    HttpServer server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
    server.createContext("/", routes::handle);
    ExecutorService pool = Executors.newCachedThreadPool(named("serve-http"));
    server.setExecutor(pool);
    server.start();
    sched.scheduleWithFixedDelay(dispatch, options.dispatchEvery().toMillis(),
        options.dispatchEvery().toMillis(), TimeUnit.MILLISECONDS);
    sched.scheduleWithFixedDelay(() -> tickOnce(engine), options.tickEvery().toMillis(),
        options.tickEvery().toMillis(), TimeUnit.MILLISECONDS);
    this.http = server;
    this.scheduler = sched;
    this.workers = pool;
    LOG.info("serving on http://{}:{} ({} channel inboxes, {} agent tokens)", options.bind(),
        port(), engine.channelInboxes().size(), tokens.agents().size());
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    HttpServer s = http;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getAddress().getPort();
  }

  /** What the last {@link #close()} drained, or null before. */
  public @Nullable Drain drained() {
    return drained;
  }

  private static void dispatchOnce(SupportEngine engine) {
    try {
      Instant now = engine.clock().instant();
      engine.dispatch(now);
      engine.deliverEvents(now);
    } catch (RuntimeException e) {
      LOG.warn("dispatch failed ({}); retrying on the next round", e.getClass().getName());
    }
  }

  private static void tickOnce(SupportEngine engine) {
    try {
      engine.tick(engine.clock().instant());
    } catch (RuntimeException e) {
      LOG.warn("tick failed ({}); retrying on the next round", e.getClass().getName());
    }
  }

  /**
   * Stops accepting requests, ends the event streams, stops the scheduler and drains the outbox
   * (dispatching until nothing due is left or the drain timeout passed). Idempotent.
   */
  @Override
  public synchronized void close() {
    HttpServer server = http;
    SupportEngine e = engine;
    if (server == null || e == null || drained != null) {
      return;
    }
    agentEvents.closeAll();
    widgetStreams.forEach(SseStream::close);
    server.stop(1);
    ScheduledExecutorService sched = Objects.requireNonNull(scheduler);
    sched.shutdown();
    try {
      if (!sched.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        sched.shutdownNow();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    drained = drain(e, options.drainTimeout());
    Objects.requireNonNull(workers).shutdownNow();
    LOG.info("stopped; outbox drained: {} sent, {} still due", drained.sent(), drained.remaining());
  }

  /** Dispatches until no outbound message is due, or the timeout passed. */
  static Drain drain(SupportEngine engine, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int sent = 0;
    while (true) {
      int due = due(engine);
      if (due == 0 || System.nanoTime() - deadline >= 0) {
        return new Drain(sent, due);
      }
      TickReport r = engine.dispatch(engine.clock().instant());
      sent += r.count("outboundSent");
      if (r.counts().values().stream().mapToInt(Integer::intValue).sum() == 0) {
        // Claimed elsewhere (another node's lease): give it a moment before asking again.
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
  }

  private static int due(SupportEngine engine) {
    Instant now = engine.clock().instant();
    long pending = engine.outbound(OutboundStatus.PENDING, 1000).stream()
        .filter(o -> !o.nextAttemptAt().isAfter(now)).count();
    return (int) pending + engine.outbound(OutboundStatus.SENDING, 1000).size();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Turns an exchange into the framework-neutral request the webhook handler takes. */
  static InboundRequest inbound(HttpExchange ex, byte[] body) {
    return new InboundRequest(ex.getRequestMethod(), ex.getRequestURI().getPath(),
        Http.query(ex.getRequestURI().getRawQuery()), Map.copyOf(ex.getRequestHeaders()), body);
  }

  static void write(HttpExchange ex, WebhookResponse r) throws IOException {
    Http.send(ex, r.status(), r.contentType(), r.body());
  }
}
