package at.ozeanlicht.support.core.csat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies survey link tokens: {@code base64url(surveyId, expiresAt)} and an
 * HMAC-SHA256 over it, joined by a dot. The token carries no personal data. Thread-safe; the
 * secret is never part of a message or {@link #toString()}.
 */
public final class SurveyTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** Tokens signed with {@code secret}. */
  public SurveyTokens(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /**
   * A token's content once its signature checked out.
   *
   * @param surveyId the survey
   * @param expiresAt when it stops being accepted
   */
  public record Claims(UUID surveyId, Instant expiresAt) {}

  /** A signed token for the survey. */
  public String sign(UUID surveyId, Instant expiresAt) {
    ByteBuffer b = ByteBuffer.allocate(24);
    b.putLong(surveyId.getMostSignificantBits()).putLong(surveyId.getLeastSignificantBits())
        .putLong(expiresAt.getEpochSecond());
    byte[] payload = b.array();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
  }

  /** The claims of a token signed with this secret; empty if malformed or the signature differs. */
  public Optional<Claims> verify(String token) {
    int dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (payload.length != 24 || !MessageDigest.isEqual(mac(payload), signature)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    return Optional.of(new Claims(new UUID(b.getLong(), b.getLong()), Instant.ofEpochSecond(b.getLong())));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "SurveyTokens[secret=***]";
  }
}
