-- Encryption at rest (issue 10): messages.body and contacts.name/email/phone may hold
-- 'enc:v1:<keyId>:<base64>' values (AES-GCM, written by the application). The search vectors
-- were generated columns over those text columns; a generated column cannot see the plaintext of
-- an encrypted value, so they become plain columns kept by triggers: computed in the database for
-- plaintext rows (as before), and written by the application from the plaintext for encrypted
-- rows. Exact contact look-ups by e-mail or phone go through keyed HMAC blind indexes.

alter table messages drop column search;   -- drops V10's messages_public_search and messages_note_search
alter table messages add column search tsvector;
update messages set search = to_tsvector('support_de'::regconfig, body) || to_tsvector('support_en'::regconfig, body);
-- The same partial indexes as V10 (public messages and notes apart; activities never searched).
create index messages_public_search on messages using gin (search) where kind in ('incoming', 'outgoing');
create index messages_note_search on messages using gin (search) where kind = 'note';

create function messages_search_vector() returns trigger language plpgsql as $$
begin
  if new.body not like 'enc:v1:%' then
    new.search := to_tsvector('support_de'::regconfig, new.body) || to_tsvector('support_en'::regconfig, new.body);
  elsif tg_op = 'INSERT' and new.search is null then
    new.search := ''::tsvector;
  end if;
  return new;
end $$;
create trigger messages_search before insert or update of body on messages
  for each row execute function messages_search_vector();

alter table contacts drop column search;   -- drops the index contacts_search
alter table contacts add column search tsvector;
alter table contacts add column email_index text, add column phone_index text;
update contacts set search =
  to_tsvector('support_simple'::regconfig, coalesce(name, '') || ' ' || coalesce(email, '') || ' '
    || coalesce(phone, '')) || to_tsvector('support_de'::regconfig, coalesce(name, ''));
create index contacts_search on contacts using gin (search);
create index contacts_email_index on contacts (email_index) where email_index is not null;
create index contacts_phone_index on contacts (phone_index) where phone_index is not null;

create function contacts_search_vector() returns trigger language plpgsql as $$
begin
  if coalesce(new.name, '') not like 'enc:v1:%' and coalesce(new.email, '') not like 'enc:v1:%'
      and coalesce(new.phone, '') not like 'enc:v1:%' then
    new.search := to_tsvector('support_simple'::regconfig, coalesce(new.name, '') || ' '
        || coalesce(new.email, '') || ' ' || coalesce(new.phone, ''))
      || to_tsvector('support_de'::regconfig, coalesce(new.name, ''));
  end if;
  return new;
end $$;
create trigger contacts_search before insert or update of name, email, phone on contacts
  for each row execute function contacts_search_vector();
