package at.ozeanlicht.support.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One server-sent-events response: producers {@link #offer} JSON texts without blocking, the
 * request's own thread writes them ({@link #pump}). A client that does not keep up (its queue
 * fills) is closed; the browser reconnects and reloads what it shows.
 */
final class SseStream {
  private static final String CLOSE = new String("close"); // identity marks the end
  private static final int CAPACITY = 256;

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
  private volatile boolean closed;

  /** Queues one event; false if the stream is closed or full (then it is closed). */
  boolean offer(String json) {
    if (closed) {
      return false;
    }
    if (!queue.offer(json)) {
      close();
      return false;
    }
    return true;
  }

  /** Ends the stream; {@link #pump} returns soon after. */
  void close() {
    closed = true;
    queue.clear();
    queue.offer(CLOSE);
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Writes the response headers, then every queued event, and a comment line every {@code
   * heartbeat} so that proxies keep the connection; returns when closed or the client left.
   */
  void pump(HttpExchange ex, Duration heartbeat) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Accel-Buffering", "no");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed) {
        String next;
        try {
          next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (next == CLOSE) { // identity on purpose: an event with the same text is not the end
          break;
        }
        String frame = next == null ? ": ping\n\n" : "data: " + next.replace("\n", "\ndata: ") + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } finally {
      closed = true;
    }
  }
}
