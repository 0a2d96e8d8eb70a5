-- Idempotency keys: a client's name for one posted comment (the `Idempotency-Key` header), so
-- that a reply sent twice (a retry after a lost answer, an offline queue flushed by two senders)
-- is stored once. NULL for comments posted without one.
ALTER TABLE comments ADD COLUMN idempotency_key TEXT;
-- One comment per author and key; the index, not a look-up before the insert, is what makes two
-- requests racing with one key store one comment. Keys are per account: guests all post as the
-- shared guest account, which is safe because clients make keys at random (UUIDs).
CREATE UNIQUE INDEX comments_author_idempotency_key ON comments (author_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
