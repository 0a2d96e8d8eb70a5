-- The same body from the same author in other threads (a spam signal of moderation) is found by
-- a hash of the body: one index lookup, however much the author or all guests wrote that day.
-- The first 8 bytes of the body's SHA-256, set by the server as it stores or edits a body; NULL
-- for bodies from before, which are compared by nobody.
ALTER TABLE comments ADD COLUMN body_hash BIGINT;
CREATE INDEX comments_author_body_hash ON comments (author_id, body_hash, created_at) WHERE body_hash IS NOT NULL;
