-- Sanctions on accounts: ban | suspend | premoderate, or NULL for none; a suspension ends at
-- `sanction_until`. The reason is told to the account's owner.
ALTER TABLE users ADD COLUMN sanction TEXT;
ALTER TABLE users ADD COLUMN sanction_until BIGINT;
ALTER TABLE users ADD COLUMN sanction_reason TEXT;

-- A line of the moderation log about an account (its `from_state` and `to_state` are
-- active | banned | suspended | premoderated) names it here; one about a comment, there.
ALTER TABLE moderation_log ADD COLUMN account_id BIGINT REFERENCES users (id);
CREATE INDEX moderation_log_account ON moderation_log (account_id, id) WHERE account_id IS NOT NULL;

-- The sessions a ban ended, until they would have expired: a request that still names one is
-- told why it is logged out.
CREATE TABLE banned_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires_at BIGINT NOT NULL
);
CREATE INDEX banned_sessions_user ON banned_sessions (user_id);

-- Email domains nobody registers with (a disposable-mail service, a spammer's own): a domain
-- listed here blocks its subdomains too.
CREATE TABLE blocked_email_domains (
    domain TEXT PRIMARY KEY
);
