package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.domain.Team;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.EscalationAction;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.SlaClock;
import at.ozeanlicht.support.core.spi.SlaNotification;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLA clocks of the engine: starts, pauses, resumes and stops them as conversations change,
 * and fires warnings, breaches and escalations from {@code tick}. Runs inside the caller's
 * transaction; the caller has locked the conversation.
 */
final class SlaTimers {
  private static final Logger LOG = LoggerFactory.getLogger(SlaTimers.class);

  /** Appends a domain event in the caller's transaction. */
  interface Events {
    void event(String type, UUID conversationId, Instant at, Map<String, String> data);
  }

  /** What one tick batch did. */
  record Counts(int clocks, int warnings, int breaches, int escalations) {}

  private final Workspace workspace;
  private final SlaConfig config;

  SlaTimers(Workspace workspace) {
    this.workspace = workspace;
    this.config = workspace.sla();
  }

  /** A support conversation opened or reopened: first-response and resolution clocks start. */
  void opened(ConversationStore.Transaction tx, Conversation c, Instant now) {
    if (c.kind() != ConversationKind.SUPPORT) {
      return;
    }
    // One read for both (they are different metrics, so the first start can't change the second's)
    List<SlaClock> open = tx.openSlaClocks(c.id());
    start(tx, c, SlaMetric.FIRST_RESPONSE, now, open);
    start(tx, c, SlaMetric.RESOLUTION, now, open);
  }

  /** A customer message arrived on {@code c} (already updated); {@code before} was its status. */
  void customerMessage(ConversationStore.Transaction tx, Conversation c, Status before, Instant now) {
    if (c.kind() != ConversationKind.SUPPORT) {
      return;
    }
    if (before == Status.RESOLVED) {
      opened(tx, c, now);
      return;
    }
    List<SlaClock> open = statusChanged(tx, c, before, now);
    boolean waitingForAnswer = open.stream().anyMatch(k ->
        k.metric() == SlaMetric.FIRST_RESPONSE || k.metric() == SlaMetric.NEXT_RESPONSE);
    if (c.firstResponseAt() != null && !waitingForAnswer) {
      start(tx, c, SlaMetric.NEXT_RESPONSE, now, null);
    }
  }

  /** An agent replied publicly: the response clocks stop. */
  void agentReplied(ConversationStore.Transaction tx, Conversation c, Instant now) {
    for (SlaClock k : tx.openSlaClocks(c.id())) {
      if (k.metric() != SlaMetric.RESOLUTION) {
        tx.updateSlaClock(stop(k, now));
      }
    }
  }

  /**
   * The status of {@code c} (already updated) changed from {@code before}: pending and snoozed
   * pause the clocks, open resumes them, resolved stops them. Returns the clocks still open.
   */
  List<SlaClock> statusChanged(ConversationStore.Transaction tx, Conversation c, Status before, Instant now) {
    Status after = c.status();
    if (c.kind() != ConversationKind.SUPPORT) {
      return List.of();
    }
    if (before == Status.RESOLVED && after == Status.OPEN) {
      start(tx, c, SlaMetric.RESOLUTION, now, null);
    }
    List<SlaClock> open = tx.openSlaClocks(c.id());
    if (before == after) {
      return open;
    }
    List<SlaClock> out = new java.util.ArrayList<>();
    for (SlaClock k : open) {
      SlaClock changed = k;
      if (after == Status.RESOLVED) {
        changed = stop(k, now);
      } else if ((after == Status.PENDING || after == Status.SNOOZED) && k.isRunning()) {
        changed = pause(k, now);
      } else if (after == Status.OPEN && k.isPaused()) {
        changed = resume(k, now);
      }
      if (changed != k) {
        tx.updateSlaClock(changed);
      }
      if (changed.stoppedAt() == null) {
        out.add(changed);
      }
    }
    return out;
  }

