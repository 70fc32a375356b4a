-- CSAT surveys (one per resolution of a support conversation) and the ratings that answer them.
-- Issue 5. Imported ratings stay in csat_responses (V1), which also holds each conversation's
-- latest rating for the conversation view.

create table csat_surveys (
  id              uuid primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  resolved_at     timestamptz not null,
  inbox           text not null,
  channel         text not null check (channel in ('web', 'whatsapp', 'email', 'telegram', 'api')),
  agent           text,
  team            text,
  form            text not null check (form in ('link', 'reply')),
  message_id      uuid not null references messages (id) on delete cascade,
  sent_at         timestamptz not null,
  expires_at      timestamptz not null,
  answered_at     timestamptz,
  -- Once per resolution, also when two nodes resolve at the same moment.
  constraint csat_surveys_once_per_resolution unique (conversation_id, resolved_at)
);
create index csat_surveys_open on csat_surveys (conversation_id, sent_at desc) where answered_at is null;

create table csat_ratings (
  survey_id       uuid primary key references csat_surveys (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  rating          smallint not null check (rating between 1 and 5),
  comment         text,
  agent           text,
  team            text,
  channel         text not null,
  resolved_at     timestamptz not null,
  submitted_at    timestamptz not null
);
create index csat_ratings_submitted on csat_ratings (submitted_at);
