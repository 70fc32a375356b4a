package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Fills the search vectors {@link BulkImport} left NULL, in batches of message rows, oldest seq
 * first: the same vector the {@code messages_search} trigger of V17 computes (German and English
 * configurations), {@code ''} for an encrypted body (whose plaintext the database cannot read).
 * Each batch is one short transaction that claims its rows with {@code FOR UPDATE SKIP LOCKED}, so
 * several threads or nodes can run it at once and live traffic is never blocked for long. The
 * partial index {@code messages_search_backlog} (V20) makes finding the next batch cheap and is
 * empty once the backfill has caught up.
 *
 * <p>Why not compute the vectors during the import: to_tsvector twice per message plus the GIN
 * entries cost about a fifth of a message row's insert (measured in V20__bulk_import.sql); moved
 * here they no longer hold up the import, and the history is stored and reported at once.
 * Thread-safe.
 */
public final class SearchBackfill {
  private static final String BATCH_SQL = "update messages m set search = case"
      + " when m.body like 'enc:v1:%' then ''::tsvector"
      + " else to_tsvector('support_de'::regconfig, m.body) || to_tsvector('support_en'::regconfig, m.body) end"
      + " where m.ctid = any(array(select ctid from messages where search is null order by seq limit ?"
      + " for update skip locked))";

  private final DataSource dataSource;

  private SearchBackfill(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A backfill over a migrated database. */
  public static SearchBackfill of(DataSource dataSource) {
    return new SearchBackfill(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Fills one batch of at most {@code limit} messages in its own transaction.
   *
   * @return how many messages got their vector (0 when nothing is pending or all pending rows are
   *     claimed by other callers)
   * @throws StoreException if the database fails
   */
  public int batch(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1, was " + limit);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(BATCH_SQL)) {
        ps.setInt(1, limit);
        int n = ps.executeUpdate();
        c.commit();
        return n;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("search backfill: " + e.getMessage(), e);
    }
  }

  /**
   * Runs batches of {@code limit} until nothing is pending or at most {@code maxRows} were filled.
   *
   * @return how many messages got their vector
   */
  public long run(int limit, long maxRows) {
    long done = 0;
    while (done < maxRows) {
      int n = batch((int) Math.min(limit, maxRows - done));
      if (n == 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  /** How many messages still wait for their search vector. */
  public long pending() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select count(*) from messages where search is null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("search backfill: " + e.getMessage(), e);
    }
  }
}
