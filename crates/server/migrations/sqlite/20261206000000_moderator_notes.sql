-- Moderators' notes on accounts ("known troll", "warned by mail on 3 May"): for the moderators
-- who meet the account's comments later, never shown to its owner. Not a change of standing, so
-- not in the log; kept as written (there is no edit).
CREATE TABLE moderator_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id BIGINT NOT NULL REFERENCES users (id),
    moderator_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX moderator_notes_account ON moderator_notes (account_id, id);

-- An author's record counts their comments by standing beside each queue item: off this index
-- alone, without reading a row, however many comments they wrote.
CREATE INDEX comments_author_standing ON comments (author_id, status, deleted);
