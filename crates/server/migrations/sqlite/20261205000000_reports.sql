-- Readers' reports of comments: one per reader and comment, kept after a moderator decides so
-- each reporter's record (how often they were right) can be counted.
CREATE TABLE comment_reports (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    -- spam | abuse | off_topic | misinformation | other
    reason TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL,
    -- NULL while open; 'upheld' when a moderator rejected the comment, 'dismissed' when they
    -- kept it.
    outcome TEXT,
    decided_by BIGINT REFERENCES users (id),
    decided_at BIGINT,
    PRIMARY KEY (comment_id, reporter_id)
);
-- A reporter's record: two counts over one range each.
CREATE INDEX comment_reports_reporter ON comment_reports (reporter_id, outcome);

-- How many reports of a comment await a moderator, and when the first of them came: the
-- reported queue is the comments with some, oldest report first, read off the partial index.
ALTER TABLE comments ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reported_at BIGINT;
CREATE INDEX comments_reported ON comments (reported_at, id) WHERE open_reports > 0;
