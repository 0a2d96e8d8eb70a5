-- Accounts that log in, their sessions, email confirmation, outgoing mail, reactions, and who
-- deleted a comment.

-- People from the demo or an import have no email and cannot log in.
ALTER TABLE users ADD COLUMN email TEXT;
-- argon2id in PHC string format (parameters and salt included).
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'reader';
-- Set when the owner followed the confirmation link; logging in needs it.
ALTER TABLE users ADD COLUMN email_confirmed_at BIGINT;
-- Stored lower-cased; NULLs (no email) do not clash.
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's random token, hex: a copy of the database opens no session.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
-- Ending every session of a user (password change).
CREATE INDEX sessions_user ON sessions (user_id);

-- Single-use tokens sent by mail (confirming the address), stored hashed like sessions.
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Mail the server sent; the log transport (development, tests) keeps it here to be read.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_to ON outbox (to_address, id);

-- One row per person, comment and kind: toggling is insert or delete.
CREATE TABLE reactions (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, kind, user_id)
);

-- Who deleted a comment: its author, or a moderator (whose deletion only moderators undo).
ALTER TABLE comments ADD COLUMN deleted_by BIGINT REFERENCES users (id);
