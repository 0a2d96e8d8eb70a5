-- A moderator's decision names its line of the moderation log: notifications tell the author
-- what was decided and why.
ALTER TABLE thread_events ADD COLUMN log_id BIGINT REFERENCES moderation_log (id);

-- Notifications: made from the event log (a comment published or edited, a moderator's
-- decision), at most one per person, kind and comment (a decision: per decision, its event's
-- number in `trigger_seq`; 0 otherwise): the unique key makes making them again (a second
-- server reading the same events, a restart) change nothing.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- reply, quote, mention, followed, moderation, reactions
    kind TEXT NOT NULL,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    trigger_seq BIGINT NOT NULL DEFAULT 0,
    -- A decision's outcome (published, rejected) and the moderator's reason.
    outcome TEXT,
    reason TEXT,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (user_id, comment_id, kind, trigger_seq)
);
-- A reader's notifications, newest first; and their unread ones, counted for the bell.
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Threads people follow (new comments are notified) or mute (nothing from the thread is).
-- Writing in a thread follows it, unless the person has a row for it already.
CREATE TABLE thread_follows (
    user_id BIGINT NOT NULL REFERENCES users (id),
    article_id BIGINT NOT NULL REFERENCES articles (id),
    -- follow, mute
    state TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

-- How far notifications were made from the event log: one row, moved on in the transaction
-- that stores them, so that every server resumes where the last one left off.
CREATE TABLE notification_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
-- Notifications start with the log as it stands: nothing earlier is notified.
INSERT INTO notification_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM thread_events;