  /**
   * The priority of {@code c} (already updated) changed, by routing or an escalation: open clocks
   * move to the policy that now applies, keeping the business time already used. A clock whose
   * metric the new policy has no target for stops.
   */
  void priorityChanged(ConversationStore.Transaction tx, Conversation c, Instant now) {
    if (c.kind() != ConversationKind.SUPPORT) {
      return;
    }
    Inbox inbox = workspace.inbox(c.inbox()).orElse(null);
    if (inbox == null) {
      return;
    }
    boolean vip = c.contactId() != null && tx.contactVip(c.contactId());
    Optional<SlaPolicy> policy = config.policy(c.priority(), inbox.brand(), inbox.id(), vip);
    for (SlaClock k : tx.openSlaClocks(c.id())) {
      if (policy.isPresent() && policy.get().id().equals(k.policy())) {
        continue;
      }
      Optional<Duration> target = policy.flatMap(p -> p.target(k.metric()));
      if (target.isEmpty()) {
        tx.updateSlaClock(stop(k, now));
        continue;
      }
      SlaPolicy p = policy.get();
      Duration used = k.elapsed();
      if (k.runningSince() != null) {
        used = used.plus(config.calendar(k.calendar()).businessTime(k.runningSince(), now));
      }
      String calendarId = config.clockCalendarId(p, inbox.calendar());
      SlaClock moved = new SlaClock(k.id(), k.conversationId(), k.metric(), p.id(), calendarId,
          target.get(), p.warning(target.get()), k.startedAt(), k.isRunning() ? now : null, used,
          k.warnAt(), k.dueAt(), k.isRunning() ? null : k.pausedAt(), k.warnedAt(), k.breachedAt(),
          null);
      tx.updateSlaClock(moved.isRunning() ? resume(pause(moved, now), now) : moved);
      LOG.debug("sla clock {} of conversation {} moved to policy {}", k.metric().wire(), c.id(), p.id());
    }
  }

  /** Starts {@code metric}'s clock unless one is open ({@code open}: the open clocks, or null to read them). */
  private void start(ConversationStore.Transaction tx, Conversation c, SlaMetric metric, Instant now,
      @Nullable List<SlaClock> open) {
    if (c.kind() != ConversationKind.SUPPORT) {
      return;
    }
    Inbox inbox = workspace.inbox(c.inbox()).orElse(null);
    if (inbox == null) {
      return;
    }
    boolean vip = c.contactId() != null && tx.contactVip(c.contactId());
    Optional<SlaPolicy> policy = config.policy(c.priority(), inbox.brand(), inbox.id(), vip);
    Optional<Duration> target = policy.flatMap(p -> p.target(metric));
    if (target.isEmpty()) {
      return;
    }
    if ((open != null ? open : tx.openSlaClocks(c.id())).stream().anyMatch(k -> k.metric() == metric)) {
      return;
    }
    SlaPolicy p = policy.get();
    String calendarId = config.clockCalendarId(p, inbox.calendar());
    BusinessCalendar calendar = config.calendar(calendarId);
    Duration warnAfter = p.warning(target.get());
    tx.insertSlaClock(new SlaClock(UUID.randomUUID(), c.id(), metric, p.id(), calendarId,
        target.get(), warnAfter, now, now, Duration.ZERO, calendar.deadline(now, warnAfter),
        calendar.deadline(now, target.get()), null, null, null, null));
    LOG.debug("sla clock {} started for conversation {} under policy {}", metric.wire(), c.id(), p.id());
  }

