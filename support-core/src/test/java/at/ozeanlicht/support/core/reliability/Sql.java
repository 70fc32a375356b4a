package at.ozeanlicht.support.core.reliability;

import at.ozeanlicht.support.core.testkit.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Read-only queries against the shared test database for the assertions. */
final class Sql {
  private Sql() {}

  static long count(String sql) {
    return Long.parseLong(rows(sql).get(0));
  }

  /** Each row's columns joined with {@code |}. */
  static List<String> rows(String sql) {
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
      c.rollback();
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
