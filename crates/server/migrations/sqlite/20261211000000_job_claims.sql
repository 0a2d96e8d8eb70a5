-- Bulk decisions that any server can carry on: what a job decides (its plan, JSON: the target
-- state, the state each comment was seen in, the reason, and each comment with the edits and
-- open reports it had), how far it is, and until when the server running it holds it. A
-- server renews its claim as it records progress; a claim that ran out (its server died) is
-- taken over by another, which goes on from `position`.
ALTER TABLE moderation_jobs ADD COLUMN plan TEXT;
ALTER TABLE moderation_jobs ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE moderation_jobs ADD COLUMN claimed_until BIGINT;
-- Jobs started before plans were kept cannot be carried on: they stopped with their server.
UPDATE moderation_jobs SET finished_at = started_at, interrupted = TRUE WHERE finished_at IS NULL;
CREATE INDEX moderation_jobs_unfinished ON moderation_jobs (claimed_until) WHERE finished_at IS NULL;
