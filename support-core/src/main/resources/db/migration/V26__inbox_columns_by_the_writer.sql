-- The inbox columns of a conversation (V10: last_message_seq, waiting_since) are kept by the
-- statement that writes the messages instead of by a row trigger (issue 12, receive throughput).
--
-- The row trigger of V10/V20 ran a PL/pgSQL call and an UPDATE of conversations for every message:
-- in an INSERT ... SELECT of 1,000 messages into 1,000 conversations it took 48 of the statement's
-- 96 ms (EXPLAIN ANALYZE, seventh session), and each of its updates left a second row version of
-- the conversation beside the one the receive itself writes. A statement trigger over a transition
-- table was tried next: it still cost about 0.5 ms per statement (bench receive, pg_stat_statements
-- with track = all), as much as the row trigger for a group-commit batch of eight.
--
-- Every message is written by the store (PostgresConversationStore.writeMessages: one INSERT per
-- call, its inserted rows then applied to their conversations in the same statement; for a
-- group-commit batch the same statement also writes the conversation updates, so each
-- conversation gets one new row version) or by BulkImport (V20: computes both columns itself).
-- The rules, applied to a statement's messages in seq order (the order they were inserted in):
--  * activity messages change nothing;
--  * last_message_seq becomes the highest seq;
--  * waiting_since: a reply (outgoing) clears it and the first customer message (incoming) after
--    the last reply sets it; with no reply in the statement, the first customer message sets it
--    only if it was not set already; notes leave it alone.
drop trigger messages_inbox on messages;
drop function inbox_on_message();

-- Per conversation of the given messages (parallel arrays): the highest seq of a message that is
-- not activity, the seq of the last reply (null: none) and the creation time of the first
-- customer message after it (or of the first at all, with no reply).
create function inbox_changes(conversation_ids uuid[], seqs bigint[], kinds text[],
    created timestamptz[])
  returns table (conversation_id uuid, last_seq bigint, last_reply bigint, first_waiting timestamptz)
  language sql immutable as $$
  select n.c, max(n.s), max(n.r),
         (array_agg(n.t order by n.s) filter (where n.k = 'incoming' and n.s > coalesce(n.r, 0)))[1]
  from (select m.c, m.s, m.k, m.t,
               max(m.s) filter (where m.k = 'outgoing') over (partition by m.c) as r
        from unnest(conversation_ids, seqs, kinds, created) as m(c, s, k, t)
        where m.k <> 'activity') n
  group by n.c
$$;

-- waiting_since after such messages, from what it was before: a reply decides it; without one a
-- customer message sets it only if it was not set.
create function inbox_waiting_since(before timestamptz, last_reply bigint,
    first_waiting timestamptz)
  returns timestamptz language sql immutable as $$
  select case when last_reply is null then coalesce(before, first_waiting) else first_waiting end
$$;
