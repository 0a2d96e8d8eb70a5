-- The event log: one row for every change readers may see, appended by the same transaction as
-- the change. `seq` only grows (AUTOINCREMENT never reuses a number, even after a delete), so a
-- reader of the log (the answer cache of every server, later live threads and notifications)
-- resumes from the last number it saw with nothing missing and nothing twice.
CREATE TABLE thread_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The thread that changed; NULL for a change of a site's settings, which every thread of the
    -- site may show (whether guests may write).
    article_id BIGINT REFERENCES articles (id),
    -- The comment that changed, if the change is one comment's.
    comment_id BIGINT REFERENCES comments (id),
    -- published, edited, deleted, restored, reacted, site
    kind TEXT NOT NULL,
    at BIGINT NOT NULL
);
