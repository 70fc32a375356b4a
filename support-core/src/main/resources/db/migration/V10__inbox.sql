-- Unified inbox and team collaboration (issue 9): inbox rows, full-text search, read state,
-- mentions, watchers, dev tickets. Depends on V1 (conversations, messages, contacts), V3 (sla_clocks).

-- ---------------------------------------------------------------- denormalised inbox columns
-- Kept by the triggers below so that inbox filters and sorts are plain index scans over
-- conversations instead of per-row subqueries over messages and sla_clocks (1M conversations).
alter table conversations
  add column last_message_seq bigint not null default 0,   -- newest non-activity message: unread test
  add column waiting_since    timestamptz,                  -- set by a customer message, cleared by our reply
  add column sla_due_at       timestamptz;                  -- earliest deadline of a running SLA clock

create function inbox_on_message() returns trigger language plpgsql as $$
begin
  if new.kind = 'activity' then
    return new;
  end if;
  update conversations c set
    last_message_seq = greatest(c.last_message_seq, new.seq),
    waiting_since = case
      when new.kind = 'incoming' then coalesce(c.waiting_since, new.created_at)
      when new.kind = 'outgoing' then null
      else c.waiting_since end
  where c.id = new.conversation_id;
  return new;
end $$;
create trigger messages_inbox after insert on messages
  for each row execute function inbox_on_message();

-- Only columns that move the deadline fire it: tick() sets warned_at/breached_at under
-- FOR UPDATE SKIP LOCKED and must not then wait for a conversation row lock a command holds.
create function inbox_on_sla_clock() returns trigger language plpgsql as $$
declare
  conv uuid := coalesce(new.conversation_id, old.conversation_id);
begin
  update conversations c set sla_due_at = (
      select min(k.due_at) from sla_clocks k
      where k.conversation_id = conv and k.stopped_at is null and k.paused_at is null)
  where c.id = conv;
  return null;
end $$;
create trigger sla_clocks_inbox after insert or delete or update of due_at, stopped_at, paused_at
  on sla_clocks for each row execute function inbox_on_sla_clock();

update conversations c set
  last_message_seq = coalesce((select max(m.seq) from messages m
    where m.conversation_id = c.id and m.kind <> 'activity'), 0),
  waiting_since = (select case when m.kind = 'incoming' then m.created_at end from messages m
    where m.conversation_id = c.id and m.kind in ('incoming', 'outgoing')
    order by m.created_at desc, m.seq desc limit 1),
  sla_due_at = (select min(k.due_at) from sla_clocks k
    where k.conversation_id = c.id and k.stopped_at is null and k.paused_at is null);

-- Indexes for the inbox list (keyset on (last_activity_at desc, id desc), see conversations_activity in V1):
-- the tabs filter by status first, so (status, activity, id) serves "Open"/"Resolved" pages
-- and their keyset continuation without sorting.
create index conversations_status_activity on conversations (status, last_activity_at desc, id desc);
-- "Mine" / a given assignee, newest first.
create index conversations_assignee_activity on conversations (assignee, last_activity_at desc, id desc)
  where assignee is not null;
-- Team tabs.
create index conversations_team_activity on conversations (team, last_activity_at desc, id desc);
-- Label filter (labels @> array[...]) cannot use a btree.
create index conversations_labels on conversations using gin (labels);
-- "Urgent" and the SLA sort: only conversations with a running clock carry a deadline.
create index conversations_sla_due on conversations (sla_due_at, id) where sla_due_at is not null;
-- "Waiting on us": a small partial index of conversations whose last word is the customer's.
create index conversations_waiting on conversations (last_activity_at desc, id desc)
  where waiting_since is not null;
-- Unread counts and the last-message excerpt scan a conversation's messages by seq.
create index messages_conversation_seq on messages (conversation_id, seq);

-- ---------------------------------------------------------------- full-text search
-- German and English configurations with unaccent in front of the stemmer, so "Ueberweisung",
-- "Überweisung" and "uberweisung" meet. unaccent ships with the zonky PostgreSQL 17 binaries
-- and with every contrib build (trusted since PostgreSQL 13: a database owner may create it).
create extension if not exists unaccent;
create text search configuration support_de (copy = german);
alter text search configuration support_de
  alter mapping for hword, hword_part, word with unaccent, german_stem;
