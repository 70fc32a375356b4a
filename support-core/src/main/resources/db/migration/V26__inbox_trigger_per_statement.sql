-- The inbox columns of a conversation (V10: last_message_seq, waiting_since) kept once per INSERT
-- statement instead of once per message row (issue 12, receive throughput).
--
-- The store now writes a batch of messages (a group commit's received messages) with one
-- multi-row INSERT. The row trigger of V10/V20 ran a PL/pgSQL call and an UPDATE of conversations
-- for every row: in an INSERT ... SELECT of 1,000 messages into 1,000 conversations it took 48 of
-- the statement's 96 ms (EXPLAIN ANALYZE, seventh session). This statement trigger reads the
-- inserted rows from a transition table and updates each conversation once, with the same rules
-- applied in seq order (the order the rows were inserted in):
--  * activity messages change nothing;
--  * last_message_seq becomes the highest seq;
--  * waiting_since: a reply (outgoing) clears it and the first customer message (incoming) after
--    the last reply sets it; with no reply in the statement, the first customer message sets it
--    only if it was not set already; notes leave it alone.
-- BulkImport still sets support.bulk_load = 'on' and computes both columns itself (V20).
drop trigger messages_inbox on messages;
drop function inbox_on_message();

create function inbox_on_messages() returns trigger language plpgsql as $$
begin
  update conversations c set
    last_message_seq = greatest(c.last_message_seq, a.last_seq),
    waiting_since = case when a.last_reply is null then coalesce(c.waiting_since, a.first_waiting)
                         else a.first_waiting end
  from (
    select n.conversation_id, max(n.seq) as last_seq, max(n.last_reply) as last_reply,
           (array_agg(n.created_at order by n.seq)
              filter (where n.kind = 'incoming' and n.seq > coalesce(n.last_reply, 0)))[1]
             as first_waiting
    from (select m.conversation_id, m.seq, m.kind, m.created_at,
                 max(m.seq) filter (where m.kind = 'outgoing')
                   over (partition by m.conversation_id) as last_reply
          from added m where m.kind <> 'activity') n
    group by n.conversation_id) a
  where c.id = a.conversation_id;
  return null;
end $$;

create trigger messages_inbox after insert on messages
  referencing new table as added
  for each statement when (current_setting('support.bulk_load', true) is distinct from 'on')
  execute function inbox_on_messages();
