package at.ozeanlicht.support.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Small JDBC helpers shared by the stores. */
final class Jdbc {
  private Jdbc() {}

  /** Binds {@code params} to {@code ?1..?n}; an {@link Instant} becomes a timestamp. */
  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      ps.setObject(i + 1, p instanceof Instant at ? Timestamp.from(at) : p);
    }
  }
}
