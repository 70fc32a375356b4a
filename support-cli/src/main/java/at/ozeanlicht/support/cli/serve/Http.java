package at.ozeanlicht.support.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over the JDK's HttpExchange. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The largest request body read: 1 MiB (webhooks and widget messages are far smaller). */
  static final int MAX_BODY = 1 << 20;

  private Http() {}

  /** Thrown for an answer that ends the request early (bad input, no auth, too large). */
  static final class Status extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;

    Status(int status, String error, String message) {
      super(message, null, false, false);
      this.status = status;
      this.error = error;
    }
  }

  static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new Status(413, "too_large", "body: must be at most " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  static Map<String, List<String>> query(@org.jspecify.annotations.Nullable String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsString(body));
  }

  static void error(HttpExchange ex, int status, String error, String message) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", error);
    o.put("message", message);
    json(ex, status, o);
  }

  static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    send(ex, status, contentType.contains("charset") ? contentType : contentType + "; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
