package at.ozeanlicht.support.channels.whatsapp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.sql.DataSource;

/**
 * Where the crash test's child JVM stops to be killed: the engine's DataSource wrapped so that
 * every JDBC step of a {@link Phase} (each statement execution, and each commit before and after
 * it runs) is a numbered point. At the chosen point of the chosen phase the child prints {@code
 * kill-point PHASE N STEP} and blocks until the test kills it with SIGKILL, so the kill lands
 * exactly there: before any write, between two writes of an open transaction, with everything
 * written but uncommitted, or committed but not yet answered (for dispatch: also after the
 * provider got the message but before it was marked sent). The count runs on across instances of
 * the phase, so a point drawn uniformly from a range several times one instance's length lands
 * at a (nearly) uniform place within the phase. {@link #afterProviderAccepted} stops instead at
 * exactly one point: the provider answered 200 and the message is not yet marked sent.
 */
final class KillPoints {
  /** The three phases the kills are spread over. */
  enum Phase { RECEIVE, TICK, DISPATCH }

  private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate",
      "executeBatch", "executeLargeUpdate", "executeLargeBatch");

  private final Phase target;
  private final int killAt;
  private final boolean afterSend;
  private volatile boolean sent;
  private final PrintStream out;
  private final Map<Phase, AtomicInteger> steps = new EnumMap<>(Phase.class);
  private volatile Phase current;

  /** {@code target} null: never stops, only counts (to size the ranges). */
  KillPoints(Phase target, int killAt, PrintStream out) {
    this(target, killAt, false, out);
  }

  /**
   * Stops at the first JDBC step of dispatch after the provider answered a send with 2xx: before
   * the outcome of that send is recorded (the statement marking the message sent never runs).
   * Needs the adapters' HTTP client {@linkplain #observe observed}.
   */
  static KillPoints afterProviderAccepted(PrintStream out) {
    return new KillPoints(Phase.DISPATCH, 0, true, out);
  }

  private KillPoints(Phase target, int killAt, boolean afterSend, PrintStream out) {
    this.target = target;
    this.killAt = killAt;
    this.afterSend = afterSend;
    this.out = out;
    for (Phase p : Phase.values()) {
      steps.put(p, new AtomicInteger());
    }
  }

  /** Runs {@code work} as phase {@code phase}. */
  <T> T in(Phase phase, java.util.function.Supplier<T> work) {
    current = phase;
    try {
      return work.get();
    } finally {
      current = null;
    }
  }

  /** Steps counted per phase so far, e.g. {@code RECEIVE=40 TICK=12 DISPATCH=30}. */
  String counts() {
    StringBuilder s = new StringBuilder();
    steps.forEach((p, n) -> s.append(s.length() == 0 ? "" : " ").append(p).append('=').append(n.get()));
    return s.toString();
  }

  DataSource wrap(DataSource ds) {
    return proxy(DataSource.class, ds, (m, args) -> {
      Object r = m.invoke(ds, args);
      return r instanceof Connection c ? connection(c) : r;
    });
  }

  private Connection connection(Connection c) {
    return proxy(Connection.class, c, (m, args) -> {
      if (m.getName().equals("commit")) {
        step("commit-before");
        m.invoke(c, args);
        step("commit-after");
        return null;
      }
      Object r = m.invoke(c, args);
      if (r instanceof Statement s) {
        return statement(s);
      }
      return r;
    });
  }

  private Statement statement(Statement s) {
    Class<? extends Statement> type = s instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
        : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
    return proxy(type, s, (m, args) -> {
      if (EXECUTES.contains(m.getName())) {
        step(m.getName());
      }
      return m.invoke(s, args);
    });
  }

  private void step(String what) {
    Phase p = current;
    if (p == null) {
      return;
    }
    int n = steps.get(p).incrementAndGet();
    if (p == target && (afterSend ? sent : n == killAt)) {
      out.printf(Locale.ROOT, "kill-point %s %d %s%s%n", p, n, afterSend ? "after-send " : "", what);
      out.flush();
      try {
        System.in.read(); // the test kills this JVM now; EOF only if the test itself is gone
      } catch (IOException ignored) {
        // fall through
      }
      Runtime.getRuntime().halt(9);
    }
  }

  /**
   * {@code http} as the adapters' client: a send the provider answered with 2xx arms the
   * {@linkplain #afterProviderAccepted after-send} point.
   */
  HttpClient observe(HttpClient http) {
    return new HttpClient() {
      @Override
      public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
          throws IOException, InterruptedException {
        HttpResponse<T> r = http.send(request, handler);
        if (r.statusCode() / 100 == 2 && current == Phase.DISPATCH) {
          sent = true;
        }
        return r;
      }

      @Override
      public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
          HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the adapters send synchronously");
      }

      @Override
      public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
          HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
        throw new UnsupportedOperationException("the adapters send synchronously");
      }

      @Override
      public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
      }

      @Override
      public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
      }

      @Override
      public Redirect followRedirects() {
        return http.followRedirects();
      }

      @Override
      public Optional<ProxySelector> proxy() {
        return http.proxy();
      }

      @Override
      public SSLContext sslContext() {
        return http.sslContext();
      }

      @Override
      public SSLParameters sslParameters() {
        return http.sslParameters();
      }

      @Override
      public Optional<Authenticator> authenticator() {
        return http.authenticator();
      }

      @Override
      public Version version() {
        return http.version();
      }

      @Override
      public Optional<Executor> executor() {
        return http.executor();
      }
    };
  }

  private interface Call {
    Object call(Method m, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Call call) {
    InvocationHandler h = (self, m, args) -> {
      if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
        return m.invoke(target, args);
      }
      try {
        return call.call(m, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(KillPoints.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
