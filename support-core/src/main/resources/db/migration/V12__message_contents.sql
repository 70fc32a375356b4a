-- The whole decoded content of an inbound message where the channel strips it for the
-- conversation view (e-mail: quotes and signature removed from messages.body). full_text is the
-- whole text (from the HTML when a mail has no text part); html the sanitized HTML part, if any.
create table message_contents (
  message_id uuid primary key references messages (id) on delete cascade,
  full_text  text not null,
  html       text
);
