package at.ozeanlicht.support.core.crypto;

import at.ozeanlicht.support.core.api.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts and decrypts single column values with AES-GCM (96-bit random nonce per value,
 * 128-bit tag) under a ring of named keys, one of them active for new writes.
 *
 * <p>An encrypted value is stored in the same text column as {@code enc:v1:<keyId>:<base64>},
 * where the base64 part is the nonce followed by ciphertext and tag. The associated data is
 * {@code table/column/rowId}, so a ciphertext copied into another row or column fails to decrypt.
 * Values without the prefix are plaintext (written before encryption was switched on); reads pass
 * them through and {@code support keys rotate} encrypts them.
 *
 * <p>Key material never appears in messages, {@link #toString()} or logs; errors name the key id.
 */
public final class FieldCipher {
  /** The prefix of every encrypted value. */
  public static final String PREFIX = "enc:v1:";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] INDEX_LABEL = "support blind index v1".getBytes(StandardCharsets.UTF_8);
  private static final FieldCipher NONE = new FieldCipher(Map.of(), null);

  private final Map<String, SecretKeySpec> keys;
  private final @Nullable String activeId;
  private final SecureRandom random = new SecureRandom();

  private FieldCipher(Map<String, SecretKeySpec> keys, @Nullable String activeId) {
    this.keys = keys;
    this.activeId = activeId;
  }

  /** No encryption: values are written and read as they are. */
  public static FieldCipher none() {
    return NONE;
  }

  /**
   * A ring of keys.
   *
   * @param keys key id to raw AES key (16, 24 or 32 bytes); ids are 1–32 of {@code A-Za-z0-9_-}
   * @param activeId the key new values are encrypted with; must be in {@code keys}
   * @throws ConfigurationException naming the key id when a key or id is invalid
   */
  public static FieldCipher of(Map<String, byte[]> keys, String activeId) {
    Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : keys.entrySet()) {
      String id = e.getKey();
      if (!KEY_ID.matcher(id).matches()) {
        throw new ConfigurationException("encryption key id '" + id
            + "': must be 1-32 characters of A-Z, a-z, 0-9, '_' or '-'");
      }
      int n = e.getValue().length;
      if (n != 16 && n != 24 && n != 32) {
        throw new ConfigurationException("encryption key '" + id + "': must be 16, 24 or 32 bytes"
            + " (base64 of 32 random bytes recommended), was " + n + " bytes");
      }
      ring.put(id, new SecretKeySpec(e.getValue().clone(), "AES"));
    }
    if (!ring.containsKey(activeId)) {
      throw new ConfigurationException("encryption key '" + activeId + "': the active key id is not"
          + " among the configured keys " + ring.keySet());
    }
    return new FieldCipher(Map.copyOf(ring), activeId);
  }

  /**
   * The ring configured by environment variables, or {@link #none()} when none is set:
   * {@code SUPPORT_ENCRYPTION_KEY} (base64) or {@code SUPPORT_ENCRYPTION_KEY_FILE} (a file holding
   * the base64 key) for one key named by {@code SUPPORT_ENCRYPTION_KEY_ID} (default {@code k1});
   * or {@code SUPPORT_ENCRYPTION_KEYS_FILE}, a file of {@code id=base64} lines ({@code #} starts
   * a comment), whose active key is {@code SUPPORT_ENCRYPTION_KEY_ID} or else the last line.
   *
   * @throws ConfigurationException naming the variable or key id when the setting is unusable
   */
  public static FieldCipher fromEnvironment(Map<String, String> env) {
    String key = blankToNull(env.get("SUPPORT_ENCRYPTION_KEY"));
    String keyFile = blankToNull(env.get("SUPPORT_ENCRYPTION_KEY_FILE"));
    String keysFile = blankToNull(env.get("SUPPORT_ENCRYPTION_KEYS_FILE"));
    String activeId = blankToNull(env.get("SUPPORT_ENCRYPTION_KEY_ID"));
    int set = (key == null ? 0 : 1) + (keyFile == null ? 0 : 1) + (keysFile == null ? 0 : 1);
    if (set == 0) {
      return NONE;
    }
    if (set > 1) {
      throw new ConfigurationException("encryption: set only one of SUPPORT_ENCRYPTION_KEY,"
          + " SUPPORT_ENCRYPTION_KEY_FILE and SUPPORT_ENCRYPTION_KEYS_FILE");
    }
    String id = activeId == null ? "k1" : activeId;
    if (key != null) {
      return of(Map.of(id, decodeKey(id, key, "SUPPORT_ENCRYPTION_KEY")), id);
    }
    if (keyFile != null) {
      return of(Map.of(id, decodeKey(id, read(keyFile, "SUPPORT_ENCRYPTION_KEY_FILE").strip(),
          "SUPPORT_ENCRYPTION_KEY_FILE")), id);
    }
    Map<String, byte[]> ring = new LinkedHashMap<>();
    String last = null;
    int lineNo = 0;
    for (String line : read(keysFile, "SUPPORT_ENCRYPTION_KEYS_FILE").split("\n", -1)) {
      lineNo++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("SUPPORT_ENCRYPTION_KEYS_FILE line " + lineNo
            + ": expected id=base64key");
      }
      last = l.substring(0, eq).strip();
      if (ring.put(last, decodeKey(last, l.substring(eq + 1).strip(), "SUPPORT_ENCRYPTION_KEYS_FILE")) != null) {
        throw new ConfigurationException("SUPPORT_ENCRYPTION_KEYS_FILE line " + lineNo
            + ": key id '" + last + "' listed twice");
      }
    }
    if (last == null) {
      throw new ConfigurationException("SUPPORT_ENCRYPTION_KEYS_FILE: lists no keys");
    }
    return of(ring, activeId == null ? last : activeId);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String read(String file, String variable) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(variable + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] decodeKey(String id, String base64, String variable) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(variable + ": key '" + id + "' is not valid base64");
    }
  }

  /** Whether new values are encrypted. */
  public boolean enabled() {
    return activeId != null;
  }

  /** The id of the key new values are encrypted with, or null when encryption is off. */
  public @Nullable String activeKeyId() {
    return activeId;
  }

  /** The prefix of values encrypted under the active key ({@code enc:v1:<id>:}), or null. */
  public @Nullable String activePrefix() {
    return activeId == null ? null : PREFIX + activeId + ":";
  }

  /** Whether a stored value carries the encrypted-value prefix. */
  public static boolean isEncrypted(@Nullable String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /**
   * The value to store: encrypted under the active key, or {@code plaintext} itself when
   * encryption is off. Null stays null.
   */
  public @Nullable String encrypt(String table, String column, UUID rowId, @Nullable String plaintext) {
    if (plaintext == null || activeId == null) {
      return plaintext;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(table, column, rowId));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + activeId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * The plaintext of a stored value: decrypted when it carries the prefix, else as it is.
   *
   * @throws ConfigurationException naming the key id when the key is not configured or does not
   *     decrypt the value (wrong key, or the value was moved to another row)
   */
  public @Nullable String decrypt(String table, String column, UUID rowId, @Nullable String stored) {
    if (!isEncrypted(stored)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new ConfigurationException(table + "." + column + " of " + rowId
          + ": malformed encrypted value (no key id)");
    }
    String id = stored.substring(PREFIX.length(), colon);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new ConfigurationException(table + "." + column + " of " + rowId + " is encrypted with key '"
          + id + "', which is not configured" + (keys.isEmpty() ? " (no encryption key is set)"
          : " (configured: " + keys.keySet() + ")"));
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      c.updateAAD(aad(table, column, rowId));
      return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigurationException(table + "." + column + " of " + rowId + ": key '" + id
          + "' does not decrypt the value (wrong key material for this id, or the value was altered)");
    }
  }

  /**
   * Blind index values of {@code value} for exact look-ups: one keyed HMAC-SHA256 per configured
   * key (so rows not yet rotated are still found), the active key's first; empty when off. The
   * value is normalised first (trimmed, lower case; digits and '+' only for phone numbers).
   */
  public List<String> blindIndexes(String kind, String value) {
    List<String> out = new ArrayList<>();
    if (activeId != null) {
      out.add(blindIndex(activeId, kind, value));
      for (String id : keys.keySet()) {
        if (!id.equals(activeId)) {
          out.add(blindIndex(id, kind, value));
        }
      }
    }
    return out;
  }

  /** The active key's blind index of {@code value}, or null when off or the value is null. */
  public @Nullable String blindIndex(String kind, @Nullable String value) {
    return value == null || activeId == null ? null : blindIndex(activeId, kind, value);
  }

  private String blindIndex(String id, String kind, String value) {
    String normal = value.strip().toLowerCase(Locale.ROOT);
    if (kind.equals("phone")) {
      normal = normal.replaceAll("[^0-9+]", "");
    }
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(keys.get(id).getEncoded(), "HmacSHA256"));
      byte[] indexKey = derive.doFinal(INDEX_LABEL);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
      byte[] tag = mac.doFinal((kind + "\u0000" + normal).getBytes(StandardCharsets.UTF_8));
      return id + ":" + HexFormat.of().formatHex(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] aad(String table, String column, UUID rowId) {
    return (table + "/" + column + "/" + rowId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return activeId == null ? "FieldCipher[off]" : "FieldCipher[active=" + activeId + ", keys=" + keys.keySet() + "]";
  }
}