create text search configuration support_en (copy = english);
alter text search configuration support_en
  alter mapping for hword, hword_part, word with unaccent, english_stem;
-- Names, e-mail addresses and phone numbers are not stemmed.
create text search configuration support_simple (copy = simple);
alter text search configuration support_simple
  alter mapping for hword, hword_part, word with unaccent, simple;

-- to_tsvector(regconfig, text) is immutable, so the vectors are generated columns.
alter table messages add column search tsvector generated always as (
  to_tsvector('support_de'::regconfig, body) || to_tsvector('support_en'::regconfig, body)) stored;
-- Public messages and notes are indexed apart (activity messages are never searched), so a
-- customer-facing search never wades through notes and a team search merges the two.
create index messages_public_search on messages using gin (search) where kind in ('incoming', 'outgoing');
create index messages_note_search on messages using gin (search) where kind = 'note';
-- Search hits come newest first: for a common term search walks these indexes and checks @@
-- row by row, stopping at the limit, instead of collecting and sorting every GIN match.
create index messages_public_created on messages (created_at desc, seq desc)
  where kind in ('incoming', 'outgoing');
create index messages_note_created on messages (created_at desc, seq desc) where kind = 'note';

alter table contacts add column search tsvector generated always as (
  to_tsvector('support_simple'::regconfig, coalesce(name, '') || ' ' || coalesce(email, '') || ' '
    || coalesce(phone, '')) ||
  to_tsvector('support_de'::regconfig, coalesce(name, ''))) stored;
create index contacts_search on contacts using gin (search);
-- Same for contact hits (newest contact first).
create index contacts_created on contacts (created_at desc, id);

-- ---------------------------------------------------------------- collaboration
-- Read state per reader: the highest message seq the reader has seen. Unread = newer messages
-- not written by the reader. One row per (conversation, reader); the receipt time is read_at.
create table read_state (
  conversation_id uuid not null references conversations (id) on delete cascade,
  reader          text not null,
  last_read_seq   bigint not null default 0,
  read_at         timestamptz not null,
  primary key (conversation_id, reader)
);
create index read_state_reader on read_state (reader);

-- Watchers follow a conversation without being its assignee; participants stay in conversations.participants.
create table watchers (
  conversation_id uuid not null references conversations (id) on delete cascade,
  agent           text not null,
  since           timestamptz not null,
  primary key (conversation_id, agent)
);
create index watchers_agent on watchers (agent);

-- An @mention is an unread marker for one agent until that agent reads the conversation. A team
-- mention (@tech) is expanded to the team's agents at write time; via_team keeps the origin.
create table mentions (
  message_id      uuid not null references messages (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  target          text not null,
  via_team        text,
  created_at      timestamptz not null,
  seen_at         timestamptz,
  primary key (message_id, target)
);
create index mentions_unseen on mentions (target, created_at desc) where seen_at is null;

-- Dev tickets: their own life cycle beside the conversation status.
-- new -> triaged -> in_progress -> done | wont_fix (see DevTicketState).
create table dev_tickets (
  conversation_id uuid primary key references conversations (id) on delete cascade,
  state           text not null check (state in ('new', 'triaged', 'in_progress', 'done', 'wont_fix')),
  updated_at      timestamptz not null
);

-- The support conversations a dev ticket was raised from.
create table conversation_links (
  dev_ticket_id   uuid not null references conversations (id) on delete cascade,
  support_id      uuid not null references conversations (id) on delete cascade,
  created_at      timestamptz not null,
  primary key (dev_ticket_id, support_id)
);
create index conversation_links_support on conversation_links (support_id);

-- Agents' notes about a contact ("prefers phone for complex issues"), shown in the context view.
create table contact_notes (
  id          uuid primary key,
  contact_id  uuid not null references contacts (id) on delete cascade,
  author      text not null,
  body        text not null,
  created_at  timestamptz not null
);
create index contact_notes_contact on contact_notes (contact_id, created_at desc);
