-- A body a comment had while it was held or rejected, kept as a revision when it was edited:
-- no moderator approved it, so once the comment is published its readers do not see it in the
-- history (its author and moderators still do).
ALTER TABLE comment_revisions ADD COLUMN unreviewed BOOLEAN NOT NULL DEFAULT FALSE;
