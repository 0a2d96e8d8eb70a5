-- A body a comment had while it was held or rejected, kept as a revision when it was edited:
-- no moderator approved it, so once the comment is published its readers do not see it in the
-- history (its author and moderators still do).
ALTER TABLE comment_revisions ADD COLUMN unreviewed BOOLEAN NOT NULL DEFAULT FALSE;

-- Whether readers have seen the comment's current body: it was published with it, or approved.
-- An edit of a body readers saw keeps that body public in the history, whatever the comment's
-- state at the time (a comment held by reports, then edited).
ALTER TABLE comments ADD COLUMN body_public BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE comments SET body_public = (status = 'published');
