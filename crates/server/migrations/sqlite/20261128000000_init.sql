-- schrieb's first schema. Portable SQL: PostgreSQL gets the same tables in its own folder.
-- Timestamps are Unix milliseconds (UTC) in BIGINT columns.

CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
-- Display names are unique regardless of case ("Martin" and "martin" are one person).
CREATE UNIQUE INDEX users_display_name_lower ON users (lower(display_name));

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (id),
    slug TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    note TEXT,
    -- Comments not deleted; kept by the same transaction that adds or deletes a comment, so the
    -- article list never counts a whole thread.
    comment_count BIGINT NOT NULL DEFAULT 0,
    -- Places in the thread, deleted placeholders included: the highest comment position. Kept
    -- by the transaction that appends comments, so paging needs no MAX() over the thread.
    thread_length BIGINT NOT NULL DEFAULT 0
);
-- The article list, newest first.
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id),
    -- Place in the thread from 1, given when posted and never reused: page N is the range
    -- ((N-1)*20, N*20], an index range scan however deep the page.
    position BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    edit_count INTEGER NOT NULL DEFAULT 0,
    deleted BOOLEAN NOT NULL DEFAULT FALSE
);
-- Paging: page N is an index range scan over positions.
CREATE UNIQUE INDEX comments_article_position ON comments (article_id, position);
-- A user's comments (profiles, moderation), newest first.
CREATE INDEX comments_author ON comments (author_id, created_at);

CREATE TABLE comment_revisions (
    id INTEGER PRIMARY KEY,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    -- 1 is the body as first posted; each edit adds the body it replaced.
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    -- When this body was written.
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX comment_revisions_comment ON comment_revisions (comment_id, revision);
