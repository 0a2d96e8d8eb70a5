-- Moderation: where a comment stands, a place in its thread only once readers may see it,
-- what the checks found when it was saved, the log of every change of standing, and each
-- site's and article's rules.

-- A comment gets its place when readers may first see it: as it is posted when the checks
-- pass, or when a moderator approves it. A held comment has none (NULL). SQLite changes a
-- column's NOT NULL only by remaking the table, so the places move to a new column.
ALTER TABLE comments ADD COLUMN place BIGINT;
UPDATE comments SET place = position;
DROP INDEX comments_article_position;
ALTER TABLE comments DROP COLUMN position;
ALTER TABLE comments RENAME COLUMN place TO position;
-- Paging: page N is an index range scan over positions; a thread's held comments are the
-- NULLs of the same index.
CREATE UNIQUE INDEX comments_article_position ON comments (article_id, position);

-- published | pending | rejected
ALTER TABLE comments ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
-- A rejected comment's reason, in the moderator's words, for its author.
ALTER TABLE comments ADD COLUMN status_reason TEXT;
-- The queues: comments that are not published, oldest first.
CREATE INDEX comments_status ON comments (status, created_at, id) WHERE status <> 'published';

-- What the checks found each time a comment was saved (posted: revision 1; each edit adds
-- one), as the JSON array of `schrieb_api::Finding`s, passes included with their values.
CREATE TABLE comment_checks (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    revision INTEGER NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (comment_id, revision)
);

-- The moderation log: one row per change of a comment's standing, appended by the transaction
-- that makes the change and never changed (the triggers refuse it).
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    -- Who decided; NULL when the checks held a comment as it was saved.
    moderator_id BIGINT REFERENCES users (id),
    comment_id BIGINT REFERENCES comments (id),
    -- NULL for a comment held as it was posted.
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    -- The checks' findings (JSON array) for a change they made.
    findings TEXT
);
CREATE INDEX moderation_log_comment ON moderation_log (comment_id, id);
CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;

-- A site's rules (`schrieb_api::ModerationSettings` as JSON; what is missing takes its default).
ALTER TABLE sites ADD COLUMN moderation TEXT NOT NULL DEFAULT '{}';

-- Counts changes of the site's word lists, so a server knows when its compiled copy is old.
ALTER TABLE sites ADD COLUMN words_version BIGINT NOT NULL DEFAULT 0;

-- A site's word lists: banned entries refuse a comment, suspect ones hold it.
CREATE TABLE site_words (
    site_id BIGINT NOT NULL REFERENCES sites (id),
    entry TEXT NOT NULL,
    -- banned | suspect
    severity TEXT NOT NULL,
    PRIMARY KEY (site_id, entry)
);

-- An article's discussion: open | closed | off; NULL follows the site's setting.
ALTER TABLE articles ADD COLUMN discussion TEXT;
