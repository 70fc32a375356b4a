-- The statements one received message needs at least, one message per transaction: lock the
-- sender, dedupe, contact, conversation, insert the message (its triggers run), update the
-- conversation, audit, outbox event, raw payload. PostgreSQL's work only (no JVM), to measure
-- the floor under `support bench receive`. See README.md in this directory.
\set n random(1, 1000000000)
\set k random(:lo, :hi)
begin;
select pg_advisory_xact_lock(cast(:n as bigint));
select id from messages where inbox = 'ol-whatsapp' and channel_message_id = 'pgbench.' || cast(cast(:n as bigint) as text);
select c.*, i.* from contacts c join contact_identities i on i.contact_id = c.id
  where c.id = (select contact_id from conversations where number = :k);
select * from conversations where number = :k for update;
insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body, content_type,
    attachments, channel_message_id, mentions, created_at)
  select gen_random_uuid(), c.id, 'ol-whatsapp', 'incoming', 'contact', cast(c.contact_id as text),
    'Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?', 'text', '[]',
    'pgbench.' || cast(cast(:n as bigint) as text), '{}', now()
  from conversations c where c.number = :k;
update conversations set last_activity_at = now(), version = version + 1 where number = :k;
insert into audit_log (at, actor_kind, actor_id, action, conversation_id, data)
  select now(), 'system', 'system', 'message.created', id, '{"kind":"incoming"}' from conversations where number = :k;
insert into outbox_events (id, type, conversation_id, occurred_at, data)
  select gen_random_uuid(), 'message.created', id, now(), '{"kind":"incoming"}' from conversations where number = :k;
insert into inbound_payloads (id, inbox, received_at, method, path, headers, body, sha256)
  values (gen_random_uuid(), 'ol-whatsapp', now(), 'POST', '/webhooks/ol-whatsapp', '{}',
    convert_to(repeat('{"object":"whatsapp_business_account"}', 12), 'UTF8'), 'pgbench');
commit;
