package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventDeliveryStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.jdbc.ReturningWork;
import org.jspecify.annotations.Nullable;

/** Host webhook deliveries in plain SQL on the transaction's connection. */
final class PostgresEventDeliveryStore implements EventDeliveryStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};


  private final TxJdbc jdbc;

  PostgresEventDeliveryStore(TxJdbc jdbc) {
    this.jdbc = jdbc;
  }

  private <T> T work(ReturningWork<T> work) {
    return jdbc.work(work);
  }

  @Override
  public int fanOut(Collection<String> endpoints, Instant now, int limit) {
    if (endpoints.isEmpty()) {
      return 0;
    }
    return work(c -> {
      // Not by seq cursor: identity values commit out of order, a cursor would skip late commits.
      String sql = "with batch as (select id from outbox_events where published_at is null"
          + " order by seq limit ? for update skip locked),"
          + " marked as (update outbox_events e set published_at = ? from batch where e.id = batch.id"
          + " returning e.id),"
          + " ins as (insert into event_deliveries (id, event_id, endpoint, next_attempt_at, created_at)"
          + " select gen_random_uuid(), m.id, ep.name, ?, ? from marked m"
          + " cross join unnest(cast(? as text[])) as ep(name)"
          + " on conflict (event_id, endpoint) do nothing)"
          + " select count(*) from marked";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Timestamp t = Timestamp.from(now);
        ps.setInt(1, limit);
        ps.setTimestamp(2, t);
        ps.setTimestamp(3, t);
        ps.setTimestamp(4, t);
        ps.setArray(5, c.createArrayOf("text", endpoints.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  @Override
  public List<Claimed> claimDue(
      Collection<String> endpoints, Instant now, Instant leaseUntil, int maxAttempts, int limit) {
    if (endpoints.isEmpty()) {
      return List.of();
    }
    return work(c -> {
      String sql = "with due as (select d.id from event_deliveries d"
          + " where d.endpoint = any(?) and d.attempts < ?"
          + " and ((d.status = 'pending' and d.next_attempt_at <= ?)"
          + "   or (d.status = 'sending' and d.lease_until <= ?))"
          + " order by d.next_attempt_at, d.id limit ? for update skip locked)"
          + " update event_deliveries d set status = 'sending', attempts = d.attempts + 1,"
          + " lease_until = ? from due where d.id = due.id"
          + " returning d.id, d.endpoint, d.attempts, d.event_id";
      List<Object[]> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("text", endpoints.toArray()));
        ps.setInt(2, maxAttempts);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setInt(5, limit);
        ps.setTimestamp(6, Timestamp.from(leaseUntil));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                rs.getObject(4, UUID.class)});
          }
        }
      }
      Map<UUID, DomainEvent> events = new HashMap<>();
      if (!rows.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("select id, type, conversation_id,"
            + " occurred_at, data::text from outbox_events where id = any(?)")) {
          ps.setArray(1, c.createArrayOf("uuid", rows.stream().map(r -> r[3]).distinct().toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              UUID id = rs.getObject(1, UUID.class);
              events.put(id, new DomainEvent(id, rs.getString(2), rs.getObject(3, UUID.class),
                  rs.getTimestamp(4).toInstant(), data(rs.getString(5))));
            }
          }
        }
      }
      List<Claimed> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        out.add(new Claimed((UUID) r[0], (String) r[1], (Integer) r[2], events.get((UUID) r[3])));
      }
      return out;
    });
  }

  private static Map<String, String> data(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STRINGS);
    } catch (IOException e) {
      throw new IllegalStateException("outbox_events.data: not a string map", e);
    }
  }

  @Override
  public int buryExpired(Collection<String> endpoints, Instant now, int maxAttempts) {
    if (endpoints.isEmpty()) {
      return 0;
    }
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("update event_deliveries set status = 'dead',"
          + " lease_until = null, last_error = 'lease expired after the last attempt'"
          + " where endpoint = any(?) and status = 'sending' and lease_until <= ? and attempts >= ?")) {
        ps.setArray(1, c.createArrayOf("text", endpoints.toArray()));
        ps.setTimestamp(2, Timestamp.from(now));
        ps.setInt(3, maxAttempts);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean markDelivered(UUID deliveryId, int attempt, Instant at) {
    return update("update event_deliveries set status = 'delivered', delivered_at = ?,"
        + " lease_until = null, last_error = null where id = ? and attempts = ? and status = 'sending'",
        Timestamp.from(at), deliveryId, attempt);
  }

  @Override
  public boolean markRetry(UUID deliveryId, int attempt, Instant next, String error) {
    return update("update event_deliveries set status = 'pending', next_attempt_at = ?,"
        + " lease_until = null, last_error = ? where id = ? and attempts = ? and status = 'sending'",
        Timestamp.from(next), error, deliveryId, attempt);
  }

  @Override
  public boolean markDead(UUID deliveryId, int attempt, String error) {
    return update("update event_deliveries set status = 'dead', lease_until = null,"
        + " last_error = ? where id = ? and attempts = ? and status = 'sending'",
        error, deliveryId, attempt);
  }

  private boolean update(String sql, Object... params) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        return ps.executeUpdate() > 0;
      }
    });
  }
}
