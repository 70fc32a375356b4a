-- Conversations, messages, contacts, CSAT, and the two outboxes (domain events, outbound messages).
-- Enum-like columns hold the lower-case wire names used everywhere else.

create sequence conversation_number_seq start with 1000;

create table contacts (
  id          uuid primary key,
  name        text,
  email       text,
  phone       text,
  language    text,
  vip         boolean not null default false,
  attributes  jsonb not null default '{}'::jsonb,
  created_at  timestamptz not null
);

-- One contact can be known on several channels; one channel id belongs to one contact.
create table contact_identities (
  channel     text not null check (channel in ('web', 'whatsapp', 'email', 'telegram', 'api')),
  external_id text not null,
  contact_id  uuid not null references contacts (id) on delete cascade,
  primary key (channel, external_id)
);
create index contact_identities_contact on contact_identities (contact_id);

create table conversations (
  id                uuid primary key,
  number            bigint not null unique,
  kind              text not null check (kind in ('support', 'team_chat', 'dev_ticket')),
  inbox             text not null,
  contact_id        uuid references contacts (id) on delete cascade,
  participants      text[] not null default '{}',
  status            text not null check (status in ('open', 'pending', 'snoozed', 'resolved')),
  priority          text not null check (priority in ('critical', 'high', 'normal', 'low')),
  labels            text[] not null default '{}',
  team              text,
  assignee          text,
  attributes        jsonb not null default '{}'::jsonb,
  external_id       text unique,
  created_at        timestamptz not null,
  last_activity_at  timestamptz not null,
  first_response_at timestamptz,
  resolved_at       timestamptz,
  snoozed_until     timestamptz,
  version           bigint not null,
  constraint conversations_support_has_contact check (kind <> 'support' or contact_id is not null),
  constraint conversations_snoozed_has_until check (status <> 'snoozed' or snoozed_until is not null)
);
create index conversations_contact_inbox on conversations (contact_id, inbox, last_activity_at desc);
create index conversations_activity on conversations (last_activity_at desc, id desc);
create index conversations_status_team on conversations (status, team);
create index conversations_assignee on conversations (assignee) where assignee is not null;

create table messages (
  id                 uuid primary key,
  seq                bigint generated always as identity,
  conversation_id    uuid not null references conversations (id) on delete cascade,
  inbox              text not null,
  kind               text not null check (kind in ('incoming', 'outgoing', 'note', 'activity')),
  sender_type        text not null check (sender_type in ('contact', 'agent', 'bot', 'system')),
  sender_id          text,
  body               text not null,
  content_type       text not null check (content_type in ('text', 'attachment', 'template', 'card')),
  attachments        jsonb not null default '[]'::jsonb,
  channel_message_id text,
  mentions           text[] not null default '{}',
  created_at         timestamptz not null,
  delivered_at       timestamptz,
  read_at            timestamptz,
  -- The same channel message on the same inbox is stored once, also under concurrent delivery.
  -- NULLs are distinct, so messages without a channel id (replies, notes) are not affected.
  constraint messages_channel_message_unique unique (inbox, channel_message_id)
);
create index messages_conversation on messages (conversation_id, created_at, seq);

create table csat_responses (
  conversation_id uuid primary key references conversations (id) on delete cascade,
  rating          smallint not null check (rating between 1 and 5),
  comment         text,
  submitted_at    timestamptz not null
);

-- Transactional outbox of domain events: written with the change, read by forwarders.
create table outbox_events (
  id              uuid primary key,
  seq             bigint generated always as identity,
  type            text not null,
  conversation_id uuid,
  occurred_at     timestamptz not null,
  data            jsonb not null default '{}'::jsonb,
  published_at    timestamptz
);
create index outbox_events_unpublished on outbox_events (seq) where published_at is null;

-- Public messages waiting for their channel. Notes never get a row (enforced by the engine and
-- by the check below through the message kind).
create table outbound_messages (
  id              uuid primary key,
  message_id      uuid not null unique references messages (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  inbox           text not null,
  channel         text not null,
  recipient       text not null,
  status          text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error      text,
  external_id     text,
  created_at      timestamptz not null,
  sent_at         timestamptz
);
create index outbound_messages_due on outbound_messages (next_attempt_at) where status = 'pending';

-- A private note or activity can never be queued for a customer channel.
create function outbound_messages_public_only() returns trigger language plpgsql as $$
begin
  if exists (select 1 from messages m where m.id = new.message_id and m.kind in ('note', 'activity')) then
    raise exception 'message % is private and cannot be sent to a channel', new.message_id
      using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger outbound_messages_public_only before insert or update on outbound_messages
  for each row execute function outbound_messages_public_only();
