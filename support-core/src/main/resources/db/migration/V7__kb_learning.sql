-- What the knowledge base suggested and where it had nothing good to offer.
-- Written by the AI first response and the suggestion paths; read by reports
-- ("suggestions that helped", "suggested new articles").

create table kb_suggestions (
  id              bigint generated always as identity primary key,
  conversation_id uuid not null references conversations (id) on delete cascade,
  article_id      text not null,
  context         text not null check (context in ('before_send', 'while_waiting', 'preview', 'first_response')),
  score           double precision not null,
  suggested_at    timestamptz not null
);
create index kb_suggestions_conversation on kb_suggestions (conversation_id);
create index kb_suggestions_time on kb_suggestions (suggested_at);

-- A customer question for which the best article scored below the workspace threshold.
-- The question is personal data: GDPR erasure redacts it with the contact's messages.
create table kb_gaps (
  id              bigint generated always as identity primary key,
  conversation_id uuid references conversations (id) on delete cascade,
  language        text,
  question        text not null,
  best_article_id text,
  best_score      double precision,
  recorded_at     timestamptz not null
);
create index kb_gaps_time on kb_gaps (recorded_at);
