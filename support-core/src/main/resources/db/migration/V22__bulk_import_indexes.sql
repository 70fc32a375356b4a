-- Bulk import at scale, second step (issue 8: 1,000,000 conversations at >= 50,000 messages/s on
-- 2 cores with the embedded database). V20 removed the per-row triggers from the COPY path; what
-- remains per message row is the heap row, its index entries and the foreign-key check. Two of
-- the index entries carried nothing for an imported message, and both are removed here.

-- 1. Channel message ids. The V1 constraint unique (inbox, channel_message_id) also indexed the
-- NULL channel ids of every reply, note and imported message (NULLs are distinct, so those
-- entries never decide anything): one btree entry per row for nothing, and at 8.3M imported
-- messages an index of ~250 MB competing with the useful ones for the buffer cache. The partial
-- unique index keeps exactly the same guarantee for the rows that have a channel id. A partial
-- index cannot back a named constraint, so the writers that insert channel messages infer it:
-- `on conflict (inbox, channel_message_id) where channel_message_id is not null do nothing`
-- (PostgresConversationStore); lookups by `channel_message_id = ?` imply `is not null`, so the
-- planner uses the partial index for them as before. The index keeps the old name.
create unique index messages_channel_message_unique_v22 on messages (inbox, channel_message_id)
  where channel_message_id is not null;
alter table messages drop constraint messages_channel_message_unique;
alter index messages_channel_message_unique_v22 rename to messages_channel_message_unique;

-- 2. The search backlog. V20's partial index messages_search_backlog (seq) where search is null
-- held one entry per bulk-loaded message until the backfill filled its vector: a btree insert
-- per row at import, and a delete-marked entry per row afterwards. Instead, each bulk import
-- transaction records the id range of the messages it wrote (one row per COPY batch of ~16,000
-- messages, committed with them), and SearchBackfill walks the primary key inside a range
-- (`id between from_id and to_id and search is null`). BulkImport draws time-ordered ids (high
-- bits are the clock's milliseconds), so one batch's messages lie together in the primary key.
-- A range may also cover messages of a concurrent batch or of live traffic written in the same
-- milliseconds; those either have a vector (skipped) or are pending and in their own range too,
-- so overlapping ranges cost a few extra index reads, never a wrong result. A range row is
-- deleted only by the transaction that leaves no pending message in it, so every pending message
-- stays inside some range until its vector is committed (see SearchBackfill for the locking).
create table search_backlog (
  id      bigint generated always as identity primary key,
  from_id uuid not null,
  to_id   uuid not null,
  check (from_id <= to_id)
);

-- Messages a V20 bulk import left without a vector that no backfill has reached yet (usually
-- none; the old partial index answers that at once): one range over every id, which the
-- backfill walks once, skipping what already has a vector. uuid has no min/max aggregate.
insert into search_backlog (from_id, to_id)
  select '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'
  where exists (select 1 from messages where search is null);

drop index messages_search_backlog;

-- 3. The search GIN indexes (V17) indexed the NULL vectors of bulk-loaded messages too: an entry
-- under GIN's null key per imported message, only to be left dead when the backfill writes the
-- real vector. A message without a vector can never match `search @@ query` (the operator is
-- strict), so the planner proves `search is not null` from every search condition and uses these
-- partial indexes exactly as before; the import no longer touches them.
create index messages_public_search_v22 on messages using gin (search)
  where kind in ('incoming', 'outgoing') and search is not null;
drop index messages_public_search;
alter index messages_public_search_v22 rename to messages_public_search;
create index messages_note_search_v22 on messages using gin (search) where kind = 'note' and search is not null;
drop index messages_note_search;
alter index messages_note_search_v22 rename to messages_note_search;
