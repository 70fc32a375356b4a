-- Agents' availability at run time (issue 3). The workspace file gives each agent's default;
-- a row here overrides it once the agent (or the host) set it through the engine.
create table agent_state (
  agent         text primary key,
  availability  text not null check (availability in ('online', 'away', 'offline')),
  updated_at    timestamptz not null
);

-- The backlog drain picks a team's oldest waiting unassigned conversations.
create index conversations_unassigned_waiting on conversations (team, created_at)
  where assignee is null and status = 'open';
