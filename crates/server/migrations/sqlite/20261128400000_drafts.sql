-- Drafts: the reply someone is writing under an article, kept so that it follows them to another
-- device. One per person and article; saving again replaces it, posting the comment removes it.
CREATE TABLE drafts (
    user_id BIGINT NOT NULL REFERENCES users (id),
    article_id BIGINT NOT NULL REFERENCES articles (id),
    -- Schrieb markup as typed, unfinished: only the comment length limit has been checked.
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, article_id)
);
