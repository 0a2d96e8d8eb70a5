-- The language a person's mails are written in: the page's language when they registered,
-- changed on the settings page.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
-- Whether writing in a thread follows it (the default).
ALTER TABLE users ADD COLUMN follow_own_threads BOOLEAN NOT NULL DEFAULT 1;
-- When the person's last digest mail was made: one a day at most.
ALTER TABLE users ADD COLUMN digest_at BIGINT;

-- How a person hears of a kind of notification, where they chose otherwise than the default.
CREATE TABLE notification_settings (
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- reply, quote, mention, followed, moderation, reactions
    kind TEXT NOT NULL,
    -- app, email, digest, off
    delivery TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- What became of a notification's mail, decided once it is due: NULL until then; `sent`,
-- `digest` (waits for the daily digest), `digested`, or why none went (`app`, `read`, `gone`,
-- `waiting` for a visit to its thread). Notifications made before mail was real are settled.
ALTER TABLE notifications ADD COLUMN mail TEXT;
UPDATE notifications SET mail = 'app';
CREATE INDEX notifications_mail_due ON notifications (created_at) WHERE mail IS NULL;
CREATE INDEX notifications_digest ON notifications (user_id) WHERE mail = 'digest';

-- When a person last opened a thread, and when a mail last told them of it: one mail per thread
-- until they come back.
CREATE TABLE thread_visits (
    user_id BIGINT NOT NULL REFERENCES users (id),
    article_id BIGINT NOT NULL REFERENCES articles (id),
    visited_at BIGINT,
    mailed_at BIGINT,
    PRIMARY KEY (user_id, article_id)
);

-- The outbox becomes the queue mails are sent from. Mails already in it were sent by the log.
ALTER TABLE outbox ADD COLUMN html TEXT;
ALTER TABLE outbox ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
-- The `List-Unsubscribe` header's value, for mails one can unsubscribe from.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
-- queued, sent, failed
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
-- A server sending the mail holds it until then; another may take it over afterwards.
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN sent_at BIGINT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_failed ON outbox (id) WHERE status = 'failed';

-- The links in mails that stop them, without logging in: each names a person, the kind of
-- mail, and (for mails about a thread) the thread.
CREATE TABLE unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    article_id BIGINT REFERENCES articles (id),
    created_at BIGINT NOT NULL
);
