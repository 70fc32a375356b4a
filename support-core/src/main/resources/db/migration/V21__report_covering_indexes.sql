-- Covering indexes for the weekly and monthly reports (issue 8), so the report reads index pages
-- that lie together instead of one heap page per conversation and message. Every report query
-- starts from the period's conversations and walks their messages; conversations of one week are
-- spread over the whole heap (imports and live traffic write them in any order), so a plain index
-- on created_at still fetched ~one heap page per conversation: 19,000 random pages per week at
-- 1,000,000 conversations, and five times that for the spike and sentiment baselines (four
-- previous weeks). With every column the reports read in the index, PostgreSQL answers them with
-- index-only scans (the visibility map is kept by autovacuum; recently changed pages fall back
-- to the heap, which is correct, just slower).

-- The period filter (created_at range) with every column of the reports' `conv` set: kind (the
-- filter), id, status, priority, team, assignee, labels, resolved_at, last_activity_at, inbox and
-- contact_id. Replaces V9's plain conversations_created (same name, same leading column, so the
-- plans that used it still do). Conversation updates already touch several indexes (status,
-- assignee, team, labels and last_activity_at are indexed elsewhere, so they are never HOT).
create index conversations_created_v21 on conversations (created_at)
  include (kind, id, status, priority, team, assignee, labels, resolved_at, last_activity_at, inbox, contact_id);
drop index conversations_created;
alter index conversations_created_v21 rename to conversations_created;

-- Each conversation's messages in time order with the two columns the report's walk reads
-- (kind, sender_type): first response, reply times, AI deflection and the SLA spans become
-- index-only scans. Replaces V1's messages_conversation (same key columns and name, so the
-- conversation views that read it are unchanged; the index count of messages stays the same,
-- which matters for bulk import speed).
create index messages_conversation_v21 on messages (conversation_id, created_at, seq) include (kind, sender_type);
drop index messages_conversation;
alter index messages_conversation_v21 rename to messages_conversation;

-- The weekly sentiment trend counts the analyzed customer messages of five weeks of
-- conversations. Only analyzed incoming messages carry a sentiment (imported history never
-- does), so this partial index is small, and the trend reads it instead of every message of
-- ~100,000 conversations.
create index messages_sentiment on messages (conversation_id) include (sentiment)
  where kind = 'incoming' and sentiment is not null;
