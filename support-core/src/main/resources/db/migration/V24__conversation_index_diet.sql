-- Every received message updates its conversation's last_activity_at, which six indexes contain,
-- so the update is never HOT and writes an entry into every index of conversations (sixteen
-- before this migration). Two of them serve nothing another index does not serve as well:
--  * conversations_assignee (assignee) where assignee is not null: a prefix of
--    conversations_assignee_activity (assignee, last_activity_at desc, id desc) with the same
--    predicate; the open-load count per agent (assignment) and "mine" lists use that one.
--  * conversations_status_team (status, team): the lists filtered by status and team order by
--    activity and use conversations_status_activity / conversations_team_activity; the drain
--    uses conversations_unassigned_waiting; reports use conversations_created.
-- Dropping them saves two index insertions per conversation write (receive, reply, routing).
drop index if exists conversations_assignee;
drop index if exists conversations_status_team;
