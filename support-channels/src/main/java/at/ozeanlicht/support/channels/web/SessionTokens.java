package at.ozeanlicht.support.channels.web;

import at.ozeanlicht.support.channels.internal.Signatures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Session tokens: compact JWS (HS256) carrying the visitor's source id, the inbox, the verified
 * identifier (if any) and an expiry. Signed, not encrypted: they carry no names or e-mails.
 */
final class SessionTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final String HEADER = B64.encodeToString(
      "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  /**
   * A verified session.
   *
   * @param sourceId the random id of the browser session
   * @param identifier the host's user id, verified by HMAC, or null for an anonymous visitor
   */
  record Session(String sourceId, @Nullable String identifier) {
    /** The contact's channel id: the verified identifier, else the anonymous source id. */
    String contactKey() {
      return identifier != null ? "user:" + identifier : "visitor:" + sourceId;
    }

    static Session anonymous() {
      return new Session(UUID.randomUUID().toString(), null);
    }
  }

  private final String key;
  private final String inbox;

  SessionTokens(String key, String inbox) {
    this.key = key;
    this.inbox = inbox;
  }

  String issue(Session session, Instant expires) {
    ObjectNode p = JSON.createObjectNode();
    p.put("sid", session.sourceId());
    p.put("inbox", inbox);
    if (session.identifier() != null) {
      p.put("idn", session.identifier());
    }
    p.put("exp", expires.getEpochSecond());
    String signingInput = HEADER + "." + B64.encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + B64.encodeToString(mac(signingInput));
  }

  /** The session of a token whose signature, inbox and expiry hold at {@code now}. */
  Optional<Session> verify(@Nullable String token, Instant now) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(HEADER)) {
      return Optional.empty();
    }
    String expected = B64.encodeToString(mac(parts[0] + "." + parts[1]));
    if (!Signatures.constantTimeEquals(expected, parts[2])) {
      return Optional.empty();
    }
    try {
      JsonNode p = JSON.readTree(D64.decode(parts[1]));
      if (!inbox.equals(p.path("inbox").asText()) || !p.path("sid").isTextual()
          || !p.path("exp").canConvertToLong() || now.getEpochSecond() >= p.path("exp").asLong()) {
        return Optional.empty();
      }
      return Optional.of(new Session(p.get("sid").asText(),
          p.path("idn").isTextual() ? p.get("idn").asText() : null));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // our own signature over a payload we cannot read: treat as absent
    }
  }

  private byte[] mac(String signingInput) {
    return HexFormat.of().parseHex(
        Signatures.hmacSha256Hex(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
