-- Issue 10: the append-only audit log, GDPR erasure helpers and retention bookkeeping.
-- Depends on V1.

-- Who did what, when, to which conversation or contact, with the changed fields before/after.
-- Never holds message texts or contact details (only ids, statuses, labels, handles).
create table audit_log (
  id              bigint generated always as identity primary key,
  at              timestamptz not null,
  actor_kind      text not null check (actor_kind in ('agent', 'system', 'service')),
  actor_id        text not null,
  action          text not null,
  command         text,
  conversation_id uuid,
  contact_id      uuid,
  data            jsonb not null default '{}'::jsonb,
  changes         jsonb not null default '{}'::jsonb
);
create index audit_log_conversation on audit_log (conversation_id, id) where conversation_id is not null;
create index audit_log_contact on audit_log (contact_id, id) where contact_id is not null;
create index audit_log_actor on audit_log (actor_id, id);
create index audit_log_at on audit_log (at);

-- Append-only: UPDATE and DELETE are refused. The one documented exception is a GDPR erasure,
-- which sets support.audit_erasure = 'on' for its own transaction (SET LOCAL) to scrub personal
-- data that reached an entry. TRUNCATE (test kits, a full reset) is not row-level and unaffected.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('support.audit_erasure', true), '') = 'on' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Replaces every occurrence of each needle (exact, case-sensitive) with '[erased]'.
create function support_scrub(t text, needles text[]) returns text language plpgsql immutable as $$
declare
  n text;
begin
  if t is null then
    return null;
  end if;
  foreach n in array needles loop
    t := replace(t, n, '[erased]');
  end loop;
  return t;
end $$;

-- Set when retention or an erasure replaced the conversation's texts; such rows are not redacted again.
alter table conversations add column redacted_at timestamptz;
create index conversations_retention on conversations (resolved_at) where status = 'resolved' and redacted_at is null;
