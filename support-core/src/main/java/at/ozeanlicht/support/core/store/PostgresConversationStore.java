package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.ConflictException;
import at.ozeanlicht.support.core.api.ConversationPage;
import at.ozeanlicht.support.core.api.ConversationSummaryView;
import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.StoreException;
import at.ozeanlicht.support.core.api.SupportException;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.spi.ChannelStore;
import at.ozeanlicht.support.core.spi.EventDeliveryStore;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.CsatRating;
import at.ozeanlicht.support.core.spi.CsatSurvey;
import at.ozeanlicht.support.core.api.CsatSummary;
import at.ozeanlicht.support.core.api.FindCsat;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.AssignmentRecord;
import at.ozeanlicht.support.core.spi.KbDeflection;
import at.ozeanlicht.support.core.spi.KbGap;
import at.ozeanlicht.support.core.spi.OutboundMessage;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.spi.RoutingFiring;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/** The JPA/Hibernate implementation of the store port on PostgreSQL. */
final class PostgresConversationStore implements ConversationStore {
  static final Class<?>[] ENTITIES = {
    ContactEntity.class, ContactIdentityEntity.class, MessageEntity.class, CsatEntity.class,
    OutboundMessageEntity.class, SlaNotificationEntity.class
  };
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The search vector of an encrypted body, computed from its plaintext parameter (the trigger of
   * V17 computes it for plaintext bodies, where the parameter is null).
   */
  static final String CONTACT_VECTOR = "to_tsvector('support_simple'::regconfig, cast(?1 as text))"
      + " || to_tsvector('support_de'::regconfig, cast(?2 as text))";
  static final String SEARCH_VECTOR = "to_tsvector('support_de'::regconfig, cast(? as text))"
      + " || to_tsvector('support_en'::regconfig, cast(? as text))";
  /**
   * Open load per agent for assignment. The status predicate is written exactly as the partial
   * index conversations_open_load's (V25), so the planner can use it; change both together.
   */
  static final String OPEN_LOAD_SQL = "select assignee, count(*) from conversations"
      + " where assignee = any(cast(?1 as text[])) and status in ('open', 'pending') group by assignee";
  private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {};

  private final EntityManagerFactory emf;
  private final javax.sql.@Nullable DataSource dataSource;
  private final Sealed sealed;

  PostgresConversationStore(EntityManagerFactory emf) {
    this(emf, null);
  }

  PostgresConversationStore(EntityManagerFactory emf, javax.sql.@Nullable DataSource dataSource) {
    this(emf, dataSource, at.ozeanlicht.support.core.crypto.FieldCipher.none());
  }

  PostgresConversationStore(EntityManagerFactory emf, javax.sql.@Nullable DataSource dataSource,
      at.ozeanlicht.support.core.crypto.FieldCipher cipher) {
    this.emf = emf;
    this.dataSource = dataSource;
    this.sealed = new Sealed(cipher);
  }

  @Override
  public Optional<javax.sql.DataSource> dataSource() {
    return Optional.ofNullable(dataSource);
  }

