-- Two costs of the receive/assignment path (issue 12).
--
-- 1. The open load per agent. Assignment counts each candidate's open conversations with
--      select assignee, count(*) from conversations where assignee = any(?)
--        and status in ('open', 'pending') group by assignee
--    (PostgresConversationStore.OPEN_LOAD_SQL). Since V24 dropped conversations_assignee this
--    walks conversations_assignee_activity, i.e. every conversation the agent ever had, and
--    filters the status on the heap: after a 1M-conversation import ~100k rows per agent per
--    assignment decision, plus every dead row version under receive load. This partial index
--    holds only open/pending assigned conversations (an agent's current load, tens of rows), so
--    the count reads that many entries. Its predicate is written exactly as the query's so the
--    planner can prove it; change both together.
--    Its price: one more index insertion per update of an open or pending assigned
--    conversation (those updates are never HOT anyway, since last_activity_at is in six
--    indexes, so the row already gets a new tuple and index entries; this is one more small
--    one). Resolved and unassigned conversations, the bulk of the table and of imports, are
--    not in it. Worth it: the count runs for every candidate on every assignment decision
--    and otherwise grows with the agent's whole history instead of the agent's capacity.
create index conversations_open_load on conversations (assignee)
  where assignee is not null and status in ('open', 'pending');

-- 2. The SLA deadline kept on conversations.sla_due_at (V10). "update of due_at, stopped_at,
--    paused_at" fires whenever one of them is in the SET list, not when it changes, and the
--    store updates a clock with every column: so every clock update (warned_at/breached_at by
--    the tick, a policy move that keeps the deadline) rewrote the conversation row, a non-HOT
--    update into every index of conversations, and in the tick a conversation row lock V10
--    meant to avoid. Now the update trigger fires only when a deadline column actually
--    changes, and the function leaves the conversation alone when sla_due_at stays the same
--    (e.g. the resolution clock started after the first-response clock, which is due first).
--    WHEN cannot use OLD on insert or NEW on delete, hence two triggers.
create or replace function inbox_on_sla_clock() returns trigger language plpgsql as $$
declare
  conv uuid := coalesce(new.conversation_id, old.conversation_id);
begin
  update conversations c set sla_due_at = due.at
  from (select min(k.due_at) as at from sla_clocks k
        where k.conversation_id = conv and k.stopped_at is null and k.paused_at is null) due
  where c.id = conv and c.sla_due_at is distinct from due.at;
  return null;
end $$;

drop trigger sla_clocks_inbox on sla_clocks;
create trigger sla_clocks_inbox after insert or delete on sla_clocks
  for each row execute function inbox_on_sla_clock();
create trigger sla_clocks_inbox_update after update of due_at, stopped_at, paused_at on sla_clocks
  for each row
  when (old.due_at is distinct from new.due_at or old.stopped_at is distinct from new.stopped_at
        or old.paused_at is distinct from new.paused_at)
  execute function inbox_on_sla_clock();
