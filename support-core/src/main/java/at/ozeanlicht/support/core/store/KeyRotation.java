package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.crypto.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Re-encrypts message bodies and contact fields under the active key: every value under another
 * key, and every plaintext value written before encryption was switched on. Rows are taken in id
 * order in batches, one transaction per batch, so an interrupted run loses at most one batch and a
 * second run continues where the first stopped; rows already under the active key are skipped,
 * so running it again changes nothing.
 */
public final class KeyRotation {
  /**
   * What one run did.
   *
   * @param keyId the active key every value is now encrypted with
   * @param messages message bodies re-encrypted
   * @param contacts contacts whose fields were re-encrypted
   * @param batches transactions committed
   */
  public record Result(String keyId, long messages, long contacts, long batches) {}

  private final DataSource dataSource;
  private final FieldCipher cipher;

  KeyRotation(DataSource dataSource, FieldCipher cipher) {
    this.dataSource = dataSource;
    this.cipher = cipher;
  }

  /**
   * Runs the rotation to the end.
   *
   * @param batchSize rows per transaction, 1 to 100000
   * @throws ConfigurationException when encryption is off or a stored value names a key that is
   *     not configured
   */
  public Result run(int batchSize) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch: must be 1 to 100000, was " + batchSize);
    }
    String prefix = cipher.activePrefix();
    if (prefix == null) {
      throw new ConfigurationException("keys rotate: no encryption key is configured"
          + " (set SUPPORT_ENCRYPTION_KEY, SUPPORT_ENCRYPTION_KEY_FILE or SUPPORT_ENCRYPTION_KEYS_FILE)");
    }
    Sealed sealed = new Sealed(cipher);
    long[] counts = new long[3];
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        @Nullable UUID after = null;
        while (true) {
          List<UUID> done = messagesBatch(c, sealed, prefix, after, batchSize);
          if (done.isEmpty()) {
            break;
          }
          counts[0] += done.size();
          counts[2]++;
          after = done.get(done.size() - 1);
        }
        after = null;
        while (true) {
          List<UUID> done = contactsBatch(c, sealed, prefix, after, batchSize);
          if (done.isEmpty()) {
            break;
          }
          counts[1] += done.size();
          counts[2]++;
          after = done.get(done.size() - 1);
        }
      } catch (RuntimeException e) {
        c.rollback(); // a value no configured key opens: the current batch stays as it was
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException("keys rotate: " + e.getMessage(), e);
    }
    return new Result(cipher.activeKeyId(), counts[0], counts[1], counts[2]);
  }

  // Keyset pagination on the uuid primary key; the first page (after == null) has no bound.
  private static List<UUID> messagesBatch(Connection c, Sealed sealed, String prefix, @Nullable UUID after, int n)
      throws SQLException {
    boolean first = after == null;
    List<UUID> ids = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select id, body from messages where left(body, ?) <> ?"
        + (first ? "" : " and id > ?") + " order by id limit ? for update")) {
      ps.setInt(1, prefix.length());
      ps.setString(2, prefix);
      int i = 3;
      if (!first) {
        ps.setObject(i++, after);
      }
      ps.setInt(i, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
          bodies.add(rs.getString(2));
        }
      }
    }
    if (ids.isEmpty()) {
      c.rollback();
      return ids;
    }
    try (PreparedStatement up = c.prepareStatement("update messages set body = ? where id = ?")) {
      for (int k = 0; k < ids.size(); k++) {
        UUID id = ids.get(k);
        up.setString(1, sealed.body(id, sealed.openBody(id, bodies.get(k))));
        up.setObject(2, id);
        up.addBatch();
      }
      up.executeBatch();
    }
    c.commit();
    return ids;
  }

  private static List<UUID> contactsBatch(Connection c, Sealed sealed, String prefix, @Nullable UUID after, int n)
      throws SQLException {
    boolean first = after == null;
    List<UUID> ids = new ArrayList<>();
    List<String[]> fields = new ArrayList<>();
    String stale = "(%1$s is not null and left(%1$s, ?) <> ?)";
    try (PreparedStatement ps = c.prepareStatement("select id, name, email, phone from contacts where ("
        + String.format(stale, "name") + " or " + String.format(stale, "email") + " or "
        + String.format(stale, "phone") + ")" + (first ? "" : " and id > ?") + " order by id limit ? for update")) {
      int i = 1;
      for (int k = 0; k < 3; k++) {
        ps.setInt(i++, prefix.length());
        ps.setString(i++, prefix);
      }
      if (!first) {
        ps.setObject(i++, after);
      }
      ps.setInt(i, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          ids.add(id);
          fields.add(new String[] {sealed.openContact("name", id, rs.getString(2)),
              sealed.openContact("email", id, rs.getString(3)), sealed.openContact("phone", id, rs.getString(4))});
        }
      }
    }
    if (ids.isEmpty()) {
      c.rollback();
      return ids;
    }
    try (PreparedStatement up = c.prepareStatement("update contacts set name = ?, email = ?, phone = ?,"
        + " email_index = ?, phone_index = ?, search = to_tsvector('support_simple'::regconfig, cast(? as text))"
        + " || to_tsvector('support_de'::regconfig, cast(? as text)) where id = ?")) {
      for (int k = 0; k < ids.size(); k++) {
        UUID id = ids.get(k);
        String[] f = fields.get(k);
        up.setString(1, sealed.contact("name", id, f[0]));
        up.setString(2, sealed.contact("email", id, f[1]));
        up.setString(3, sealed.contact("phone", id, f[2]));
        up.setString(4, sealed.cipher().blindIndex("email", f[1]));
        up.setString(5, sealed.cipher().blindIndex("phone", f[2]));
        up.setString(6, f[0] == null ? "" : f[0]);
        up.setString(7, f[0] == null ? "" : f[0]);
        up.setObject(8, id);
        up.addBatch();
      }
      up.executeBatch();
    }
    c.commit();
    return ids;
  }
}