  private SlaClock pause(SlaClock k, Instant now) {
    Duration elapsed = k.elapsed().plus(config.calendar(k.calendar()).businessTime(
        java.util.Objects.requireNonNull(k.runningSince()), now));
    return new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(), k.target(),
        k.warnAfter(), k.startedAt(), null, elapsed, k.warnAt(), k.dueAt(), now, k.warnedAt(),
        k.breachedAt(), null);
  }

  private SlaClock resume(SlaClock k, Instant now) {
    BusinessCalendar calendar = config.calendar(k.calendar());
    Duration left = k.target().minus(k.elapsed());
    Duration due = left.isNegative() ? Duration.ZERO : left;
    Duration warnLeft = k.warnAfter().minus(k.elapsed());
    Instant warnAt = k.warnedAt() != null ? k.warnAt()
        : calendar.deadline(now, warnLeft.isNegative() ? Duration.ZERO : warnLeft);
    return new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(), k.target(),
        k.warnAfter(), k.startedAt(), now, k.elapsed(), warnAt, calendar.deadline(now, due), null,
        k.warnedAt(), k.breachedAt(), null);
  }

  private SlaClock stop(SlaClock k, Instant now) {
    Duration elapsed = k.elapsed();
    if (k.runningSince() != null) {
      elapsed = elapsed.plus(config.calendar(k.calendar()).businessTime(k.runningSince(), now));
    }
    return new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(), k.target(),
        k.warnAfter(), k.startedAt(), null, elapsed, k.warnAt(), k.dueAt(), k.pausedAt(),
        k.warnedAt(), k.breachedAt(), now);
  }

  /**
   * Business time left on a clock at {@code at}; negative when overdue; null when the clock's
   * calendar is not in this workspace's configuration.
   */
  @Nullable Duration remaining(SlaClock k, Instant at) {
    if (!k.calendar().equals(SlaConfig.ALWAYS) && !config.calendars().containsKey(k.calendar())) {
      return null;
    }
    Duration used = k.elapsed();
    if (k.runningSince() != null && at.isAfter(k.runningSince())) {
      used = used.plus(config.calendar(k.calendar()).businessTime(k.runningSince(), at));
    }
    return k.target().minus(used);
  }

  // ---------------------------------------------------------------- tick

  /** Fires what is due among up to {@code limit} clocks claimed with SKIP LOCKED. */
  Counts tick(ConversationStore.Transaction tx, Events events, Instant now, int limit) {
    int warnings = 0;
    int breaches = 0;
    int escalations = 0;
    List<SlaClock> due = tx.dueSlaClocks(now, limit);
    for (SlaClock claimed : due) {
      // Read again: an escalation of an earlier clock in this batch may have moved or stopped it.
      SlaClock k = tx.openSlaClocks(claimed.conversationId()).stream()
          .filter(x -> x.id().equals(claimed.id())).findFirst().orElse(null);
      if (k == null) {
        continue;
      }
      Conversation c = tx.conversation(k.conversationId(), false).orElseThrow();
      String policyId = k.policy();
      SlaPolicy policy = config.policies().stream().filter(p -> p.id().equals(policyId)).findFirst()
          .orElse(null);
      boolean warn = k.warnedAt() == null && !k.warnAt().isAfter(now);
      boolean breach = k.breachedAt() == null && !k.dueAt().isAfter(now);
      if (!warn && !breach) {
        continue; // moved by an escalation earlier in this batch: nothing to mark, no empty UPDATE
      }
      // Marked first: an escalation may move the clock to another policy (raise_priority).
      tx.updateSlaClock(new SlaClock(k.id(), k.conversationId(), k.metric(), k.policy(), k.calendar(),
          k.target(), k.warnAfter(), k.startedAt(), k.runningSince(), k.elapsed(), k.warnAt(),
          k.dueAt(), k.pausedAt(), warn ? now : k.warnedAt(), breach ? now : k.breachedAt(),
          k.stoppedAt()));
      if (warn) {
        warnings++;
        events.event("sla.warning", c.id(), now, data(k, c));
        if (policy != null) {
          Escalated e = escalate(tx, events, c, k, policy, policy.onWarning(), SlaNotification.Kind.WARNING, now);
          c = e.conversation();
          escalations += e.actions();
        }
      }
      if (breach) {
        breaches++;
        events.event("sla.breached", c.id(), now, data(k, c));
        if (policy != null) {
          Escalated e = escalate(tx, events, c, k, policy, policy.onBreach(), SlaNotification.Kind.BREACH, now);
          c = e.conversation();
          escalations += e.actions();
        }
      }
    }
    return new Counts(due.size(), warnings, breaches, escalations);
  }

  /** The conversation after escalating and how many actions ran. */
  private record Escalated(Conversation conversation, int actions) {}

  private static Map<String, String> data(SlaClock k, Conversation c) {
    Map<String, String> d = new HashMap<>();
    d.put("clockId", k.id().toString());
    d.put("metric", k.metric().wire());
    d.put("policy", k.policy());
    d.put("dueAt", k.dueAt().toString());
    d.put("priority", c.priority().wire());
    return d;
  }

  private Escalated escalate(ConversationStore.Transaction tx, Events events, Conversation c,
      SlaClock k, SlaPolicy policy, List<EscalationAction> actions, SlaNotification.Kind kind, Instant now) {
    int ran = 0;
    String why = kind == SlaNotification.Kind.WARNING ? "SLA warning" : "SLA breached";
    for (EscalationAction action : actions) {
      switch (action) {
        case NOTIFY -> {
          BusinessCalendar office = config.calendar(config.calendarId(
              workspace.inbox(c.inbox()).map(Inbox::calendar).orElse(null)));
          boolean open = office.isOpen(now);
          boolean onCall = !open && policy.urgent();
          Instant deliverAt = open || onCall ? now : office.nextOpening(now);
          tx.enqueueSlaNotification(new SlaNotification(UUID.randomUUID(), k.id(), c.id(), c.number(),
              kind, k.metric(), k.policy(), c.priority(), c.team(), c.assignee(), k.dueAt(), onCall,
              deliverAt, now));
          ran++;
        }
        case REASSIGN_TO_LEAD -> {
          String lead = c.team() == null ? null
              : workspace.team(c.team()).map(Team::lead).orElse(null);
          if (lead != null && !lead.equals(c.assignee())) {
            c = tx.updateConversation(copy(c, c.priority(), lead, now));
            activity(tx, c, why + ": reassigned to " + workspace.agent(lead).map(a -> a.name()).orElse(lead), now);
            events.event("conversation.assigned", c.id(), now,
                Map.of("team", java.util.Objects.requireNonNull(c.team()), "assignee", lead, "reason", "sla"));
            ran++;
          }
        }
        case RAISE_PRIORITY -> {
          if (c.priority() != Priority.CRITICAL) {
            Priority from = c.priority();
            Priority to = Priority.values()[from.ordinal() - 1];
            c = tx.updateConversation(copy(c, to, c.assignee(), now));
            priorityChanged(tx, c, now);
            activity(tx, c, why + ": priority raised from " + from.wire() + " to " + to.wire(), now);
            events.event("conversation.priority_changed", c.id(), now,
                Map.of("from", from.wire(), "to", to.wire(), "reason", "sla"));
            ran++;
          }
        }
      }
    }
    return new Escalated(c, ran);
  }

  private static Conversation copy(Conversation c, Priority priority, @Nullable String assignee, Instant now) {
    return new Conversation(c.id(), c.number(), c.kind(), c.inbox(), c.contactId(), c.participants(),
        c.status(), priority, c.labels(), c.team(), assignee, c.attributes(), c.externalId(),
        c.createdAt(), c.lastActivityAt(), c.firstResponseAt(), c.resolvedAt(), c.snoozedUntil(),
        c.version());
  }

  private static void activity(ConversationStore.Transaction tx, Conversation c, String text, Instant now) {
    tx.insertMessage(new Message(UUID.randomUUID(), c.id(), MessageKind.ACTIVITY, Sender.system(), text,
        ContentType.TEXT, List.of(), null, List.of(), now, null, null), c.inbox());
  }
}
