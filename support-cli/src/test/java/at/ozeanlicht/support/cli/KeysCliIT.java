package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code support keys rotate} with keys from a key file, against the shared PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class KeysCliIT {
  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @TempDir Path dir;

  private Cli.Result run(Cli cli, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--db";
    all[args.length + 1] = SharedPostgres.jdbcUrl();
    return cli.run(all);
  }

  private static List<String> contactColumns() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select name, email, phone from contacts")) {
      while (rs.next()) {
        out.add(rs.getString(1));
        out.add(rs.getString(2));
        out.add(rs.getString(3));
      }
      c.rollback();
    }
    return out;
  }

  @Test
  void rotate_encryptsOldRows_movesToTheNewKey_andTheOldKeyCanGo() throws Exception {
    Files.writeString(dir.resolve("c.csv"), "channel,externalId,name,email,phone,language,vip\n"
        + "whatsapp,4366412345,Erika Musterfrau,erika@example.org,+4366412345,de,true\n");
    Cli plain = new Cli(dir);
    assertThat(run(plain, "import", "contacts", "c.csv").code()).isZero();
    assertThat(contactColumns()).contains("Erika Musterfrau");

    Path keys = dir.resolve("keys");
    Files.writeString(keys, "k1=" + K1 + "\n");
    Cli encrypted = new Cli(dir).env("SUPPORT_ENCRYPTION_KEYS_FILE", keys.toString());
    Cli.Result first = run(encrypted, "keys", "rotate");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("rotated 0 message bodies and 1 contacts to key k1 in 1 batch");
    assertThat(contactColumns()).allSatisfy(v -> assertThat(v).startsWith("enc:v1:k1:"));

    Files.writeString(keys, "k1=" + K1 + "\nk2=" + K2 + "\n");
    assertThat(run(encrypted, "keys", "rotate", "--batch", "1").out()).contains("1 contacts to key k2");
    assertThat(run(encrypted, "keys", "rotate").out()).contains("0 contacts to key k2");
    assertThat(contactColumns()).allSatisfy(v -> assertThat(v).startsWith("enc:v1:k2:"));

    Files.writeString(keys, "k2=" + K2 + "\n");
    Cli.Result export = run(encrypted, "export", "contacts", "--out", "out.csv");
    assertThat(export.code()).as(export.toString()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv"))).contains("Erika Musterfrau,erika@example.org,'+4366412345");

    Cli.Result noKey = run(plain, "export", "contacts", "--out", "x.csv");
    assertThat(noKey.code()).as(noKey.toString()).isNotZero();
    assertThat(noKey.err()).contains("encrypted with key 'k2'").doesNotContain(K2);
    Cli.Result rotateWithoutKey = run(plain, "keys", "rotate");
    assertThat(rotateWithoutKey.err()).contains("no encryption key is configured");
    assertThat(run(encrypted, "keys", "rotate", "--batch", "0").code()).isEqualTo(2);
  }
}
