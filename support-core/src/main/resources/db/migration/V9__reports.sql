-- Indexes for the weekly and monthly reports (issue 8). Every report query starts from the
-- conversations created in the period and walks their messages through the existing
-- messages_conversation (conversation_id, created_at, seq) index, so a week's report reads only
-- that week's rows however large the history grows.

-- The period filter of every report query: conversations created in [from, to).
create index conversations_created on conversations (created_at);

-- CSAT counts ratings by submission time, not by the conversation's week; imported ratings
-- (csat_responses) had no index on it (csat_ratings has csat_ratings_submitted from V4).
create index csat_responses_submitted on csat_responses (submitted_at);

-- SLA shares join the period's conversations to their clocks; the only existing index on
-- sla_clocks.conversation_id is partial (open clocks), and reports need the stopped ones.
create index sla_clocks_conversation on sla_clocks (conversation_id, metric);
