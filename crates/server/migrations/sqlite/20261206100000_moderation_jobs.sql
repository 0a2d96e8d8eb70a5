-- Bulk decisions: one decision for many comments, run in the background; the desk reads how far
-- each is. Every comment it decides has its own line in the moderation log, as one decided by
-- hand does.
CREATE TABLE moderation_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    moderator_id BIGINT NOT NULL REFERENCES users (id),
    -- approve | reject
    action TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- Set when the server stopped before the job was done (it ran in that server's memory).
    interrupted BOOLEAN NOT NULL DEFAULT FALSE
);
