-- When the person deleted their account. The row stays as a tombstone, emptied: no name, no
-- address, no password, a name key no display name can have. Its comments, if the person kept
-- them in their threads, are signed "deleted account"; moderation records still name the row.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
