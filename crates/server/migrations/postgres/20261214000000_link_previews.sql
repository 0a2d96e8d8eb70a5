-- Link previews: the cards of a comment's first links, made in the background after it is
-- published (`previews/`).

-- The cards readers get with the comment, as JSON (`LinkPreview`s, in the order of its links):
-- made when a link's page was read, so reading a thread joins nothing. Cleared when the author
-- or a moderator removes them; `previews_removed` keeps them away after later edits.
ALTER TABLE comments ADD COLUMN previews TEXT NOT NULL DEFAULT '[]';
ALTER TABLE comments ADD COLUMN previews_removed BOOLEAN NOT NULL DEFAULT FALSE;

-- Pictures of cards, checked and re-encoded, served from schrieb's origin under their name
-- (the SHA-256 of their bytes and an extension): the same picture is kept once.
CREATE TABLE preview_images (
    name TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- What a linked page said, once per URL whatever number of comments link to it; pending until
-- a server fetched it (claimed until `claimed_until`), then ready or failed.
CREATE TABLE link_previews (
    url TEXT PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'failed')),
    title TEXT,
    site TEXT,
    description TEXT,
    image TEXT REFERENCES preview_images (name),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    fetched_at BIGINT
);

CREATE INDEX link_previews_due ON link_previews (next_attempt_at) WHERE state = 'pending';

-- Which links of a comment get cards, in order.
CREATE TABLE comment_links (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    position BIGINT NOT NULL,
    url TEXT NOT NULL REFERENCES link_previews (url),
    PRIMARY KEY (comment_id, position)
);

CREATE INDEX comment_links_url ON comment_links (url);

-- How far the preview maker read the event log: from now on (older comments get no cards).
CREATE TABLE preview_cursor (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);

INSERT INTO preview_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM thread_events;
