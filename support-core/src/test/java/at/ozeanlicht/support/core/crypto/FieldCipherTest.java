package at.ozeanlicht.support.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {
  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = Base64.getEncoder().encodeToString(new byte[] {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  private final UUID row = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @Test
  void roundTrip_randomNonce_boundToTableColumnAndRow() {
    FieldCipher cipher = FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEY", K1));
    String a = cipher.encrypt("messages", "body", row, "Grüß Gott");
    String b = cipher.encrypt("messages", "body", row, "Grüß Gott");
    assertThat(a).startsWith("enc:v1:k1:").isNotEqualTo(b).doesNotContain("Gott");
    assertThat(cipher.decrypt("messages", "body", row, a)).isEqualTo("Grüß Gott");
    assertThat(cipher.decrypt("messages", "body", row, "plain")).isEqualTo("plain");
    assertThatThrownBy(() -> cipher.decrypt("messages", "body", UUID.randomUUID(), a))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("key 'k1' does not decrypt");
    assertThatThrownBy(() -> cipher.decrypt("contacts", "name", row, a)).isInstanceOf(ConfigurationException.class);
    assertThat(cipher.toString()).doesNotContain(K1);
  }

  @Test
  void keysFile_lastLineIsActive_unlessNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# keys\nold=" + K1 + "\nnew=" + K2 + "\n");
    FieldCipher ring = FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEYS_FILE", file.toString()));
    assertThat(ring.activeKeyId()).isEqualTo("new");
    String old = FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEYS_FILE", file.toString(),
        "SUPPORT_ENCRYPTION_KEY_ID", "old")).encrypt("contacts", "email", row, "a@b.c");
    assertThat(old).startsWith("enc:v1:old:");
    assertThat(ring.decrypt("contacts", "email", row, old)).isEqualTo("a@b.c");
    assertThat(ring.blindIndexes("email", " A@B.C")).hasSize(2)
        .contains(ring.blindIndex("email", "a@b.c"));
  }

  @Test
  void badSettings_nameTheVariableOrKeyId(@TempDir Path dir) throws Exception {
    assertThat(FieldCipher.fromEnvironment(Map.of()).enabled()).isFalse();
    assertThatThrownBy(() -> FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEY", "!!")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("key 'k1' is not valid base64");
    assertThatThrownBy(() -> FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEY", "AAAA")))
        .hasMessageContaining("encryption key 'k1': must be 16, 24 or 32 bytes");
    assertThatThrownBy(() -> FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEY", K1,
        "SUPPORT_ENCRYPTION_KEY_FILE", "/x"))).hasMessageContaining("set only one");
    Path file = dir.resolve("keys");
    Files.writeString(file, "a=" + K1 + "\n");
    assertThatThrownBy(() -> FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEYS_FILE", file.toString(),
        "SUPPORT_ENCRYPTION_KEY_ID", "b"))).hasMessageContaining("encryption key 'b': the active key id");
    assertThatThrownBy(() -> FieldCipher.fromEnvironment(Map.of("SUPPORT_ENCRYPTION_KEY_FILE", dir.resolve("nope").toString())))
        .hasMessageContaining("SUPPORT_ENCRYPTION_KEY_FILE: cannot read");
  }
}
