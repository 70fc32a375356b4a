package at.ozeanlicht.support.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as a host's web server received it, handed to a {@link ChannelAdapter} to
 * verify and parse. Framework-neutral: a servlet, Javalin, Spring or the JDK's HttpServer fill it
 * in the same way. The body is kept as the exact bytes received, because signatures are computed
 * over them.
 *
 * <p>Header names are case-insensitive; query parameter names keep their case (WhatsApp uses
 * {@code hub.mode}). Immutable and thread-safe; {@link #body()} returns a copy.
 *
 * @param method the HTTP method, upper case ({@code GET}, {@code POST})
 * @param path the request path, e.g. {@code /webhooks/ol-whatsapp}
 * @param query decoded query parameters, each with its values in order
 * @param headers header values by name (compared ignoring case)
 * @param body the raw body bytes, empty for none
 */
public record InboundRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    byte[] body) {

  /** Checks for nulls; copies the maps and the body; folds header names to lower case. */
  public InboundRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    method = method.toUpperCase(Locale.ROOT);
    query = copy(query, false);
    headers = copy(headers, true);
    body = Objects.requireNonNull(body, "body").clone();
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> in, boolean fold) {
    Objects.requireNonNull(in, fold ? "headers" : "query");
    Map<String, List<String>> out = new TreeMap<>();
    in.forEach((k, v) -> out.computeIfAbsent(fold ? k.toLowerCase(Locale.ROOT) : k,
        x -> new ArrayList<>()).addAll(v));
    out.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(out);
  }

  /** A POST with the given body and headers and no query. */
  public static InboundRequest post(String path, Map<String, List<String>> headers, byte[] body) {
    return new InboundRequest("POST", path, Map.of(), headers, body);
  }

  /** A GET with the given query and no body. */
  public static InboundRequest get(String path, Map<String, List<String>> query) {
    return new InboundRequest("GET", path, query, Map.of(), new byte[0]);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of header {@code name} (any case), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The first value of query parameter {@code name}, if present. */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InboundRequest r && method.equals(r.method) && path.equals(r.path)
        && query.equals(r.query) && headers.equals(r.headers) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, query, headers, Arrays.hashCode(body));
  }

  /** Method, path and body size only: never header values (they carry secrets) or the body. */
  @Override
  public String toString() {
    return "InboundRequest[" + method + " " + path + ", " + body.length + " bytes]";
  }
}
