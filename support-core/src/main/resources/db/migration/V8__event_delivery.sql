-- Host webhooks fed from the outbox, and raw inbound payloads kept for audit. Depends on V1, V5.

-- One row per (event, endpoint). Its id is the delivery id the host dedupes on: the same on
-- every retry. A claim sets 'sending' with a lease (FOR UPDATE SKIP LOCKED), so several nodes
-- never send one row at once; a node that dies mid-send leaves the row to be claimed again when
-- the lease ends (at-least-once; the host drops the repeat by delivery id).
create table event_deliveries (
  id              uuid primary key,
  event_id        uuid not null references outbox_events (id) on delete cascade,
  endpoint        text not null,
  status          text not null default 'pending'
                  check (status in ('pending', 'sending', 'delivered', 'dead')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz not null,
  delivered_at    timestamptz,
  unique (event_id, endpoint),
  constraint event_deliveries_sending_has_lease check (status <> 'sending' or lease_until is not null)
);
create index event_deliveries_due on event_deliveries (next_attempt_at) where status = 'pending';
create index event_deliveries_lease on event_deliveries (lease_until) where status = 'sending';

-- outbox_events.published_at (V1) now means: fanned out to the host endpoints configured then.

-- The exact bytes of every accepted webhook request, with the headers that matter for audit
-- and replay (signatures included: they prove what was received) and the receipt time. Written
-- before the request is acknowledged; purged by tick after the configured retention. Refused
-- requests are never kept, only counted.
create table inbound_payloads (
  id          uuid primary key,
  inbox       text not null,
  received_at timestamptz not null,
  method      text not null,
  path        text not null,
  headers     jsonb not null default '{}'::jsonb,
  body        bytea not null,
  sha256      text not null
);
create index inbound_payloads_received on inbound_payloads (received_at);
