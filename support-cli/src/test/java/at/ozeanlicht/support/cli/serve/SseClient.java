package at.ozeanlicht.support.cli.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a server-sent-events stream in the background; tests wait for an event with a deadline. */
final class SseClient implements AutoCloseable {
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Stream<String> lines;
  final int status;

  SseClient(HttpClient http, String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<Stream<String>> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
    status = r.statusCode();
    lines = r.body();
    Thread reader = new Thread(() -> {
      try {
        lines.filter(l -> l.startsWith("data: ")).forEach(l -> events.add(l.substring(6)));
      } catch (RuntimeException e) {
        // stream closed
      }
    }, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The first event matching {@code wanted}, waiting at most {@code timeout}; fails otherwise. */
  String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no matching event within " + timeout);
      }
      if (wanted.test(e)) {
        return e;
      }
    }
  }

  @Override
  public void close() {
    lines.close();
  }
}
