package at.ozeanlicht.support.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Small JDBC helpers shared by the stores. */
final class Jdbc {
  private Jdbc() {}

  /** Binds {@code params} to {@code ?1..?n}; an {@link Instant} becomes a timestamp. */
  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    bindFrom(ps, 1, params);
  }

  /** Binds {@code params} from parameter {@code first} on. */
  static void bindFrom(PreparedStatement ps, int first, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      ps.setObject(first + i, p instanceof Instant at ? Timestamp.from(at) : p);
    }
  }

  /**
   * {@code n} array parameters for {@code unnest(...)}, each hidden in a scalar subquery. A
   * custom plan sees a plain parameter's array and sizes the rows by it; a batch of one then
   * looked so much cheaper than the generic plan (sized for ten) that PostgreSQL planned the
   * statement anew at every execution (0.53 ms for the batch write, pg_stat_statements with
   * track_planning, bench receive --topic-changes). Behind a subquery both plans size it alike,
   * so the cached generic plan is used.
   */
  static String opaqueArrays(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "(select ?)"));
  }

  /**
   * Inserts {@code rows} with one statement: {@code sql} selects from {@code unnest(?, ?, ...)},
   * one array parameter per column, typed {@code types} (SQL array element types); {@code
   * columns} gives a row's values in that order (an {@link Instant} becomes a timestamp).
   */
  static <T> void insertAll(Connection conn, String sql, String[] types, List<T> rows,
      Function<T, Object[]> columns) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      bindColumns(conn, ps, types, rows, columns);
      ps.executeUpdate();
    }
  }

  /**
   * Binds {@code rows} as one array parameter per column, from {@code ?1} on; returns the index
   * of the next parameter.
   */
  static <T> int bindColumns(Connection conn, PreparedStatement ps, String[] types, List<T> rows,
      Function<T, Object[]> columns) throws SQLException {
    return bindColumnsFrom(conn, ps, 1, types, rows, columns);
  }

  /** {@link #bindColumns} from parameter {@code first} on. */
  static <T> int bindColumnsFrom(Connection conn, PreparedStatement ps, int first, String[] types,
      List<T> rows, Function<T, Object[]> columns) throws SQLException {
    Object[][] arrays = new Object[types.length][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Object[] values = columns.apply(rows.get(r));
      for (int c = 0; c < types.length; c++) {
        arrays[c][r] = values[c] instanceof Instant at ? Timestamp.from(at) : values[c];
      }
    }
    for (int c = 0; c < types.length; c++) {
      ps.setArray(first + c, conn.createArrayOf(types[c], arrays[c]));
    }
    return first + types.length;
  }
}
