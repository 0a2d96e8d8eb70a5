-- Endpoints a site's admins registered to hear of its comments, signed with their secret.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (id),
    url TEXT NOT NULL,
    -- `whsec_` and base64, as the Standard Webhooks libraries take it.
    secret TEXT NOT NULL,
    -- The events it hears of, comma-separated (`comment.published,comment.deleted`).
    events TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    -- Why the server turned it off (an answer of 410 Gone).
    disabled_reason TEXT,
    created_at BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX webhooks_site ON webhooks (site_id) WHERE NOT deleted;

-- One delivery of an event to an endpoint, with its attempts: the payload is made once, so
-- every attempt sends the same bytes under the same message id.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id),
    event_seq BIGINT NOT NULL,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- pending, delivered, failed
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    response_status INTEGER,
    error TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);

-- How far deliveries were made from the event log, moved in the transaction that stores them.
CREATE TABLE webhook_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM thread_events;
