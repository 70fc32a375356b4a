package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SLA clock and notification rows for {@link PostgresConversationStore}. */
final class SlaRows {
  private SlaRows() {}

  static void insert(EntityManager em, SlaClock c) {
    em.flush(); // the conversation row must exist first
    SlaClockEntity e = new SlaClockEntity(c.id());
    copy(c, e);
    em.persist(e);
    em.flush(); // the partial unique index decides at once, inside the caller's transaction
  }

  static void update(EntityManager em, SlaClock c) {
    SlaClockEntity e = em.find(SlaClockEntity.class, c.id());
    if (e == null) {
      throw new IllegalStateException("sla clock " + c.id() + " does not exist");
    }
    copy(c, e);
  }

  static List<SlaClock> open(EntityManager em, UUID conversationId) {
    return em.createQuery("from SlaClockEntity k where k.conversationId = :c and k.stoppedAt is null"
            + " order by k.startedAt, k.metric", SlaClockEntity.class)
        .setParameter("c", conversationId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream().map(SlaRows::toClock).toList();
  }

  static List<SlaClock> due(EntityManager em, Instant now, int limit) {
    // Locks the clock and its conversation together and skips either when taken: the tick then
    // never waits on a command (which locks conversation, then clocks), so no deadlock is possible.
    @SuppressWarnings("unchecked")
    List<SlaClockEntity> rows = em.createNativeQuery("select k.* from sla_clocks k"
            + " join conversations c on c.id = k.conversation_id"
            + " where k.stopped_at is null and k.paused_at is null"
            + " and ((k.warned_at is null and k.warn_at <= ?1) or (k.breached_at is null and k.due_at <= ?1))"
            + " order by least(k.warn_at, k.due_at) limit ?2 for update of k, c skip locked",
            SlaClockEntity.class)
        .setParameter(1, Timestamp.from(now))
        .setParameter(2, limit)
        .getResultList();
    return rows.stream().map(SlaRows::toClock).toList();
  }

  static List<SlaClock> findOpen(EntityManager em, int limit) {
    return em.createQuery("from SlaClockEntity k where k.stoppedAt is null order by k.dueAt, k.id",
            SlaClockEntity.class)
        .setMaxResults(limit)
        .getResultStream().map(SlaRows::toClock).toList();
  }

  static void enqueue(EntityManager em, SlaNotification n) {
    SlaNotificationEntity e = new SlaNotificationEntity(n.id());
    e.clockId = n.clockId();
    e.conversationId = n.conversationId();
    e.conversationNumber = n.conversationNumber();
    e.kind = n.kind().wire();
    e.metric = n.metric().wire();
    e.policy = n.policy();
    e.priority = n.priority().wire();
    e.team = n.team();
    e.assignee = n.assignee();
    e.dueAt = n.dueAt();
    e.onCall = n.onCall();
    e.deliverAt = n.deliverAt();
    e.createdAt = n.createdAt();
    em.persist(e);
  }

  static List<SlaNotification> dueNotifications(EntityManager em, Instant now, int limit) {
    @SuppressWarnings("unchecked")
    List<SlaNotificationEntity> rows = em.createNativeQuery("select * from sla_notifications"
            + " where sent_at is null and deliver_at <= ?1 order by deliver_at, created_at"
            + " limit ?2 for update skip locked", SlaNotificationEntity.class)
        .setParameter(1, Timestamp.from(now))
        .setParameter(2, limit)
        .getResultList();
    return rows.stream().map(e -> new SlaNotification(e.id, e.clockId, e.conversationId,
        e.conversationNumber, Wires.parse(SlaNotification.Kind.class, "kind", e.kind),
        Wires.parse(SlaMetric.class, "metric", e.metric), e.policy,
        Wires.parse(Priority.class, "priority", e.priority), e.team, e.assignee, e.dueAt, e.onCall,
        e.deliverAt, e.createdAt)).toList();
  }

  static void markSent(EntityManager em, UUID id, Instant at) {
    SlaNotificationEntity e = em.find(SlaNotificationEntity.class, id);
    if (e == null) {
      throw new IllegalStateException("sla notification " + id + " does not exist");
    }
    e.sentAt = at;
  }

  private static void copy(SlaClock c, SlaClockEntity e) {
    e.conversationId = c.conversationId();
    e.metric = c.metric().wire();
    e.policy = c.policy();
    e.calendar = c.calendar();
    e.targetMs = c.target().toMillis();
    e.warnAfterMs = c.warnAfter().toMillis();
    e.startedAt = c.startedAt();
    e.runningSince = c.runningSince();
    e.elapsedMs = c.elapsed().toMillis();
    e.warnAt = c.warnAt();
    e.dueAt = c.dueAt();
    e.pausedAt = c.pausedAt();
    e.warnedAt = c.warnedAt();
    e.breachedAt = c.breachedAt();
    e.stoppedAt = c.stoppedAt();
  }

  static SlaClock toClock(SlaClockEntity e) {
    return new SlaClock(e.id, e.conversationId, Wires.parse(SlaMetric.class, "metric", e.metric),
        e.policy, e.calendar, Duration.ofMillis(e.targetMs), Duration.ofMillis(e.warnAfterMs),
        e.startedAt, e.runningSince, Duration.ofMillis(e.elapsedMs), e.warnAt, e.dueAt,
        e.pausedAt, e.warnedAt, e.breachedAt, e.stoppedAt);
  }
}