  @Override
  public boolean encryptsAtRest() {
    return sealed.on();
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    EntityManager em = emf.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      JpaTransaction t = new JpaTransaction(em, sealed);
      T result = work.apply(t);
      t.flushWrites();
      t.flushRouting();
      tx.commit();
      return result;
    } catch (SupportException e) {
      rollback(tx, e);
      throw e;
    } catch (OptimisticLockException e) {
      rollback(tx, e);
      throw new ConflictException("conversation: changed concurrently, try again", e);
    } catch (PersistenceException e) {
      rollback(tx, e);
      if (e.getCause() instanceof OptimisticLockException) {
        throw new ConflictException("conversation: changed concurrently, try again", e);
      }
      throw new StoreException("db: " + Database.rootMessage(e)
          + " (the transaction was rolled back)", e);
    } catch (RuntimeException | Error e) {
      rollback(tx, e);
      throw e;
    } finally {
      em.close();
    }
  }

  private static void rollback(EntityTransaction tx, Throwable cause) {
    try {
      if (tx.isActive()) {
        tx.rollback();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    // The EntityManagerFactory belongs to the Database, which closes it.
  }

  /**
   * Messages from one array per column. {@code search} is given only for an encrypted body (the
   * trigger of V17 computes it from a plain one); mentions come as a JSON array, or null for none.
   */
  private static final String INSERT_MESSAGES = "insert into messages (id, conversation_id, inbox,"
      + " kind, sender_type, sender_id, body, content_type, attachments, channel_message_id,"
      + " mentions, created_at, delivered_at, read_at, search, sentiment)"
      + " select u.id, u.conversation_id, u.inbox, u.kind, u.sender_type, u.sender_id, u.body,"
      + " u.content_type, cast(u.attachments as jsonb), u.channel_message_id,"
      + " case when u.mentions is null then cast('{}' as text[])"
      + " else " + ConversationRows.textArray("u.mentions") + " end,"
      + " u.created_at, u.delivered_at, u.read_at,"
      + " to_tsvector('support_de'::regconfig, u.plain) || to_tsvector('support_en'::regconfig, u.plain),"
      + " u.sentiment"
      + " from unnest(" + Jdbc.opaqueArrays(16) + ") with ordinality as u(id,"
      + " conversation_id, inbox, kind, sender_type, sender_id, body, content_type, attachments,"
      + " channel_message_id, mentions, created_at, delivered_at, read_at, plain, sentiment, n)"
      + " order by u.n"
      // The partial unique index of V22 (channel ids only; NULLs were never a conflict).
      + " on conflict (inbox, channel_message_id) where channel_message_id is not null do nothing";
  /**
   * The inbox columns of V26 ({@code last_message_seq}, {@code waiting_since}) as the rows of
   * {@code m} (a CTE returning conversation_id, seq, kind, created_at) change them: one row per
   * conversation. Materialized, so a join computes it once.
   */
  private static final String INBOX_CHANGES = " x as materialized (select i.* from (select"
      + " array_agg(m.conversation_id) as c, array_agg(m.seq) as s, array_agg(m.kind) as k,"
      + " array_agg(m.created_at) as t from m) y"
      + " cross join lateral inbox_changes(y.c, y.s, y.k, y.t) i)";
  private static final String INBOX_SET = "last_message_seq = greatest(c.last_message_seq, x.last_seq),"
      + " waiting_since = inbox_waiting_since(c.waiting_since, x.last_reply, x.first_waiting)";

  /** {@link #INSERT_MESSAGES}, then their conversations' inbox columns; returns how many were new. */
  private static final String INSERT_MESSAGES_AND_INBOX = "with m as (" + INSERT_MESSAGES
      + " returning conversation_id, seq, kind, created_at)," + INBOX_CHANGES + ","
      + " w as (update conversations c set " + INBOX_SET + " from x where c.id = x.conversation_id)"
      + " select count(*) from m";

  /**
   * {@link #INSERT_MESSAGES} and {@link ConversationRows#updateAll} in one statement, the update
   * also setting the inbox columns (so every conversation of the messages must be among the
   * updates); returns a row per updated conversation, each with the number of messages inserted.
   */
  private static final String INSERT_AND_UPDATE = "with m as (" + INSERT_MESSAGES
      + " returning conversation_id, seq, kind, created_at)," + INBOX_CHANGES + ","
      + " n as (select count(*) as inserted from m) "
      + ConversationRows.UPDATE_ALL_SET + ", " + INBOX_SET
      + " from " + ConversationRows.UPDATE_ALL_ROWS + " left join x on x.conversation_id = u.id"
      + " cross join n where " + ConversationRows.UPDATE_ALL_WHERE + " returning n.inserted";

  private static final String[] MESSAGE_TYPES = {"uuid", "uuid", "text", "text", "text", "text",
      "text", "text", "text", "text", "text", "timestamptz", "timestamptz", "timestamptz", "text",
      "text"};

  private static final String INSERT_FIRINGS = "insert into routing_firings (id, conversation_id,"
      + " rule, trigger, trigger_key, reason, fired_at) select * from unnest(?, ?, ?, ?, ?, ?, ?)"
      + " on conflict on constraint routing_firings_once do nothing";
  private static final String[] FIRING_TYPES =
      {"uuid", "uuid", "text", "text", "text", "text", "timestamptz"};
  private static final String UPSERT_ROUTING = "insert into conversation_routing (conversation_id,"
      + " ai_allowed, after_hours, escalation_policy, routed_at) values (?, ?, ?, ?, ?)"
      + " on conflict (conversation_id) do update set ai_allowed = excluded.ai_allowed,"
      + " after_hours = excluded.after_hours,"
      + " escalation_policy = coalesce(excluded.escalation_policy, conversation_routing.escalation_policy),"
      + " routed_at = excluded.routed_at";

  private static final String UPSERT_ROUTINGS = "insert into conversation_routing (conversation_id,"
      + " ai_allowed, after_hours, escalation_policy, routed_at) select * from unnest(?, ?, ?, ?, ?)"
      + UPSERT_ROUTING.substring(UPSERT_ROUTING.indexOf(" on conflict"));
  private static final String[] ROUTING_TYPES = {"uuid", "bool", "bool", "text", "timestamptz"};

  private static Object[] firing(RoutingFiring f) {
    return new Object[] {UUID.randomUUID(), f.conversationId(), f.rule(), f.trigger(),
        f.triggerKey(), f.reason(), f.firedAt()};
  }

  private static final class JpaTransaction implements Transaction, TxJdbc {
    private final EntityManager em;
    private final Sealed sealed;
    /**
     * Whether an entity was persisted or changed since the last flush. Only the few entity
     * writers below set it; plain JDBC then flushes first, and otherwise skips Hibernate's flush
     * (a dirty check of the whole persistence context per statement was a large share of the
     * receive path's CPU).
     */
    private boolean pending;
    /**
     * Rule firings and routing states of received messages, written in one statement when the
     * transaction ends (with group commit: for all of its messages) or before anything reads or
     * writes those tables; nothing else reads them in a receive.
     */
    private final List<RoutingFiring> firingsToWrite = new ArrayList<>();
    private final Map<UUID, Object[]> routingToWrite = new LinkedHashMap<>();
    /** What {@link #prepareReceives} read ahead for a group-commit batch; null outside one. */
    private @Nullable ReadAhead ahead;

    /**
     * Group commit: received messages and conversation updates of the batch's messages, written
     * in one round trip each (a JDBC batch) before any statement that is not known to be
     * independent of them ({@link #jdbc} and {@link #em()} write them first; {@link #jdbcKeep}
     * does not) and at the end. Outside a batch ({@link #ahead} null) nothing is deferred.
     */
    private final List<PendingMessage> messagesToWrite = new ArrayList<>();
    private final Map<UUID, PendingUpdate> updatesToWrite = new LinkedHashMap<>();
    /** {@link #insertLater} rows by statement, in order. */
    private final Map<String, List<Object[]>> insertsToWrite = new LinkedHashMap<>();

    /** A received message waiting in {@link #messagesToWrite}. */
    private record PendingMessage(Message message, String inbox,
        at.ozeanlicht.support.core.domain.@Nullable Sentiment sentiment) {}

    /** A conversation's changes waiting in {@link #updatesToWrite}: from {@code base} to {@code latest}. */
    private record PendingUpdate(long base, Conversation latest) {}

    JpaTransaction(EntityManager em, Sealed sealed) {
      this.em = em;
      this.sealed = sealed;
    }

    /** The entity manager, after writing what waits for a batch (entities may refer to it). */
    private EntityManager em() {
      flushWrites();
      return em;
    }

    /**
     * The entity manager for work that neither reads nor refers to what waits for a batch; if
     * entities are still to be written (Hibernate may write them before a query), that is written
     * first, as they may refer to it.
     */
    private EntityManager emKeep() {
      if (pending) {
        flushWrites();
      }
      return em;
    }

    @Override
    public void checkpoint() {
      flushWrites();
      flushRouting();
      em.flush();
      em.clear();
    }

    /** Writes the deferred messages, then the deferred conversation updates. */
    void flushWrites() {
      if (messagesToWrite.isEmpty() && updatesToWrite.isEmpty() && insertsToWrite.isEmpty()) {
        return;
      }
      List<PendingMessage> messages = List.copyOf(messagesToWrite);
      List<PendingUpdate> updates = List.copyOf(updatesToWrite.values());
      Map<String, List<Object[]>> inserts = new LinkedHashMap<>(insertsToWrite);
      messagesToWrite.clear();
      updatesToWrite.clear();
      insertsToWrite.clear();
      em.unwrap(Session.class).doReturningWork(conn -> {
        for (Map.Entry<String, List<Object[]>> rows : inserts.entrySet()) {
          try (PreparedStatement ps = conn.prepareStatement(rows.getKey())) {
            for (Object[] params : rows.getValue()) {
              Jdbc.bind(ps, params);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        List<Map.Entry<Long, Conversation>> changes =
            updates.stream().map(u -> Map.entry(u.base(), u.latest())).toList();
        Set<UUID> updated = updates.stream().map(u -> u.latest().id()).collect(Collectors.toSet());
        if (!messages.isEmpty() && !changes.isEmpty() && messages.stream()
            .allMatch(m -> updated.contains(m.message().conversationId()))) {
          writeMessagesAndUpdates(conn, messages, changes);
          return null;
        }
        if (!messages.isEmpty() && writeMessages(conn, messages) != messages.size()) {
          throw duplicateInBatch();
        }
        if (!changes.isEmpty() && !ConversationRows.updateAll(conn, changes)) {
          throw new ConflictException("conversation: changed concurrently, try again");
        }
        return null;
      });
    }

    /**
     * A delivery committed between the batch's duplicate check and its write: the batch rolls
     * back and its messages run alone, where the duplicate is answered as such.
     */
    private static ConflictException duplicateInBatch() {
      return new ConflictException("channelMessageId: a message of this batch was received"
          + " concurrently");
    }

    /**
     * Plain JDBC on the transaction's connection, after flushing what Hibernate still holds (a
     * contact or an outbound row persisted earlier in the transaction must be visible to it).
     */
    @Override
    public <T> T work(org.hibernate.jdbc.ReturningWork<T> work) {
      return jdbc(work);
    }

    @Override
    public void insertLater(String sql, Object... params) {
      if (ahead == null) {
        TxJdbc.super.insertLater(sql, params);
      } else {
        insertsToWrite.computeIfAbsent(sql, k -> new ArrayList<>()).add(params.clone());
      }
    }

    private <T> T jdbc(org.hibernate.jdbc.ReturningWork<T> work) {
      flushWrites();
      return jdbcKeep(work);
    }

    /**
     * {@link #jdbc} for a statement that neither reads nor refers to what a batch defers
     * (messages, conversation updates, {@link #insertLater} rows), so that may keep waiting. An
     * entity still to be written may refer to it, so it is written first then.
     */
    private <T> T jdbcKeep(org.hibernate.jdbc.ReturningWork<T> work) {
      if (pending) {
        flushWrites();
        em.flush();
        pending = false;
      }
      return em.unwrap(Session.class).doReturningWork(work);
    }

    /** Marks entity changes that plain JDBC must see flushed first. */
    private void changed() {
      pending = true;
    }

    private void execute(String sql, Object... params) {
      flushWrites();
      executeKeep(sql, params);
    }

    /** {@link #execute} that lets a batch's writes wait (see {@link #jdbcKeep}). */
    private void executeKeep(String sql, Object... params) {
      jdbcKeep(conn -> {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          Jdbc.bind(ps, params);
          ps.execute();
        }
        return null;
      });
    }

    @Override
    public void lock(String key) {
      executeKeep("select pg_advisory_xact_lock(hashtextextended(?, 0))", key);
    }

    @Override
    public void lockShared(String key) {
      executeKeep("select pg_advisory_xact_lock_shared(hashtextextended(?, 0))", key);
    }

    @Override
    public Optional<Message> messageByChannelId(String inbox, String channelMessageId) {
      // Plain JDBC: every received message asks this once (dedupe).
      return findMessage("select " + MESSAGE_COLUMNS + " from messages m"
          + " where m.inbox = ? and m.channel_message_id = ?", inbox, channelMessageId);
    }

    @Override
    public Optional<Message> lockAndFindMessage(String key, String inbox, String channelMessageId) {
      Optional<Message> ahead = this.ahead == null ? null
          : this.ahead.takeMessage(key, inbox, channelMessageId);
      if (ahead != null) {
        return ahead;
      }
      // One round trip for the receive path's first two steps. The row is read in the snapshot
      // taken before the lock was granted; a duplicate committed meanwhile is caught by the
      // unique key at insert (the engine then answers from a fresh transaction).
      return findMessage("select " + MESSAGE_COLUMNS + ", pg_advisory_xact_lock(hashtextextended(?, 0))"
          + " from (select 1) one left join messages m on m.inbox = ? and m.channel_message_id = ?",
          key, inbox, channelMessageId);
    }

    private static final String MESSAGE_COLUMNS = "m.id, m.conversation_id, m.kind, m.sender_type,"
        + " m.sender_id, m.body, m.content_type, m.attachments::text, m.channel_message_id,"
        + " m.mentions, m.created_at, m.delivered_at, m.read_at";

    /** The first message {@code sql} selects ({@link #MESSAGE_COLUMNS} first; a null id: none). */
    private Optional<Message> findMessage(String sql, Object... params) {
      return jdbc(conn -> {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          Jdbc.bind(ps, params);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            return !rs.next() || rs.getObject(1) == null
                ? Optional.<Message>empty()
                : Optional.of(messageRow(rs));
          }
        }
      });
    }

    /** The message in the current row ({@link #MESSAGE_COLUMNS} first). */
    private Message messageRow(java.sql.ResultSet rs) throws java.sql.SQLException {
      UUID id = rs.getObject(1, UUID.class);
      SenderType type = Wires.parse(SenderType.class, "sender_type", rs.getString(4));
      java.sql.Timestamp delivered = rs.getTimestamp(12);
      java.sql.Timestamp read = rs.getTimestamp(13);
      return new Message(id, rs.getObject(2, UUID.class),
          Wires.parse(MessageKind.class, "kind", rs.getString(3)),
          new Sender(type, rs.getString(5)), sealed.openBody(id, rs.getString(6)),
          Wires.parse(ContentType.class, "content_type", rs.getString(7)),
          attachments(rs.getString(8)), rs.getString(9),
          Arrays.asList((String[]) rs.getArray(10).getArray()),
          rs.getTimestamp(11).toInstant(), delivered == null ? null : delivered.toInstant(),
          read == null ? null : read.toInstant());
    }

    @Override
    public void prepareReceives(List<ReceiveKeys> keys) {
      if (keys.isEmpty()) {
        return;
      }
      ReadAhead a = new ReadAhead();
      jdbc(conn -> {
        // The sender locks in the given order, then the duplicate lookups (read in the statement's
        // snapshot, as lockAndFindMessage does; the unique key at insert is the backstop).
        Map<String, Message> found = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select x.* from (select"
            + " count(pg_advisory_xact_lock(hashtextextended(k, 0))) from unnest(cast(? as text[])) k) l"
            // Lateral lookups with LIMIT 1 (the keys are unique) keep the plan an index probe per
            // key: a cached generic plan from while the table was small otherwise hash-joined a
            // sequential scan of all messages.
            + " left join (select m.*, q.i from unnest(cast(? as text[]), cast(? as text[])) q(i, c)"
            + " cross join lateral (select " + MESSAGE_COLUMNS + " from messages m where m.inbox = q.i"
            + " and m.channel_message_id = q.c limit 1) m) x on true")) {
          ps.setArray(1, conn.createArrayOf("text", keys.stream().map(ReceiveKeys::lock).toArray()));
          ps.setArray(2, conn.createArrayOf("text", keys.stream().map(ReceiveKeys::inbox).toArray()));
          ps.setArray(3, conn.createArrayOf("text",
              keys.stream().map(ReceiveKeys::channelMessageId).toArray()));
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (rs.getObject(1) != null) {
                Message m = messageRow(rs);
                found.put(ReadAhead.key(rs.getString(14), m.channelMessageId()), m);
              }
            }
          }
        }
        for (ReceiveKeys k : keys) {
          a.locked(k.lock());
          a.message(k.inbox(), k.channelMessageId(),
              Optional.ofNullable(found.get(ReadAhead.key(k.inbox(), k.channelMessageId()))));
        }
        Map<String, Contact> contacts;
        try (PreparedStatement ps = conn.prepareStatement("select q.ch || chr(10) || q.ext, "
            + CONTACT_COLUMNS + " from unnest(cast(? as text[]), cast(? as text[])) q(ch, ext)"
            + " cross join lateral (select j.contact_id from contact_identities j where j.channel = q.ch"
            + " and j.external_id = q.ext limit 1) j join contacts c on c.id = j.contact_id"
            + " left join contact_identities i on i.contact_id = c.id order by 1")) {
          ps.setArray(1, conn.createArrayOf("text", keys.stream().map(k -> k.channel().wire()).toArray()));
          ps.setArray(2, conn.createArrayOf("text", keys.stream().map(ReceiveKeys::externalId).toArray()));
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            contacts = contactRows(rs, 1);
          }
        }
        List<UUID> contactIds = new ArrayList<>();
        List<String> inboxes = new ArrayList<>();
        for (ReceiveKeys k : keys) {
          Optional<Contact> c = Optional.ofNullable(
              contacts.get(ReadAhead.key(k.channel().wire(), k.externalId())));
          a.contact(k.channel(), k.externalId(), c);
          if (c.isPresent() && k.latestConversation()) {
            contactIds.add(c.get().id());
            inboxes.add(k.inbox());
          }
        }
        if (contactIds.isEmpty()) {
          return null;
        }
        // Their latest conversations, locked in this order (the senders' order), as
        // latestConversation would, then those conversations' open clocks, as openSlaClocks would.
        List<Conversation> latest = ConversationRows.query(conn, "select " + ConversationRows.C_COLUMNS
            + " from unnest(cast(? as uuid[]), cast(? as text[])) q(contact, box) cross join lateral"
            + " (select * from conversations where contact_id = q.contact and inbox = q.box"
            + " and kind = 'support' order by last_activity_at desc, id desc limit 1"
            + " for no key update) c",
            conn.createArrayOf("uuid", contactIds.toArray()), conn.createArrayOf("text", inboxes.toArray()));
        for (int i = 0; i < contactIds.size(); i++) {
          a.latest(contactIds.get(i), inboxes.get(i), Optional.empty());
        }
        for (Conversation c : latest) {
          a.latest(Objects.requireNonNull(c.contactId()), c.inbox(), Optional.of(c));
        }
        if (!latest.isEmpty()) {
          List<UUID> ids = latest.stream().map(Conversation::id).toList();
          Map<UUID, List<SlaClock>> open = SlaRows.open(conn, ids);
          ids.forEach(id -> a.clocks(id, open.getOrDefault(id, List.of())));
        }
        return null;
      });
      ahead = a;
    }

    @Override
    public Optional<Contact> contactByExternalId(ChannelType channel, String externalId) {
      Optional<Contact> ahead = this.ahead == null ? null : this.ahead.takeContact(channel, externalId);
      if (ahead != null) {
        return ahead;
      }
      // The contact owning this identity with all its identities, in one statement (the receive
      // path's lookup).
      return contactWhere("(select j.contact_id from contact_identities j where j.channel = ?"
          + " and j.external_id = ?)", channel.wire(), externalId);
    }

    @Override
    public Optional<Contact> contact(UUID id) {
      return contactWhere("?", id);
    }

    @Override
    public boolean contactVip(UUID id) {
      // Only the flag, not the identities.
      return jdbcKeep(conn -> {
        try (PreparedStatement ps = conn.prepareStatement("select vip from contacts where id = ?")) {
          ps.setObject(1, id);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
          }
        }
      });
    }

    /** The contact whose id is {@code idExpression} (a value or a subquery), with its identities. */
    private Optional<Contact> contactWhere(String idExpression, Object... params) {
      return jdbc(conn -> {
        try (PreparedStatement ps = conn.prepareStatement("select c.id::text, " + CONTACT_COLUMNS
            + " from contacts c left join contact_identities i on i.contact_id = c.id"
            + " where c.id = " + idExpression)) {
          Jdbc.bind(ps, params);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            return contactRows(rs, 1).values().stream().findFirst();
          }
        }
      });
    }

    /** A contact's columns (alias {@code c}) and one identity's (alias {@code i}) per row. */
    private static final String CONTACT_COLUMNS = "c.id, c.name, c.email, c.phone, c.language,"
        + " c.vip, c.attributes::text, c.created_at, i.channel, i.external_id";

    /**
     * Contacts from rows of a grouping key (column 1), then {@link #CONTACT_COLUMNS}: one row per
     * identity, a group's rows next to each other; by grouping key, in row order.
     */
    private Map<String, Contact> contactRows(java.sql.ResultSet rs, int skip)
        throws java.sql.SQLException {
      Map<String, Contact> out = new LinkedHashMap<>();
      boolean more = rs.next();
      while (more) {
        String group = rs.getString(1);
        UUID id = rs.getObject(skip + 1, UUID.class);
        String name = rs.getString(skip + 2);
        String email = rs.getString(skip + 3);
        String phone = rs.getString(skip + 4);
        String language = rs.getString(skip + 5);
        boolean vip = rs.getBoolean(skip + 6);
        Map<String, String> attributes = ConversationRows.attributes(rs.getString(skip + 7));
        Instant createdAt = rs.getTimestamp(skip + 8).toInstant();
        Map<ChannelType, String> externalIds = new HashMap<>();
        do {
          if (rs.getString(skip + 9) != null) {
            externalIds.put(Wires.parse(ChannelType.class, "channel", rs.getString(skip + 9)),
                rs.getString(skip + 10));
          }
          more = rs.next();
        } while (more && group.equals(rs.getString(1)));
        out.put(group, new Contact(id, externalIds, sealed.openContact("name", id, name),
            sealed.openContact("email", id, email), sealed.openContact("phone", id, phone),
            language, vip, attributes, createdAt));
      }
      return out;
    }

    @Override
    public void saveContact(Contact contact) {
      if (ahead != null) {
        ahead.contactChanged(contact);
      }
      ContactEntity e = emKeep().find(ContactEntity.class, contact.id());
      boolean isNew = e == null;
      if (isNew) {
        e = new ContactEntity();
        e.id = contact.id();
      }
      e.name = sealed.contact("name", e.id, contact.name());
      e.email = sealed.contact("email", e.id, contact.email());
      e.phone = sealed.contact("phone", e.id, contact.phone());
      e.emailIndex = sealed.cipher().blindIndex("email", contact.email());
      e.phoneIndex = sealed.cipher().blindIndex("phone", contact.phone());
      e.language = contact.language();
      e.vip = contact.vip();
      e.attributes = new HashMap<>(contact.attributes());
      e.createdAt = contact.createdAt();
      if (isNew) {
        emKeep().persist(e);
      }
      changed();
      if (sealed.on()) {
        // The trigger of V17 cannot read encrypted fields: the vector comes from the plaintext
        // name only (e-mail and phone are found through their blind indexes).
        em().flush();
        em().createNativeQuery("update contacts set search = " + CONTACT_VECTOR + " where id = ?3")
            .setParameter(1, contact.name() == null ? "" : contact.name())
            .setParameter(2, contact.name() == null ? "" : contact.name())
            .setParameter(3, e.id).executeUpdate();
      }
      for (Map.Entry<ChannelType, String> id : contact.externalIds().entrySet()) {
        ContactIdentityEntity.Key key = new ContactIdentityEntity.Key(id.getKey().wire(), id.getValue());
        ContactIdentityEntity existing = emKeep().find(ContactIdentityEntity.class, key);
        if (existing == null) {
          emKeep().persist(new ContactIdentityEntity(key, contact.id()));
        } else if (!existing.contactId.equals(contact.id())) {
          throw new ConflictException("contact.externalIds: " + id.getKey().wire()
              + " id already belongs to another contact");
        }
      }
    }

    @Override
    public Optional<Conversation> conversation(UUID id, boolean forUpdate) {
      return conversations("select " + ConversationRows.COLUMNS + " from conversations where id = ?"
          + (forUpdate ? " for no key update" : ""), id).stream().findFirst();
    }

    private List<Conversation> conversations(String sql, Object... params) {
      return jdbc(conn -> ConversationRows.query(conn, sql, params));
    }

    @Override
    public Optional<Conversation> conversationByNumber(long number) {
      return conversations("select " + ConversationRows.COLUMNS + " from conversations where number = ?",
          number).stream().findFirst();
    }

    @Override
    public Optional<Conversation> latestConversation(UUID contactId, String inbox) {
      Optional<Conversation> ahead = this.ahead == null ? null : this.ahead.takeLatest(contactId, inbox);
      if (ahead != null) {
        return ahead;
      }
      return conversations("select " + ConversationRows.COLUMNS + " from conversations"
          + " where contact_id = ? and inbox = ? and kind = 'support'"
          + " order by last_activity_at desc, id desc limit 1 for no key update", contactId, inbox)
          .stream().findFirst();
    }

    @Override
    public Optional<Conversation> conversationByExternalId(String externalId) {
      return conversations("select " + ConversationRows.COLUMNS + " from conversations"
          + " where external_id = ?", externalId).stream().findFirst();
    }

    @Override
    public long nextConversationNumber() {
      return jdbc(conn -> {
        try (PreparedStatement ps = conn.prepareStatement("select nextval('conversation_number_seq')");
            java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
    }

    @Override
    public void insertConversation(Conversation c) {
      if (ahead != null) {
        ahead.conversationChanged(c);
      }
      if (c.version() != 0) {
        throw new IllegalArgumentException("version: a new conversation has version 0, was " + c.version());
      }
      jdbc(conn -> {
        ConversationRows.insert(conn, c);
        return null;
      });
    }

    @Override
    public Conversation updateConversation(Conversation c) {
      if (ahead != null) {
        ahead.conversationChanged(c);
        PendingUpdate waiting = updatesToWrite.get(c.id());
        if (waiting == null || waiting.latest().version() == c.version()) {
          Conversation next = ConversationRows.withVersion(c, c.version() + 1);
          updatesToWrite.put(c.id(), new PendingUpdate(waiting == null ? c.version() : waiting.base(), next));
          return next;
        }
      }
      return jdbc(conn -> {
        Optional<Conversation> updated = ConversationRows.update(conn, c);
        if (updated.isPresent()) {
          return updated.get();
        }
        long now = ConversationRows.version(conn, c.id()).orElseThrow(
            () -> new IllegalStateException("conversation " + c.id() + " does not exist"));
        throw new ConflictException("conversation #" + c.number() + ": changed by someone else"
            + " (now version " + now + ", this change was based on version " + c.version() + ")");
      });
    }

    @Override
    public boolean insertMessage(Message m, String inbox) {
      return insertMessage(m, inbox, null);
    }

    @Override
    public boolean insertMessage(Message m, String inbox,
        at.ozeanlicht.support.core.domain.@Nullable Sentiment sentiment) {
      PendingMessage row = new PendingMessage(m, inbox, sentiment);
      if (ahead != null && m.mentions().isEmpty()) {
        // In a batch (its duplicate checks done under the sender locks): written with the
        // others; a duplicate that raced in fails the batch there (flushWrites).
        messagesToWrite.add(row);
        return true;
      }
      return jdbc(conn -> writeMessages(conn, List.of(row))) == 1;
    }

    @Override
    public int insertMessages(List<Message> messages, String inbox) {
      if (messages.isEmpty()) {
        return 0;
      }
      return jdbc(conn -> writeMessages(conn,
          messages.stream().map(m -> new PendingMessage(m, inbox, null)).toList()));
    }

    /**
     * Inserts the messages with one statement (their columns as arrays, unnested in order, so
     * seq follows the list) that also keeps their conversations' inbox columns (V26); returns how
     * many were new. One statement rather than one per row: a single-row insert into messages
     * paid about as much again for opening the table, its indexes and triggers as for the row.
     */
    private int writeMessages(java.sql.Connection conn, List<PendingMessage> rows)
        throws java.sql.SQLException {
      try (PreparedStatement ps = conn.prepareStatement(INSERT_MESSAGES_AND_INBOX)) {
        bindMessages(conn, ps, rows);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }

    /** Binds {@link #INSERT_MESSAGES}'s parameters; returns the index of the next one. */
    private int bindMessages(java.sql.Connection conn, PreparedStatement ps,
        List<PendingMessage> rows) throws java.sql.SQLException {
      return Jdbc.bindColumns(conn, ps, MESSAGE_TYPES, rows, row -> {
        Message m = row.message();
        return new Object[] {m.id(), m.conversationId(), row.inbox(), m.kind().wire(),
            m.sender().type().wire(), m.sender().id(), sealed.body(m.id(), m.body()),
            m.contentType().wire(), json(m.attachments()), m.channelMessageId(),
            m.mentions().isEmpty() ? null : ConversationRows.jsonTexts(m.mentions()), m.createdAt(),
            m.deliveredAt(), m.readAt(), sealed.on() ? m.body() : null,
            row.sentiment() == null ? null : row.sentiment().wire()};
      });
    }

    /**
     * A batch's messages and conversation updates in one statement, the conversations' inbox
     * columns (V26) set by the same update: one new row version per conversation. Fails the batch
     * with a conflict when a message was a duplicate after all or a conversation had moved on.
     */
    private void writeMessagesAndUpdates(java.sql.Connection conn, List<PendingMessage> rows,
        List<Map.Entry<Long, Conversation>> changes) throws java.sql.SQLException {
      try (PreparedStatement ps = conn.prepareStatement(INSERT_AND_UPDATE)) {
        ConversationRows.bindAll(conn, ps, bindMessages(conn, ps, rows), changes);
        int updated = 0;
        long inserted = -1;
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            updated++;
            inserted = rs.getLong(1);
          }
        }
        if (updated != changes.size()) {
          throw new ConflictException("conversation: changed concurrently, try again");
        }
        if (inserted != rows.size()) {
          throw duplicateInBatch();
        }
      }
    }

    @Override
    public List<Message> messages(UUID conversationId) {
      return em().createQuery("from MessageEntity m where m.conversationId = :c"
              + " order by m.createdAt, m.seq", MessageEntity.class)
          .setParameter("c", conversationId)
          .getResultStream()
          .map(e -> toMessage(e, sealed))
          .toList();
    }

    @Override
    public long messageCount(UUID conversationId) {
      return em().createQuery("select count(m) from MessageEntity m where m.conversationId = :c", Long.class)
          .setParameter("c", conversationId)
          .getSingleResult();
    }

    @Override
    public void saveCsat(UUID conversationId, CsatView csat) {
      CsatEntity e = em().find(CsatEntity.class, conversationId);
      boolean isNew = e == null;
      if (isNew) {
        e = new CsatEntity(conversationId);
      }
      e.rating = (short) csat.rating();
      e.comment = csat.comment();
      e.submittedAt = csat.submittedAt();
      if (isNew) {
        em().persist(e);
      }
      changed();
    }

    @Override
    public Optional<CsatView> csat(UUID conversationId) {
      return Optional.ofNullable(em().find(CsatEntity.class, conversationId))
          .map(e -> new CsatView(e.rating, e.comment, e.submittedAt));
    }

    @Override
    public void appendEvent(DomainEvent event) {
      execute("insert into outbox_events (id, type, conversation_id, occurred_at, data)"
          + " values (?, ?, ?, ?, cast(? as jsonb))", event.id(), event.type(),
          event.conversationId(), event.occurredAt(), ConversationRows.json(event.data()));
    }

    @Override
    public void appendEvents(List<DomainEvent> events) {
      if (events.size() == 1) {
        appendEvent(events.get(0));
        return;
      }
      if (events.isEmpty()) {
        return;
      }
      // One statement for a transaction's events; the ordinality keeps their order, so their seq.
      jdbc(conn -> {
        Jdbc.insertAll(conn, "insert into outbox_events (id, type, conversation_id, occurred_at,"
                + " data) select i, t, c, o, cast(d as jsonb) from unnest(?, ?, ?, ?, ?)"
                + " with ordinality as u(i, t, c, o, d, n) order by n",
            new String[] {"uuid", "text", "uuid", "timestamptz", "text"}, events,
            e -> new Object[] {e.id(), e.type(), e.conversationId(), e.occurredAt(),
                ConversationRows.json(e.data())});
        return null;
      });
    }

    @Override
    public void enqueueOutbound(OutboundMessage m) {
      OutboundMessageEntity e = new OutboundMessageEntity();
      e.id = m.id();
      e.messageId = m.messageId();
      e.conversationId = m.conversationId();
      e.inbox = m.inbox();
      e.channel = m.channel().wire();
      e.recipient = m.recipient();
      e.createdAt = m.createdAt();
      e.nextAttemptAt = m.createdAt();
      em().persist(e);
      changed();
    }

    @Override
    public List<Conversation> dueSnoozed(Instant now, int limit) {
      return conversations("select " + ConversationRows.COLUMNS + " from conversations"
          + " where status = 'snoozed' and snoozed_until <= ? order by snoozed_until"
          + " limit ? for update skip locked", now, limit);
    }

    @Override
    public ConversationPage findConversations(FindConversations q) {
      StringBuilder sql = new StringBuilder("select " + ConversationRows.C_COLUMNS
          + " from conversations c where true");
      List<Object> params = new ArrayList<>();
      if (!q.statuses().isEmpty()) {
        sql.append(" and c.status in (");
        sql.append(q.statuses().stream().map(s -> "?").collect(Collectors.joining(", ")));
        sql.append(')');
        q.statuses().stream().map(Status::wire).sorted().forEach(params::add);
      }
      filter(sql, params, "c.team = ?", q.team());
      filter(sql, params, "c.assignee = ?", q.assignee());
      filter(sql, params, "c.inbox = ?", q.inbox());
      filter(sql, params, "c.kind = ?", q.kind() == null ? null : q.kind().wire());
      filter(sql, params, "? = any(c.labels)", q.label());
      if (q.cursor() != null) {
        Cursor cursor = Cursor.decode(q.cursor());
        sql.append(" and (c.last_activity_at, c.id) < (?, ?)");
        params.add(Timestamp.from(cursor.at()));
        params.add(cursor.id());
      }
      sql.append(" order by c.last_activity_at desc, c.id desc limit ?");
      params.add(q.limit() + 1);
      List<Conversation> rows = conversations(sql.toString(), params.toArray());
      boolean more = rows.size() > q.limit();
      List<Conversation> page = more ? rows.subList(0, q.limit()) : rows;

      List<UUID> ids = page.stream().map(Conversation::id).toList();
      List<UUID> contactIds = page.stream().map(Conversation::contactId).filter(x -> x != null).toList();
      Map<UUID, String> names = new HashMap<>();
      Map<UUID, Long> counts = new HashMap<>();
      if (!ids.isEmpty()) {
        if (!contactIds.isEmpty()) {
          for (Object[] r : em().createQuery("select c.id, c.name from ContactEntity c where c.id in :ids",
              Object[].class).setParameter("ids", contactIds).getResultList()) {
            if (r[1] != null) {
              names.put((UUID) r[0], (String) r[1]);
            }
          }
        }
        for (Object[] r : em().createQuery("select m.conversationId, count(m) from MessageEntity m"
                + " where m.conversationId in :ids group by m.conversationId", Object[].class)
            .setParameter("ids", ids).getResultList()) {
          counts.put((UUID) r[0], ((Number) r[1]).longValue());
        }
      }
      List<ConversationSummaryView> items = new ArrayList<>();
      for (Conversation c : page) {
        items.add(new ConversationSummaryView(c,
            c.contactId() == null ? null : names.get(c.contactId()), counts.getOrDefault(c.id(), 0L)));
      }
      String next = null;
      if (more) {
        Conversation last = page.get(page.size() - 1);
        next = new Cursor(last.lastActivityAt(), last.id()).encode();
      }
      return new ConversationPage(items, next);
    }

    // SLA clocks: the queries live in SlaRows to keep this class about conversations.

    @Override
    public void insertSlaClock(SlaClock clock) {
      if (ahead != null) {
        ahead.clocksChanged(clock.conversationId());
      }
      jdbc(conn -> {
        SlaRows.insert(conn, clock);
        return null;
      });
    }

    @Override
    public void updateSlaClock(SlaClock clock) {
      if (ahead != null) {
        ahead.clocksChanged(clock.conversationId());
      }
      jdbc(conn -> {
        SlaRows.update(conn, clock);
        return null;
      });
    }

    @Override
    public List<SlaClock> openSlaClocks(UUID conversationId) {
      List<SlaClock> ahead = this.ahead == null ? null : this.ahead.takeClocks(conversationId);
      if (ahead != null) {
        return ahead;
      }
      return jdbc(conn -> SlaRows.open(conn, conversationId));
    }

    @Override
    public List<SlaClock> dueSlaClocks(Instant now, int limit) {
      return jdbc(conn -> SlaRows.due(conn, now, limit));
    }

    @Override
    public List<SlaClock> findOpenSlaClocks(int limit) {
      return jdbc(conn -> SlaRows.findOpen(conn, limit));
    }

    @Override
    public void enqueueSlaNotification(SlaNotification notification) {
      SlaRows.enqueue(em(), notification);
      changed();
    }

    @Override
    public List<SlaNotification> dueSlaNotifications(Instant now, int limit) {
      return SlaRows.dueNotifications(em(), now, limit);
    }

    @Override
    public void markSlaNotificationSent(UUID id, Instant at) {
      SlaRows.markSent(em(), id, at);
      changed();
    }

    // ---------------------------------------------------------------- routing

    @Override
    public boolean recordFiring(RoutingFiring f) {
      flushRouting();
      em().flush();
      return em().createNativeQuery("insert into routing_firings (id, conversation_id, rule, trigger,"
              + " trigger_key, reason, fired_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
              + " on conflict on constraint routing_firings_once do nothing")
          .setParameter(1, UUID.randomUUID()).setParameter(2, f.conversationId())
          .setParameter(3, f.rule()).setParameter(4, f.trigger()).setParameter(5, f.triggerKey())
          .setParameter(6, f.reason()).setParameter(7, Timestamp.from(f.firedAt()))
          .executeUpdate() == 1;
    }

    @Override
    public void recordFirings(List<RoutingFiring> firings) {
      flushRouting();
      if (firings.isEmpty()) {
        return;
      }
      // One statement for all of a message's firings (arrays, unnested), not one per rule.
      jdbc(conn -> {
        Jdbc.insertAll(conn, INSERT_FIRINGS, FIRING_TYPES, firings, PostgresConversationStore::firing);
        return null;
      });
    }

    @Override
    public void saveRouting(List<RoutingFiring> firings, UUID conversationId, boolean aiAllowed,
        boolean afterHours, @Nullable String escalationPolicy, Instant at) {
      if (routingToWrite.containsKey(conversationId)) {
        flushRouting(); // one row per conversation and statement (ON CONFLICT DO UPDATE)
      }
      firingsToWrite.addAll(firings);
      routingToWrite.put(conversationId,
          new Object[] {conversationId, aiAllowed, afterHours, escalationPolicy, at});
    }

    /** Writes the deferred firings and routing states: one statement (a data-modifying CTE). */
    void flushRouting() {
      if (firingsToWrite.isEmpty() && routingToWrite.isEmpty()) {
        return;
      }
      List<RoutingFiring> firings = List.copyOf(firingsToWrite);
      List<Object[]> states = List.copyOf(routingToWrite.values());
      firingsToWrite.clear();
      routingToWrite.clear();
      jdbc(conn -> {
        if (states.isEmpty()) {
          Jdbc.insertAll(conn, INSERT_FIRINGS, FIRING_TYPES, firings, PostgresConversationStore::firing);
          return null;
        }
        String sql = firings.isEmpty() ? UPSERT_ROUTINGS : "with f as (" + INSERT_FIRINGS + ") " + UPSERT_ROUTINGS;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          int next = firings.isEmpty() ? 1
              : Jdbc.bindColumns(conn, ps, FIRING_TYPES, firings, PostgresConversationStore::firing);
          Jdbc.bindColumnsFrom(conn, ps, next, ROUTING_TYPES, states, row -> row);
          ps.executeUpdate();
        }
        return null;
      });
    }

    @Override
    public List<RoutingFiring> firings(UUID conversationId) {
      flushRouting();
      @SuppressWarnings("unchecked")
      List<Object[]> rows = em().createNativeQuery("select rule, trigger, trigger_key, reason, fired_at"
              + " from routing_firings where conversation_id = ?1 order by fired_at, rule")
          .setParameter(1, conversationId).getResultList();
      return rows.stream().map(r -> new RoutingFiring(conversationId, (String) r[0], (String) r[1],
          (String) r[2], (String) r[3], instant(r[4]))).toList();
    }

    @Override
    public void recordAssignment(AssignmentRecord a) {
      em().flush();
      em().unwrap(Session.class).doWork(conn -> {
        try (PreparedStatement ps = conn.prepareStatement("insert into assignments (id,"
            + " conversation_id, team, agent, strategy, reason, candidates, skipped, assigned_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)")) {
          ps.setObject(1, UUID.randomUUID());
          ps.setObject(2, a.conversationId());
          ps.setString(3, a.team());
          ps.setString(4, a.agent());
          ps.setString(5, a.strategy());
          ps.setString(6, a.reason());
          ps.setArray(7, conn.createArrayOf("text", a.candidates().toArray()));
          ps.setString(8, JSON.writeValueAsString(a.skipped()));
          ps.setTimestamp(9, Timestamp.from(a.assignedAt()));
          ps.executeUpdate();
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("skipped: cannot be written as JSON", e);
        }
      });
    }

    @Override
    public List<AssignmentRecord> assignments(UUID conversationId) {
      @SuppressWarnings("unchecked")
      List<Object[]> rows = em().createNativeQuery("select team, agent, strategy, reason,"
              + " array_to_string(candidates, ','), cast(skipped as text), assigned_at"
              + " from assignments where conversation_id = ?1 order by assigned_at")
          .setParameter(1, conversationId).getResultList();
      List<AssignmentRecord> out = new ArrayList<>();
      for (Object[] r : rows) {
        String candidates = (String) r[4];
        Map<String, String> skipped;
        try {
          skipped = JSON.readValue((String) r[5], new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
          throw new StoreException("assignments.skipped: stored JSON is unreadable", e);
        }
        out.add(new AssignmentRecord(conversationId, (String) r[0], (String) r[1], (String) r[2],
            (String) r[3], candidates == null || candidates.isEmpty() ? List.of()
                : List.of(candidates.split(",")), skipped, instant(r[6])));
      }
      return out;
    }

    @Override
    public void lockAgents(List<String> agents) {
      if (agents.isEmpty()) {
        return;
      }
      // One round trip; unnest yields the array in order, so the locks are taken in that order.
      em().createNativeQuery("select count(pg_advisory_xact_lock(hashtextextended('agent:' || a, 0)))"
              + " from unnest(cast(?1 as text[])) as a")
          .setParameter(1, agents.toArray(String[]::new))
          .getSingleResult();
    }

    @Override
    public boolean tryLockAgent(String savepoint, String agent) {
      return jdbc(conn -> {
        try (java.sql.Statement st = conn.createStatement()) {
          st.execute("savepoint " + identifier(savepoint));
        }
        try (PreparedStatement ps = conn.prepareStatement(
            "select pg_try_advisory_xact_lock(hashtextextended('agent:' || ?, 0))")) {
          ps.setString(1, agent);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
          }
        }
      });
    }

    @Override
    public void rollbackTo(String savepoint) {
      jdbc(conn -> {
        try (java.sql.Statement st = conn.createStatement()) {
          st.execute("rollback to savepoint " + identifier(savepoint));
        }
        return null;
      });
    }

    private static String identifier(String name) {
      if (!name.matches("[a-z_]{1,40}")) {
        throw new IllegalArgumentException("savepoint: must be 1 to 40 of a-z and _, was " + name);
      }
      return name;
    }

    @Override
    public Map<String, Integer> openCountsByAgent(java.util.Collection<String> agents) {
      return countsByAgent(OPEN_LOAD_SQL, agents, null);
    }

    @Override
    public Map<String, Integer> assignmentsSince(Instant since, java.util.Collection<String> agents) {
      return countsByAgent("select agent, count(*) from assignments where agent = any(cast(?1 as text[]))"
          + " and assigned_at >= ?2 group by agent", agents, since);
    }

    private Map<String, Integer> countsByAgent(String sql, java.util.Collection<String> agents,
        @Nullable Instant since) {
      Map<String, Integer> out = new HashMap<>();
      if (agents.isEmpty()) {
        return out;
      }
      em().flush();
      Query q = em().createNativeQuery(sql).setParameter(1, agents.toArray(String[]::new));
      if (since != null) {
        q.setParameter(2, Timestamp.from(since));
      }
      @SuppressWarnings("unchecked")
      List<Object[]> rows = q.getResultList();
      rows.forEach(r -> out.put((String) r[0], ((Number) r[1]).intValue()));
      return out;
    }

    @Override
    public Optional<String> lockRoundRobin(String team) {
      lock("round-robin:" + team);
      return em().createNativeQuery("select last_agent from round_robin_cursors where team = ?1")
          .setParameter(1, team).getResultStream().findFirst().map(String::valueOf);
    }

    @Override
    public void saveRoundRobin(String team, String agent, Instant at) {
      em().createNativeQuery("insert into round_robin_cursors (team, last_agent, updated_at)"
              + " values (?1, ?2, ?3) on conflict (team) do update set last_agent = excluded.last_agent,"
              + " updated_at = excluded.updated_at")
          .setParameter(1, team).setParameter(2, agent).setParameter(3, Timestamp.from(at))
          .executeUpdate();
    }

    @Override
    public Optional<Boolean> routingAiAllowed(UUID conversationId) {
      flushRouting();
      return jdbc(conn -> {
        try (PreparedStatement ps = conn.prepareStatement(
            "select ai_allowed from conversation_routing where conversation_id = ?")) {
          ps.setObject(1, conversationId);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.<Boolean>empty();
          }
        }
      });
    }

    @Override
    public void saveMessageSentiment(UUID messageId, at.ozeanlicht.support.core.domain.Sentiment sentiment) {
      em().flush();
      em().createNativeQuery("update messages set sentiment = ?1 where id = ?2")
          .setParameter(1, sentiment.wire()).setParameter(2, messageId).executeUpdate();
    }

    @Override
    public void saveRoutingState(UUID conversationId, boolean aiAllowed, boolean afterHours,
        @Nullable String escalationPolicy, Instant at) {
      flushRouting();
      execute(UPSERT_ROUTING, conversationId, aiAllowed, afterHours, escalationPolicy, at);
    }

    @Override
    public void recordKbSuggestion(UUID conversationId, String articleId, String context, double score,
        Instant at) {
      em().flush();
      em().createNativeQuery("insert into kb_suggestions (conversation_id, article_id, context, score,"
              + " suggested_at) values (?1, ?2, ?3, ?4, ?5)")
          .setParameter(1, conversationId).setParameter(2, articleId).setParameter(3, context)
          .setParameter(4, score).setParameter(5, Timestamp.from(at)).executeUpdate();
    }

    @Override
    public void recordKbGap(KbGap gap) {
      em().flush();
      em().createNativeQuery("insert into kb_gaps (conversation_id, language, question, best_article_id,"
              + " best_score, recorded_at) values (?1, ?2, ?3, ?4, ?5, ?6)")
          .setParameter(1, gap.conversationId()).setParameter(2, gap.language())
          .setParameter(3, gap.question()).setParameter(4, gap.bestArticleId())
          .setParameter(5, gap.bestScore()).setParameter(6, Timestamp.from(gap.recordedAt()))
          .executeUpdate();
    }

    @Override
    public List<KbDeflection> kbDeflections(Instant from, Instant to) {
      em().flush();
      List<?> rows = em().createNativeQuery("select s.article_id, count(distinct s.conversation_id),"
              + " count(*) from kb_suggestions s join conversations c on c.id = s.conversation_id"
              + " where c.status = 'resolved' and c.resolved_at >= ?1 and c.resolved_at < ?2"
              + " and s.suggested_at <= c.resolved_at"
              + " and not exists (select 1 from messages m where m.conversation_id = c.id"
              + " and m.sender_type = 'agent')"
              + " group by s.article_id order by 2 desc, 1")
          .setParameter(1, Timestamp.from(from)).setParameter(2, Timestamp.from(to)).getResultList();
      List<KbDeflection> out = new ArrayList<>();
      for (Object row : rows) {
        Object[] r = (Object[]) row;
        out.add(new KbDeflection((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
      }
      return out;
    }

    @Override
    public List<KbGap> kbGaps(Instant from, Instant to, int limit) {
      em().flush();
      List<?> rows = em().createNativeQuery("select conversation_id, language, question, best_article_id,"
              + " best_score, recorded_at from kb_gaps where recorded_at >= ?1 and recorded_at < ?2"
              + " order by recorded_at desc, id desc limit ?3")
          .setParameter(1, Timestamp.from(from)).setParameter(2, Timestamp.from(to)).setParameter(3, limit)
          .getResultList();
      List<KbGap> out = new ArrayList<>();
      for (Object row : rows) {
        Object[] r = (Object[]) row;
        out.add(new KbGap((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
            r[4] == null ? null : ((Number) r[4]).doubleValue(), instant(r[5])));
      }
      return out;
    }

    @Override
    public boolean saveEscalationPolicy(UUID conversationId, String escalationPolicy, Instant at) {
      flushRouting();
      em().flush();
      return em().createNativeQuery("insert into conversation_routing (conversation_id, ai_allowed,"
              + " after_hours, escalation_policy, routed_at) values (?1, false, false, ?2, ?3)"
              + " on conflict (conversation_id) do update set escalation_policy = excluded.escalation_policy,"
              + " routed_at = excluded.routed_at"
              + " where conversation_routing.escalation_policy is distinct from excluded.escalation_policy")
          .setParameter(1, conversationId).setParameter(2, escalationPolicy).setParameter(3, Timestamp.from(at))
          .executeUpdate() > 0;
    }

    @Override
    public List<Conversation> dueForFirstResponseEscalation(String policy, boolean isDefault,
        Instant createdBefore, String stepKey, int limit) {
      flushRouting();
      return conversations("select " + ConversationRows.C_COLUMNS + " from conversations c"
          + " join conversation_routing r on r.conversation_id = c.id"
          + " where c.kind = 'support' and c.status = 'open' and c.first_response_at is null"
          + " and c.created_at <= ? and (r.escalation_policy = ? or (? and r.escalation_policy is null))"
          + " and not exists (select 1 from escalations e where e.conversation_id = c.id and e.step_key = ?)"
          + " order by c.created_at limit ? for update of c skip locked",
          createdBefore, policy, isDefault, stepKey, limit);
    }

    @Override
    public List<Conversation> dueForLabelEscalation(String policy, boolean isDefault, String label,
        String stepKey, int limit) {
      flushRouting();
      return conversations("select " + ConversationRows.C_COLUMNS + " from conversations c"
          + " join conversation_routing r on r.conversation_id = c.id"
          + " where c.kind = 'support' and c.status in ('open', 'pending') and ? = any(c.labels)"
          + " and (r.escalation_policy = ? or (? and r.escalation_policy is null))"
          + " and not exists (select 1 from escalations e where e.conversation_id = c.id and e.step_key = ?)"
          + " order by c.created_at limit ? for update of c skip locked",
          label, policy, isDefault, stepKey, limit);
    }

    @Override
    public boolean recordEscalation(UUID conversationId, String stepKey, String to, Instant at) {
      em().flush();
      return em().createNativeQuery("insert into escalations (conversation_id, step_key, escalated_to,"
              + " fired_at) values (?1, ?2, ?3, ?4) on conflict do nothing")
          .setParameter(1, conversationId).setParameter(2, stepKey).setParameter(3, to)
          .setParameter(4, Timestamp.from(at)).executeUpdate() == 1;
    }

    @Override
    public Map<String, Availability> agentAvailability() {
      @SuppressWarnings("unchecked")
      List<Object[]> rows = emKeep().createNativeQuery("select agent, availability from agent_state").getResultList();
      Map<String, Availability> out = new HashMap<>();
      rows.forEach(r -> out.put((String) r[0], Availability.valueOf(((String) r[1]).toUpperCase(java.util.Locale.ROOT))));
      return out;
    }

    @Override
    public void saveAvailability(String agent, Availability availability, Instant at) {
      em().flush();
      em().createNativeQuery("insert into agent_state (agent, availability, updated_at) values (?1, ?2, ?3)"
              + " on conflict (agent) do update set availability = excluded.availability,"
              + " updated_at = excluded.updated_at")
          .setParameter(1, agent).setParameter(2, availability.wire()).setParameter(3, Timestamp.from(at))
          .executeUpdate();
    }

    @Override
    public List<Conversation> waitingUnassigned(String team, int limit) {
      return conversations("select " + ConversationRows.C_COLUMNS + " from conversations c"
          + " where c.kind = 'support' and c.status = 'open' and c.assignee is null and c.team = ?"
          + " order by c.created_at, c.number limit ? for update of c skip locked", team, limit);
    }

    @Override
    public List<Waiting> waitingForHuman(String rule, boolean fromFirst, Instant waitingBefore, int limit) {
      em().flush();
      @SuppressWarnings("unchecked")
      List<Object[]> rows = em().createNativeQuery("select c.id, w.since,"
              + " 'since:' || (extract(epoch from w.since) * 1000000)::bigint as k, w.body, w.mid"
              + " from conversations c cross join lateral ("
              + "   select " + (fromFirst ? "min" : "max") + "(m.created_at) as since,"
              + "     (array_agg(m.body order by m.created_at desc, m.seq desc))[1] as body,"
              + "     (array_agg(m.id order by m.created_at desc, m.seq desc))[1] as mid"
              + "   from messages m where m.conversation_id = c.id and m.kind = 'incoming'"
              + "   and m.created_at > coalesce((select max(h.created_at) from messages h"
              + "     where h.conversation_id = c.id and h.kind = 'outgoing' and h.sender_type = 'agent'),"
              + "     '-infinity'::timestamptz)) w"
              + " where c.kind = 'support' and c.status = 'open' and w.since is not null and w.since <= ?1"
              + " and not exists (select 1 from routing_firings f where f.conversation_id = c.id"
              + "   and f.rule = ?2 and f.trigger_key = 'since:' || (extract(epoch from w.since) * 1000000)::bigint)"
              + " order by w.since limit ?3 for update of c skip locked")
          .setParameter(1, Timestamp.from(waitingBefore)).setParameter(2, rule).setParameter(3, limit)
          .getResultList();
      List<Waiting> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        Conversation c = conversation((UUID) r[0], false).orElseThrow();
        out.add(new Waiting(c, instant(r[1]), (String) r[2], sealed.openBody((UUID) r[4], (String) r[3])));
      }
      return out;
    }

    private static Instant instant(Object value) {
      if (value instanceof Timestamp t) {
        return t.toInstant();
      }
      if (value instanceof Instant i) {
        return i;
      }
      if (value instanceof java.time.OffsetDateTime o) {
        return o.toInstant();
      }
      throw new IllegalStateException("not a timestamp: " + value);
    }

    // ---------------------------------------------------------------- CSAT (issue 5)

    @Override
    public void insertSurvey(CsatSurvey survey) {
      CsatSql.insertSurvey(em(), survey);
    }

    @Override
    public Optional<CsatSurvey> surveyFor(UUID conversationId, Instant resolvedAt) {
      return CsatSql.surveyFor(em(), conversationId, resolvedAt);
    }

    @Override
    public Optional<CsatSurvey> survey(UUID id, boolean forUpdate) {
      return CsatSql.survey(em(), id, forUpdate);
    }

    @Override
    public Optional<CsatSurvey> openReplySurvey(UUID conversationId, Instant now) {
      return CsatSql.openReplySurvey(em(), conversationId, now);
    }

    @Override
    public void saveRating(CsatRating rating) {
      CsatSql.saveRating(em(), rating);
      saveCsat(rating.survey().conversationId(),
          new CsatView(rating.rating(), rating.comment(), rating.submittedAt()));
    }

    @Override
    public CsatSummary csatSummary(FindCsat query, java.time.ZoneId zone,
        Map<String, ChannelType> inboxChannels) {
      return CsatSql.summary(em(), query, zone, inboxChannels);
    }

    @Override
    public ChannelStore channels() {
      return new PostgresChannelStore(sealed, this);
    }

    @Override
    public EventDeliveryStore eventDeliveries() {
      return new PostgresEventDeliveryStore(this);
    }

    @Override
    public at.ozeanlicht.support.core.spi.InboxStore inbox() {
      return new PostgresInboxStore(em(), sealed);
    }

    @Override
    public at.ozeanlicht.support.core.spi.PrivacyStore privacy() {
      return new PostgresPrivacyStore(sealed, this);
    }

    private static void filter(StringBuilder sql, List<Object> params, String clause, @Nullable String value) {
      if (value != null) {
        sql.append(" and ").append(clause);
        params.add(value);
      }
    }
  }

  /** Keyset position in the activity order, opaque to callers. */
  record Cursor(Instant at, UUID id) {
    String encode() {
      String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
        return new Cursor(Instant.ofEpochSecond(Long.parseLong(p[0]), Long.parseLong(p[1])),
            UUID.fromString(p[2]));
      } catch (RuntimeException e) {
        throw ValidationException.of("cursor", "not a cursor returned by a previous page");
      }
    }
  }

  static Message toMessage(MessageEntity e, Sealed sealed) {
    SenderType type = Wires.parse(SenderType.class, "sender_type", e.senderType);
    return new Message(e.id, e.conversationId, Wires.parse(MessageKind.class, "kind", e.kind),
        new Sender(type, e.senderId), sealed.openBody(e.id, e.body),
        Wires.parse(ContentType.class, "content_type", e.contentType), attachments(e.attachments),
        e.channelMessageId, Arrays.asList(e.mentions), e.createdAt, e.deliveredAt, e.readAt);
  }

  private static List<Attachment> attachments(String json) {
    try {
      return JSON.readValue(json, ATTACHMENTS);
    } catch (JsonProcessingException e) {
      throw new StoreException("messages.attachments: stored JSON is unreadable", e);
    }
  }

  private static String json(List<Attachment> attachments) {
    try {
      return JSON.writeValueAsString(attachments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("attachments: cannot be written as JSON", e);
    }
  }
}
