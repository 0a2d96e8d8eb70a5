-- Rate limits every server shares (`db::SharedLimits`): each key's theoretical arrival time
-- (GCRA), Unix milliseconds. Unlogged: the counts are worth no write to the WAL, and a crash
-- that loses them forgives a few minutes of limits at worst. PostgreSQL only: a server on
-- SQLite is the only one, and keeps its limits in memory.
CREATE UNLOGGED TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);
