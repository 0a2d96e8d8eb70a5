-- Live threads resume one thread's log from the last event a reader saw: by article, in order.
CREATE INDEX thread_events_article ON thread_events (article_id, seq);
