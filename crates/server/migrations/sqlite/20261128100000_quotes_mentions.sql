-- What a comment's quotes and mentions pointed at when it was saved.

-- Quotes with source, checked when the quoting comment was saved. Whether the quoted words
-- are still there is decided when the thread is read, against the source as it is then.
CREATE TABLE comment_quotes (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    -- Place among the comment's outer quotes with source, from 0, in body order: the order of
    -- `Comment::quotes` on the wire, which the app pairs with the quotes it renders.
    ordinal INTEGER NOT NULL,
    -- The quoted comment. No foreign key: an imported quote may name a comment that was
    -- never imported (it is then shown as unverified).
    source_id BIGINT NOT NULL,
    -- The source's revision the quote was checked against (1 is the body as first posted).
    source_revision INTEGER NOT NULL,
    -- The quoted words, white space collapsed, for the check on read.
    quoted_text TEXT NOT NULL,
    -- False for imported quotes that could not be checked.
    verified BOOLEAN NOT NULL,
    PRIMARY KEY (comment_id, ordinal)
);
-- Who quoted this comment (notifications, and re-checking quotes when it is edited).
CREATE INDEX comment_quotes_source ON comment_quotes (source_id);

-- Mentions that name an account, resolved when the comment was saved.
CREATE TABLE comment_mentions (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- The name as the body writes it, which the app matches against the rendered mention.
    name TEXT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
-- A user's mentions (notifications).
CREATE INDEX comment_mentions_user ON comment_mentions (user_id);
