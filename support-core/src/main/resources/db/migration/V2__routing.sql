-- Routing, assignment and escalation (issue 3).

-- Every rule firing with its reason and trigger. The unique key makes a firing happen once per
-- trigger occurrence (a message id, or the moment a conversation started waiting), also when
-- several nodes evaluate the same time trigger.
create table routing_firings (
  id              uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  rule            text not null,
  trigger         text not null,
  trigger_key     text not null,
  reason          text not null,
  fired_at        timestamptz not null,
  constraint routing_firings_once unique (conversation_id, rule, trigger_key)
);
create index routing_firings_conversation on routing_firings (conversation_id, fired_at);

-- Why each assignment was made: strategy, the candidates in order, the agents skipped and why.
create table assignments (
  id              uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  team            text,
  agent           text,
  strategy        text not null,
  reason          text not null,
  candidates      text[] not null default '{}',
  skipped         jsonb not null default '{}'::jsonb,
  assigned_at     timestamptz not null
);
create index assignments_conversation on assignments (conversation_id, assigned_at);
create index assignments_agent_time on assignments (agent, assigned_at) where agent is not null;

-- The last agent round-robin picked per team; the row is locked while picking the next.
create table round_robin_cursors (
  team        text primary key,
  last_agent  text not null,
  updated_at  timestamptz not null
);

-- What routing decided for a conversation that later steps need: AI allowed, after hours,
-- the escalation policy.
create table conversation_routing (
  conversation_id   uuid primary key references conversations (id) on delete cascade,
  ai_allowed        boolean not null,
  after_hours       boolean not null,
  escalation_policy text,
  routed_at         timestamptz not null
);

-- Escalation steps that fired; the primary key makes each step fire once per conversation.
create table escalations (
  conversation_id uuid not null references conversations (id) on delete cascade,
  step_key        text not null,
  escalated_to    text not null,
  fired_at        timestamptz not null,
  primary key (conversation_id, step_key)
);
