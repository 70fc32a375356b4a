package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.Verification;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Framework-neutral webhook endpoint: a host's HTTP server hands it each request for an inbox
 * (e.g. mounted at {@code /webhooks/{inbox}}) and writes back the {@link WebhookResponse}.
 *
 * <p>For each request: the inbox's adapter verifies it <em>before</em> anything is parsed (a
 * missing or wrong signature answers 401/403 and is logged without the body); a handshake is
 * answered directly; a verified body is parsed (malformed: 400 with a short reason) and every
 * event is applied through the engine, each message in its own transaction, so 200 is answered
 * only once everything is durable. Duplicates are answered 200 and change nothing. If storing
 * fails the answer is 500 and the channel's retry is safe, because receipt is idempotent.
 *
 * <p>The exact bytes of every verified request (with its audit headers and receipt time) are
 * stored before it is acknowledged (in the first message's receive transaction when it carries
 * a message), also when malformed, except requests that carry only typing;
 * they are purged by {@link SupportEngine#tick} after {@code rawPayloadRetention}. Refused
 * requests are only counted.
 *
 * <p>Thread-safe; get it from {@link SupportEngine#webhooks()}.
 */
public final class WebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SupportEngine engine;
  private final Channels channels;
  private final AtomicLong refused = new AtomicLong();

  WebhookHandler(SupportEngine engine, Channels channels) {
    this.engine = engine;
    this.channels = channels;
  }

  /**
   * How many requests were refused since the engine started: missing or wrong signature, or a
   * body larger than the adapter's {@link ChannelAdapter#maxBodyBytes()}.
   */
  public long refusedCount() {
    return refused.get();
  }

  /**
   * Handles one request for {@code inbox}.
   *
   * @return 200 accepted (also for duplicates and handshakes), 400 malformed, 401/403 refused,
   *     404 no adapter for the inbox, 413 body too large, 500 storing failed
   */
  public WebhookResponse handle(String inbox, InboundRequest request) {
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(request, "request");
    ChannelAdapter adapter = channels.adapter(inbox).orElse(null);
    if (adapter == null) {
      return error(404, "unknown_inbox", "no channel adapter for inbox '" + inbox + "'");
    }
    int size = request.body().length;
    if (size > adapter.maxBodyBytes()) {
      refused.incrementAndGet();
      LOG.warn("webhook refused on inbox {}: body of {} bytes exceeds {} bytes ({} {})", inbox,
          size, adapter.maxBodyBytes(), request.method(), request.path());
      return error(413, "too_large", "body exceeds " + adapter.maxBodyBytes() + " bytes");
    }
    Verification verification = adapter.verify(request);
    if (verification instanceof Verification.Denied denied) {
      refused.incrementAndGet();
      LOG.warn("webhook refused on inbox {}: {} ({} {}, {} bytes, payload {})", inbox,
          denied.reason(), request.method(), request.path(), request.body().length,
          reference(request));
      return error(denied.status(), denied.reason(), "request not verified");
    }
    if (verification instanceof Verification.Answer answer) {
      return new WebhookResponse(answer.status(), answer.contentType(), answer.body());
    }
    Instant receivedAt = engine.clock().instant();
    List<InboundEvent> events;
    try {
      events = adapter.parse(request);
    } catch (MalformedPayloadException e) {
      // Authentic but unparseable: kept, so it can be parsed again after a fix.
      keepRaw(inbox, request, receivedAt);
      LOG.warn("malformed webhook payload on inbox {}: {} (payload {})", inbox, e.reason(),
          reference(request));
      return error(400, "malformed", e.reason());
    }
    // Kept before anything is acknowledged; ephemeral requests (typing) are not. With a message
    // it commits in that message's receive transaction (one transaction less per message),
    // otherwise in its own, before anything is applied.
    boolean keep = events.isEmpty()
        || !events.stream().allMatch(ev -> ev instanceof InboundEvent.Typing);
    boolean rawPending = keep
        && events.stream().anyMatch(ev -> ev instanceof InboundEvent.MessageReceived);
    if (keep && !rawPending && keepRaw(inbox, request, receivedAt) == null) {
      return error(500, "not_stored", "raw payload");
    }
    int messages = 0;
    int duplicates = 0;
    int statuses = 0;
    int edits = 0;
    int ignored = 0;
    try {
      for (InboundEvent event : events) {
        if (event instanceof InboundEvent.MessageReceived m) {
          requireInbox(inbox, m.message().inbox());
          ReceiveResult r = rawPending
              ? engine.receive(m.message(), tx -> Channels.keepRaw(tx, inbox, request, receivedAt))
              : engine.receive(m.message());
          rawPending = false;
          if (r.outcome() == ReceiveResult.Outcome.DUPLICATE) {
            duplicates++;
          } else {
            messages++;
          }
        } else if (event instanceof InboundEvent.StatusChanged s) {
          requireInbox(inbox, s.inbox());
          if (channels.apply(s)) {
            statuses++;
          } else {
            ignored++;
          }
        } else if (event instanceof InboundEvent.MessageEdited e) {
          requireInbox(inbox, e.inbox());
          if (channels.apply(e)) {
            edits++;
          } else {
            ignored++;
          }
        } else if (event instanceof InboundEvent.SeenUpTo s) {
          requireInbox(inbox, s.inbox());
          statuses += channels.apply(s);
        } else if (event instanceof InboundEvent.ContactIdentified c) {
          requireInbox(inbox, c.inbox());
          engine.mergeIdentified(c);
        } else if (event instanceof InboundEvent.Typing t) {
          requireInbox(inbox, t.inbox());
          engine.relayTyping(t);
          ignored++; // typing is not stored
        } else {
          ignored++;
        }
      }
    } catch (SupportException e) {
      if (rawPending) { // the receive carrying it failed: keep it on its own, best effort
        keepRaw(inbox, request, receivedAt);
      }
      LOG.warn("webhook on inbox {} could not be stored ({}): {}", inbox, e.code(), e.getMessage());
      return error(500, "not_stored", e.code().name().toLowerCase(java.util.Locale.ROOT));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "ok");
    body.put("messages", messages);
    body.put("duplicates", duplicates);
    body.put("statuses", statuses);
    body.put("edits", edits);
    body.put("ignored", ignored);
    return WebhookResponse.json(200, body.toString());
  }

  private @Nullable UUID keepRaw(String inbox, InboundRequest request, Instant receivedAt) {
    try {
      return channels.keepRaw(inbox, request, receivedAt);
    } catch (SupportException e) {
      LOG.warn("raw payload on inbox {} could not be stored ({})", inbox, e.code());
      return null;
    }
  }

  private static void requireInbox(String inbox, String eventInbox) {
    if (!inbox.equals(eventInbox)) {
      throw new IllegalStateException("adapter for inbox '" + inbox + "' produced an event for '"
          + eventInbox + "'");
    }
  }

  private static WebhookResponse error(int status, String error, String reason) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("reason", reason);
    return WebhookResponse.json(status, body.toString());
  }

  /** A reference to find the payload again without logging it: the first 12 hex of its SHA-256. */
  private static String reference(InboundRequest request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.body());
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
