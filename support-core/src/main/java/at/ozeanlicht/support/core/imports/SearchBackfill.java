package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fills the search vectors {@link BulkImport} left NULL, in batches of message rows: the same
 * vector the {@code messages_search} trigger of V17 computes (German and English configurations),
 * {@code ''} for an encrypted body (whose plaintext the database cannot read).
 *
 * <p>Where the work is: each bulk import transaction records the id range of the messages it
 * wrote in {@code search_backlog} (V22); a batch claims one range row with {@code FOR UPDATE SKIP
 * LOCKED}, fills up to {@code limit} pending messages of the range in primary-key order (their
 * rows claimed with {@code FOR NO KEY UPDATE SKIP LOCKED}, since ranges of concurrent imports may
 * overlap), then moves the range's start to its first message still without a vector (one not
 * reached yet, or one another transaction holds), or deletes the range when there is none, all
 * in one short transaction. Invariant: a pending message lies inside a range row until its
 * vector is committed. So several threads or nodes can run batches at once,
 * a failed batch leaves everything as it was, and running it again finds what is left. Live
 * traffic is never blocked for long: it never touches the range rows, and a batch holds its
 * messages for one short transaction.
 *
 * <p>Why not compute the vectors during the import: to_tsvector twice per message plus the GIN
 * entries cost about a fifth of a message row's insert (measured in V20__bulk_import.sql); moved
 * here they no longer hold up the import, and the history is stored and reported at once. Why
 * ranges and not V20's partial index on pending rows: that index cost a btree entry per imported
 * message (V22__bulk_import_indexes.sql); a range row costs one row per ~16,000 messages.
 * Thread-safe.
 */
public final class SearchBackfill {
  // `id > ?`: SKIP LOCKED does not skip the rows this transaction itself locked, so a range kept
  // (a held message) must not be claimed again by the same batch.
  private static final String CLAIM_SQL = "select id, from_id, to_id from search_backlog"
      + " where id > ? order by id limit 1 for update skip locked";
  private static final String FILL_SQL = "update messages m set search = case"
      + " when m.body like 'enc:v1:%' then ''::tsvector"
      + " else to_tsvector('support_de'::regconfig, m.body) || to_tsvector('support_en'::regconfig, m.body) end"
      + " where m.ctid = any(array(select ctid from messages where id between ? and ? and search is null"
      + " order by id limit ? for no key update skip locked))";
  private static final String FIRST_PENDING_SQL = "select id from messages"
      + " where id between ? and ? and search is null order by id limit 1";

  private final DataSource dataSource;

  private SearchBackfill(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A backfill over a migrated database. */
  public static SearchBackfill of(DataSource dataSource) {
    return new SearchBackfill(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Fills one batch of at most {@code limit} messages of one backlog range in its own
   * transaction (a range with nothing pending is deleted and the next one tried, in the same
   * transaction).
   *
   * @return how many messages got their vector (0 when nothing is pending or all pending ranges
   *     are claimed by other callers)
   * @throws StoreException if the database fails
   */
  public int batch(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1, was " + limit);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int n = fill(c, limit);
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

  private static int fill(Connection c, int limit) throws SQLException {
    long range = 0;
    while (true) {
      UUID from;
      UUID to;
      try (PreparedStatement ps = c.prepareStatement(CLAIM_SQL)) {
        ps.setLong(1, range);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return 0;
          }
          range = rs.getLong(1);
          from = rs.getObject(2, UUID.class);
          to = rs.getObject(3, UUID.class);
        }
      }
      int n;
      try (PreparedStatement ps = c.prepareStatement(FILL_SQL)) {
        ps.setObject(1, from);
        ps.setObject(2, to);
        ps.setInt(3, limit);
        n = ps.executeUpdate();
      }
      // The range's first message still without a vector, as this transaction sees it (its own
      // updates included): one that is not reached yet, or one another transaction holds and
      // SKIP LOCKED passed over. None: the range is done.
      UUID first;
      try (PreparedStatement ps = c.prepareStatement(FIRST_PENDING_SQL)) {
        ps.setObject(1, from);
        ps.setObject(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          first = rs.next() ? rs.getObject(1, UUID.class) : null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(first == null
          ? "delete from search_backlog where id = ?" : "update search_backlog set from_id = ? where id = ?")) {
        if (first != null) {
          ps.setObject(1, first);
        }
        ps.setLong(first == null ? 1 : 2, range);
        ps.executeUpdate();
      }
      if (n > 0) {
        return n;
      }
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

  /** How many messages of the backlog ranges still wait for their search vector. */
  public long pending() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select count(distinct m.id) from search_backlog b"
            + " join messages m on m.id between b.from_id and b.to_id where m.search is null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("search backfill: " + e.getMessage(), e);
    }
  }
}
