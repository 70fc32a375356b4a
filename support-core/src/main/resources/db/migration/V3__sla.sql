-- SLA clocks and queued SLA notifications (issue 4). One clock row per conversation and metric
-- run; a clock runs, pauses (pending/snoozed) and stops (answered/resolved). tick(now) claims due
-- rows with FOR UPDATE SKIP LOCKED and sets warned_at / breached_at in the same transaction as
-- the sla.warning / sla.breached events, so each fires exactly once.

create table sla_clocks (
  id              uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  metric          text not null check (metric in ('first-response', 'next-response', 'resolution')),
  policy          text not null,
  calendar        text not null,          -- calendar id from sla.yaml, or '24/7'
  target_ms       bigint not null check (target_ms >= 0),
  warn_after_ms   bigint not null check (warn_after_ms >= 0 and warn_after_ms <= target_ms),
  started_at      timestamptz not null,
  running_since   timestamptz,            -- last start or resume; null while paused or stopped
  elapsed_ms      bigint not null default 0 check (elapsed_ms >= 0), -- business time before running_since
  warn_at         timestamptz not null,   -- planned; recomputed on resume
  due_at          timestamptz not null,   -- planned deadline; recomputed on resume
  paused_at       timestamptz,
  warned_at       timestamptz,
  breached_at     timestamptz,
  stopped_at      timestamptz,
  constraint sla_clocks_running_or_paused check (stopped_at is not null or (running_since is null) <> (paused_at is null))
);

create unique index sla_clocks_one_open_per_metric on sla_clocks (conversation_id, metric) where stopped_at is null;
create index sla_clocks_warn_due on sla_clocks (warn_at)
  where stopped_at is null and paused_at is null and warned_at is null;
create index sla_clocks_breach_due on sla_clocks (due_at)
  where stopped_at is null and paused_at is null and breached_at is null;

create table sla_notifications (
  id                  uuid primary key,
  clock_id            uuid not null references sla_clocks (id) on delete cascade,
  conversation_id     uuid not null references conversations (id) on delete cascade,
  conversation_number bigint not null,
  kind                text not null check (kind in ('warning', 'breach')),
  metric              text not null,
  policy              text not null,
  priority            text not null,
  team                text,
  assignee            text,
  due_at              timestamptz not null,
  on_call             boolean not null,
  deliver_at          timestamptz not null, -- now, or the next opening for non-urgent after-hours news
  created_at          timestamptz not null,
  sent_at             timestamptz
);

create index sla_notifications_due on sla_notifications (deliver_at) where sent_at is null;
