package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.crypto.FieldCipher;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The encrypted columns and their associated data: one place that knows which table and column a
 * value belongs to, so every write and read of a message body or contact field uses the same
 * {@code table/column/rowId} binding.
 */
record Sealed(FieldCipher cipher) {
  String body(UUID messageId, String plaintext) {
    String s = cipher.encrypt("messages", "body", messageId, plaintext);
    return s == null ? plaintext : s;
  }

  String openBody(UUID messageId, String stored) {
    String s = cipher.decrypt("messages", "body", messageId, stored);
    return s == null ? stored : s;
  }

  @Nullable String contact(String column, UUID contactId, @Nullable String plaintext) {
    return cipher.encrypt("contacts", column, contactId, plaintext);
  }

  @Nullable String openContact(String column, UUID contactId, @Nullable String stored) {
    return cipher.decrypt("contacts", column, contactId, stored);
  }

  boolean on() {
    return cipher.enabled();
  }
}
