package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.MessageContentView;
import at.ozeanlicht.support.core.api.OutboundView;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.spi.ChannelStore;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.jdbc.ReturningWork;
import org.jspecify.annotations.Nullable;

/** Channel bookkeeping in plain SQL on the transaction's connection. */
final class PostgresChannelStore implements ChannelStore {
  private static final String VIEW_COLUMNS = "o.id, o.message_id, o.conversation_id, o.inbox,"
      + " o.channel, o.status, o.attempts, o.next_attempt_at, o.last_error_code, o.last_error,"
      + " o.external_id, o.delivery_status, o.created_at, o.sent_at";
  /** Rank of delivery statuses; a status only replaces a lower one. */
  private static final String RANK = "case %s when 'sent' then 1 when 'delivered' then 2"
      + " when 'read' then 3 when 'failed' then 4 else 0 end";

  private static final com.fasterxml.jackson.databind.ObjectMapper HEADERS_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Sealed sealed;

  private final TxJdbc jdbc;

  PostgresChannelStore(Sealed sealed, TxJdbc jdbc) {
    this.sealed = sealed;
    this.jdbc = jdbc;
  }

  private <T> T work(ReturningWork<T> work) {
    return jdbc.work(work);
  }

  @Override
  public List<OutboundDelivery> claimDue(
      Collection<String> inboxes, Instant now, Instant leaseUntil, int maxAttempts, int limit) {
    if (inboxes.isEmpty()) {
      return List.of();
    }
    return work(c -> {
      String sql = "with due as (select o.id from outbound_messages o"
          + " where o.inbox = any(?) and o.attempts < ?"
          + " and ((o.status = 'pending' and o.next_attempt_at <= ?)"
          + "   or (o.status = 'sending' and o.lease_until <= ?))"
          + " order by o.next_attempt_at, o.id limit ? for update skip locked)"
          + " update outbound_messages o set status = 'sending', attempts = o.attempts + 1,"
          + " lease_until = ?, next_attempt_at = ? from due where o.id = due.id"
          + " returning o.id, o.message_id, o.conversation_id, o.inbox, o.recipient, o.attempts";
      List<Object[]> claimed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("text", inboxes.toArray()));
        ps.setInt(2, maxAttempts);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setInt(5, limit);
        ps.setTimestamp(6, Timestamp.from(leaseUntil));
        ps.setTimestamp(7, Timestamp.from(leaseUntil));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getInt(6)});
          }
        }
      }
      List<OutboundDelivery> out = new ArrayList<>(claimed.size());
      for (Object[] r : claimed) {
        out.add(delivery(c, (UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[3], (String) r[4],
            (Integer) r[5]));
      }
      return out;
    });
  }

  private OutboundDelivery delivery(Connection c, UUID id, UUID messageId,
      UUID conversationId, String inbox, String recipient, int attempt) throws SQLException {
    String kind;
    String body;
    String contentType;
    try (PreparedStatement ps = c.prepareStatement(
        "select kind, body, content_type from messages where id = ?")) {
      ps.setObject(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        kind = rs.getString(1);
        body = sealed.openBody(messageId, rs.getString(2));
        contentType = rs.getString(3);
      }
    }
    Instant lastInbound = null;
    String replyTo = null;
    try (PreparedStatement ps = c.prepareStatement("select created_at, channel_message_id"
        + " from messages where conversation_id = ? and kind = 'incoming'"
        + " order by created_at desc, seq desc limit 1")) {
      ps.setObject(1, conversationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          lastInbound = rs.getTimestamp(1).toInstant();
          replyTo = rs.getString(2);
        }
      }
    }
    long number = 0;
    String subject = null;
    try (PreparedStatement ps = c.prepareStatement(
        "select number, attributes ->> 'subject' from conversations where id = ?")) {
      ps.setObject(1, conversationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          number = rs.getLong(1);
          subject = rs.getString(2);
        }
      }
    }
    return new OutboundDelivery(id, messageId, conversationId, inbox,
        Wires.parse(MessageKind.class, "kind", kind), recipient, body,
        Wires.parse(ContentType.class, "content_type", contentType), attempt, lastInbound, replyTo,
        number, subject);
  }

  @Override
  public int buryExpired(Collection<String> inboxes, Instant now, int maxAttempts) {
    if (inboxes.isEmpty()) {
      return 0;
    }
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("update outbound_messages set status = 'dead',"
          + " lease_until = null, last_error_code = 'lease_expired',"
          + " last_error = 'the last allowed attempt did not report back before its lease expired'"
          + " where inbox = any(?) and status = 'sending' and lease_until <= ? and attempts >= ?")) {
        ps.setArray(1, c.createArrayOf("text", inboxes.toArray()));
        ps.setTimestamp(2, Timestamp.from(now));
        ps.setInt(3, maxAttempts);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean markSent(UUID outboxId, int attempt, String externalId, Instant at) {
    return update("update outbound_messages set status = 'sent', lease_until = null,"
        + " external_id = ?, sent_at = ?, last_error = null, last_error_code = null,"
        + " delivery_status = coalesce(delivery_status, 'sent'),"
        + " delivery_status_at = coalesce(delivery_status_at, ?)"
        + " where id = ? and status = 'sending' and attempts = ?",
        externalId, Timestamp.from(at), Timestamp.from(at), outboxId, attempt);
  }

  @Override
  public boolean markRetry(UUID outboxId, int attempt, Instant nextAttemptAt, String code, String error) {
    return update("update outbound_messages set status = 'pending', lease_until = null,"
        + " next_attempt_at = ?, last_error_code = ?, last_error = ?"
        + " where id = ? and status = 'sending' and attempts = ?",
        Timestamp.from(nextAttemptAt), code, error, outboxId, attempt);
  }

  @Override
  public boolean markFinal(
      UUID outboxId, int attempt, OutboundStatus status, String code, String error, Instant at) {
    if (status != OutboundStatus.FAILED && status != OutboundStatus.DEAD) {
      throw new IllegalArgumentException("status: must be failed or dead, was " + status.wire());
    }
    return update("update outbound_messages set status = ?, lease_until = null,"
        + " next_attempt_at = ?, last_error_code = ?, last_error = ?"
        + " where id = ? and status = 'sending' and attempts = ?",
        status.wire(), Timestamp.from(at), code, error, outboxId, attempt);
  }

  @Override
  public List<OutboundView> findOutbound(@Nullable OutboundStatus status, int limit) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("select " + VIEW_COLUMNS
          + " from outbound_messages o where (cast(? as text) is null or o.status = ?)"
          + " order by o.created_at desc, o.id limit ?")) {
        String s = status == null ? null : status.wire();
        ps.setString(1, s);
        ps.setString(2, s);
        ps.setInt(3, limit);
        return views(ps);
      }
    });
  }

  @Override
  public Optional<OutboundView> outbound(UUID outboxId) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "select " + VIEW_COLUMNS + " from outbound_messages o where o.id = ?")) {
        ps.setObject(1, outboxId);
        return views(ps).stream().findFirst();
      }
    });
  }

  private static List<OutboundView> views(PreparedStatement ps) throws SQLException {
    List<OutboundView> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String delivery = rs.getString(12);
        out.add(new OutboundView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            rs.getObject(3, UUID.class), rs.getString(4),
            Wires.parse(ChannelType.class, "channel", rs.getString(5)),
            Wires.parse(OutboundStatus.class, "status", rs.getString(6)), rs.getInt(7),
            rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getString(10), rs.getString(11),
            delivery == null ? null : DeliveryStatus.valueOf(delivery.toUpperCase(Locale.ROOT)),
            rs.getTimestamp(13).toInstant(), instant(rs.getTimestamp(14))));
      }
    }
    return out;
  }

  private static @Nullable Instant instant(@Nullable Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  @Override
  public boolean requeue(UUID outboxId, Instant now) {
    return update("update outbound_messages set status = 'pending', attempts = 0,"
        + " next_attempt_at = ?, lease_until = null where id = ? and status in ('failed', 'dead')",
        Timestamp.from(now), outboxId);
  }

  @Override
  public boolean applyStatus(
      String inbox, String externalId, DeliveryStatus status, Instant at, @Nullable String errorCode) {
    return work(c -> {
      UUID messageId = null;
      try (PreparedStatement ps = c.prepareStatement("update outbound_messages set"
          + " delivery_status = ?, delivery_status_at = ?,"
          + " status = case when ? = 'failed' then 'failed' else status end,"
          + " last_error_code = case when ? = 'failed' then ? else last_error_code end,"
          + " last_error = case when ? = 'failed' then 'the channel reported the message failed'"
          + "   else last_error end"
          + " where inbox = ? and external_id = ? and "
          + String.format(RANK, "delivery_status") + " < " + String.format(RANK, "cast(? as text)")
          + " returning message_id")) {
        String s = status.wire();
        ps.setString(1, s);
        ps.setTimestamp(2, Timestamp.from(at));
        ps.setString(3, s);
        ps.setString(4, s);
        ps.setString(5, errorCode);
        ps.setString(6, s);
        ps.setString(7, inbox);
        ps.setString(8, externalId);
        ps.setString(9, s);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            messageId = rs.getObject(1, UUID.class);
          }
        }
      }
      if (messageId == null) {
        return false;
      }
      if (status == DeliveryStatus.DELIVERED || status == DeliveryStatus.READ) {
        // read implies delivered, and delivered may never arrive.
        try (PreparedStatement ps = c.prepareStatement("update messages set"
            + " delivered_at = coalesce(delivered_at, ?),"
            + " read_at = case when ? then coalesce(read_at, ?) else read_at end where id = ?")) {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setBoolean(2, status == DeliveryStatus.READ);
          ps.setTimestamp(3, Timestamp.from(at));
          ps.setObject(4, messageId);
          ps.executeUpdate();
        }
      }
      return true;
    });
  }

  @Override
  public boolean editMessage(String inbox, String channelMessageId, String body, Instant editedAt) {
    if (sealed.on()) {
      UUID id = firstUuid("select id from messages where inbox = ? and channel_message_id = ?"
          + " and kind = 'incoming'", inbox, channelMessageId);
      return id != null && update("update messages set body = ?, edited_at = ?,"
          + " search = " + PostgresConversationStore.SEARCH_VECTOR + " where id = ?"
          + " and (edited_at is null or edited_at <= ?)",
          sealed.body(id, body), Timestamp.from(editedAt), body, body, id, Timestamp.from(editedAt));
    }
    return update("update messages set body = ?, edited_at = ? where inbox = ?"
        + " and channel_message_id = ? and kind = 'incoming'"
        + " and (edited_at is null or edited_at <= ?)",
        body, Timestamp.from(editedAt), inbox, channelMessageId, Timestamp.from(editedAt));
  }

  @Override
  public int markReadUpTo(String inbox, String recipient, Instant at) {
    return work(c -> {
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement("with seen as (update outbound_messages set"
          + " delivery_status = 'read', delivery_status_at = ?"
          + " where inbox = ? and recipient = ? and status = 'sent' and created_at <= ? and "
          + String.format(RANK, "delivery_status") + " < 3 returning message_id)"
          + " update messages m set delivered_at = coalesce(m.delivered_at, ?),"
          + " read_at = coalesce(m.read_at, ?) from seen where m.id = seen.message_id")) {
        Timestamp t = Timestamp.from(at);
        ps.setTimestamp(1, t);
        ps.setString(2, inbox);
        ps.setString(3, recipient);
        ps.setTimestamp(4, t);
        ps.setTimestamp(5, t);
        ps.setTimestamp(6, t);
        n = ps.executeUpdate();
      }
      return n;
    });
  }

  @Override
  public UUID keepRawPayload(String inbox, Instant receivedAt, String method, String path,
      Map<String, String> headers, byte[] body) {
    UUID id = UUID.randomUUID();
    String json;
    try {
      json = HEADERS_JSON.writeValueAsString(new java.util.TreeMap<>(headers));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("headers: not serializable", e);
    }
    String sha;
    try {
      sha = java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    // Nothing reads it back in the transaction: with a batch's others in one round trip.
    jdbc.insertLater("insert into inbound_payloads"
        + " (id, inbox, received_at, method, path, headers, body, sha256)"
        + " values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)",
        id, inbox, receivedAt, method, path, json, body, sha);
    return id;
  }

  @Override
  public void keepMessageContent(UUID messageId, String fullText, @Nullable String html) {
    update("insert into message_contents (message_id, full_text, html) values (?, ?, ?)",
        messageId, fullText, html);
  }

  @Override
  public Optional<MessageContentView> messageContent(UUID messageId) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "select full_text, html from message_contents where message_id = ?")) {
        ps.setObject(1, messageId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new MessageContentView(messageId, rs.getString(1),
              rs.getString(2))) : Optional.<MessageContentView>empty();
        }
      }
    });
  }

  @Override
  public UUID mergeContact(UUID from, @Nullable UUID into, String channel, String externalId) {
    if (into == null) {
      update("update contact_identities set external_id = ? where contact_id = ? and channel = ?",
          externalId, from, channel);
      return from;
    }
    update("update conversations set contact_id = ? where contact_id = ?", into, from);
    if (sealed.on()) {
      mergeSealed(from, into);
      update("delete from contacts where id = ?", from);
      return into;
    }
    update("update contacts t set name = coalesce(t.name, f.name), email = coalesce(t.email, f.email),"
        + " phone = coalesce(t.phone, f.phone), attributes = f.attributes || t.attributes"
        + " from contacts f where t.id = ? and f.id = ?", into, from);
    update("delete from contacts where id = ?", from);
    return into;
  }

  /** Merges encrypted fields in Java: a ciphertext is bound to its row and cannot be copied. */
  private void mergeSealed(UUID from, UUID into) {
    String[] columns = {"name", "email", "phone"};
    String[] merged = new String[3];
    for (UUID id : List.of(into, from)) {
      work(c -> {
        try (PreparedStatement ps = c.prepareStatement("select name, email, phone from contacts where id = ?")) {
          ps.setObject(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              for (int i = 0; i < 3; i++) {
                if (merged[i] == null) {
                  merged[i] = sealed.openContact(columns[i], id, rs.getString(i + 1));
                }
              }
            }
          }
        }
        return null;
      });
    }
    update("update contacts t set name = ?, email = ?, phone = ?, email_index = ?, phone_index = ?,"
        + " search = to_tsvector('support_simple'::regconfig, cast(? as text))"
        + " || to_tsvector('support_de'::regconfig, cast(? as text)), attributes = f.attributes || t.attributes"
        + " from contacts f where t.id = ? and f.id = ?",
        sealed.contact("name", into, merged[0]), sealed.contact("email", into, merged[1]),
        sealed.contact("phone", into, merged[2]), sealed.cipher().blindIndex("email", merged[1]),
        sealed.cipher().blindIndex("phone", merged[2]), merged[0] == null ? "" : merged[0],
        merged[0] == null ? "" : merged[0], into, from);
  }

  private @Nullable UUID firstUuid(String sql, Object... params) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getObject(1, UUID.class) : null;
        }
      }
    });
  }

  @Override
  public boolean reroute(UUID outboxId, int attempt, String inbox, String channel, String reason,
      Instant now) {
    if (sealed.on()) {
      UUID contact = firstUuid("select k.id from outbound_messages o join conversations v on v.id = o.conversation_id"
          + " join contacts k on k.id = v.contact_id where o.id = ?", outboxId);
      String email = contact == null ? null : work(c -> {
        try (PreparedStatement ps = c.prepareStatement("select email from contacts where id = ?")) {
          ps.setObject(1, contact);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? sealed.openContact("email", contact, rs.getString(1)) : null;
          }
        }
      });
      if (email == null || email.isEmpty()) {
        return false;
      }
      return update("update outbound_messages o set inbox = ?, channel = ?, recipient = ?,"
          + " status = 'pending', attempts = 0, lease_until = null, next_attempt_at = ?,"
          + " last_error_code = 'rerouted', last_error = ?"
          + " where o.id = ? and o.status = 'sending' and o.attempts = ?",
          inbox, channel, email, Timestamp.from(now), reason, outboxId, attempt);
    }
    return update("update outbound_messages o set inbox = ?, channel = ?, recipient = k.email,"
        + " status = 'pending', attempts = 0, lease_until = null, next_attempt_at = ?,"
        + " last_error_code = 'rerouted', last_error = ?"
        + " from conversations v join contacts k on k.id = v.contact_id"
        + " where o.id = ? and o.status = 'sending' and o.attempts = ? and v.id = o.conversation_id"
        + " and coalesce(k.email, '') <> ''",
        inbox, channel, Timestamp.from(now), reason, outboxId, attempt);
  }

  @Override
  public boolean contactUndeliverable(UUID conversationId) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("select k.attributes ->> 'undeliverable'"
          + " from conversations v join contacts k on k.id = v.contact_id where v.id = ?")) {
        ps.setObject(1, conversationId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && "true".equals(rs.getString(1));
        }
      }
    });
  }

  @Override
  public int purgeRawPayloads(Instant before, int limit) {
    return work(c -> {
      try (PreparedStatement ps = c.prepareStatement("delete from inbound_payloads where id in"
          + " (select id from inbound_payloads where received_at < ? order by received_at"
          + " limit ? for update skip locked)")) {
        ps.setTimestamp(1, Timestamp.from(before));
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
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
