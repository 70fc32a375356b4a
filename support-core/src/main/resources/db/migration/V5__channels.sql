-- Channel adapters: outbound dispatch with leases and a dead-letter state, delivery statuses
-- reported by channels, customer edits. Depends only on V1.

-- 'sending' rows carry a lease: a dispatcher that dies before recording its result leaves the
-- row to be claimed again after lease_until. 'failed' = refused for good by the channel or the
-- adapter; 'dead' = every allowed attempt failed. Both stay visible and can be retried by hand.
alter table outbound_messages drop constraint outbound_messages_status_check;
alter table outbound_messages add constraint outbound_messages_status_check
  check (status in ('pending', 'sending', 'sent', 'failed', 'dead'));
alter table outbound_messages
  add column lease_until        timestamptz,
  add column last_error_code    text,
  add column delivery_status    text check (delivery_status in ('sent', 'delivered', 'read', 'failed')),
  add column delivery_status_at timestamptz,
  add constraint outbound_messages_sending_has_lease check (status <> 'sending' or lease_until is not null);

create index outbound_messages_lease on outbound_messages (lease_until) where status = 'sending';
create index outbound_messages_state on outbound_messages (status, created_at desc);
-- Channels report statuses by the id they gave our message (a wamid).
create index outbound_messages_external on outbound_messages (inbox, external_id) where external_id is not null;

-- Customer edits (Telegram edited_message) replace the body; the time of the last edit is kept.
alter table messages add column edited_at timestamptz;
