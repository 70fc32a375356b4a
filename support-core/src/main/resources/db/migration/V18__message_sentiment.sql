-- The analyzer's sentiment of each incoming message that went through routing (issue 8: the weekly
-- report's sentiment trend). Null for messages never analyzed: outgoing, notes, activities,
-- imported history, and messages received while no routing is configured.
alter table messages add column sentiment text
  check (sentiment is null or sentiment in ('negative', 'neutral', 'positive'));
