-- receive-1.sql's statements for four messages in one transaction, run one message after
-- another (no multi-row statements); audit rows, outbox events and payloads written once per
-- batch as the engine's end-of-transaction appends do. What batching transactions alone saves.
\set n random(1, 1000000000)
\set k random(:lo, :hi - 3)
begin;
select pg_advisory_xact_lock(cast(:n + 0 as bigint));
select id from messages where inbox = 'ol-whatsapp' and channel_message_id = 'pgbench.' || cast(cast(:n + 0 as bigint) as text);
select c.*, i.* from contacts c join contact_identities i on i.contact_id = c.id
  where c.id = (select contact_id from conversations where number = :k + 0);
select * from conversations where number = :k + 0 for update;
insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body, content_type,
    attachments, channel_message_id, mentions, created_at)
  select gen_random_uuid(), c.id, 'ol-whatsapp', 'incoming', 'contact', cast(c.contact_id as text),
    'Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?', 'text', '[]',
    'pgbench.' || cast(cast(:n + 0 as bigint) as text), '{}', now()
  from conversations c where c.number = :k + 0;
update conversations set last_activity_at = now(), version = version + 1 where number = :k + 0;
select pg_advisory_xact_lock(cast(:n + 1 as bigint));
select id from messages where inbox = 'ol-whatsapp' and channel_message_id = 'pgbench.' || cast(cast(:n + 1 as bigint) as text);
select c.*, i.* from contacts c join contact_identities i on i.contact_id = c.id
  where c.id = (select contact_id from conversations where number = :k + 1);
select * from conversations where number = :k + 1 for update;
insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body, content_type,
    attachments, channel_message_id, mentions, created_at)
  select gen_random_uuid(), c.id, 'ol-whatsapp', 'incoming', 'contact', cast(c.contact_id as text),
    'Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?', 'text', '[]',
    'pgbench.' || cast(cast(:n + 1 as bigint) as text), '{}', now()
  from conversations c where c.number = :k + 1;
update conversations set last_activity_at = now(), version = version + 1 where number = :k + 1;
select pg_advisory_xact_lock(cast(:n + 2 as bigint));
select id from messages where inbox = 'ol-whatsapp' and channel_message_id = 'pgbench.' || cast(cast(:n + 2 as bigint) as text);
select c.*, i.* from contacts c join contact_identities i on i.contact_id = c.id
  where c.id = (select contact_id from conversations where number = :k + 2);
select * from conversations where number = :k + 2 for update;
insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body, content_type,
    attachments, channel_message_id, mentions, created_at)
  select gen_random_uuid(), c.id, 'ol-whatsapp', 'incoming', 'contact', cast(c.contact_id as text),
    'Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?', 'text', '[]',
    'pgbench.' || cast(cast(:n + 2 as bigint) as text), '{}', now()
  from conversations c where c.number = :k + 2;
update conversations set last_activity_at = now(), version = version + 1 where number = :k + 2;
select pg_advisory_xact_lock(cast(:n + 3 as bigint));
select id from messages where inbox = 'ol-whatsapp' and channel_message_id = 'pgbench.' || cast(cast(:n + 3 as bigint) as text);
select c.*, i.* from contacts c join contact_identities i on i.contact_id = c.id
  where c.id = (select contact_id from conversations where number = :k + 3);
select * from conversations where number = :k + 3 for update;
insert into messages (id, conversation_id, inbox, kind, sender_type, sender_id, body, content_type,
    attachments, channel_message_id, mentions, created_at)
  select gen_random_uuid(), c.id, 'ol-whatsapp', 'incoming', 'contact', cast(c.contact_id as text),
    'Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?', 'text', '[]',
    'pgbench.' || cast(cast(:n + 3 as bigint) as text), '{}', now()
  from conversations c where c.number = :k + 3;
update conversations set last_activity_at = now(), version = version + 1 where number = :k + 3;
insert into audit_log (at, actor_kind, actor_id, action, conversation_id, data)
  select now(), 'system', 'system', 'message.created', id, '{"kind":"incoming"}' from conversations where number between :k and :k + 3;
insert into outbox_events (id, type, conversation_id, occurred_at, data)
  select gen_random_uuid(), 'message.created', id, now(), '{"kind":"incoming"}' from conversations where number between :k and :k + 3;
insert into inbound_payloads (id, inbox, received_at, method, path, headers, body, sha256)
  select gen_random_uuid(), 'ol-whatsapp', now(), 'POST', '/webhooks/ol-whatsapp', '{}',
    convert_to(repeat('{"object":"whatsapp_business_account"}', 12), 'UTF8'), 'pgbench' from generate_series(1, 4);
commit;
