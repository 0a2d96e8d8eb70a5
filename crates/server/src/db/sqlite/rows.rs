//! Rows as SQLite returns them, and their conversion into API types.

use chrono::{DateTime, Utc};
use schrieb_api::{
    Article, Author, Comment, CommentId, CommentState, DiscussionState, ModerationSettings, PromoSettings, Slug, UserId,
};
use sqlx::FromRow;

use crate::db::DbError;

pub(in crate::db) fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

pub(in crate::db) fn time(millis: i64) -> Result<DateTime<Utc>, DbError> {
    DateTime::from_timestamp_millis(millis).ok_or_else(|| DbError::Corrupt(format!("timestamp {millis}")))
}

/// A body's hash as `comments.body_hash` keeps it: the first 8 bytes of its SHA-256.
pub(in crate::db) fn body_hash(body: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

pub(in crate::db) fn slug(raw: String) -> Result<Slug, DbError> {
    Slug::parse(&raw).map_err(|error| DbError::Corrupt(format!("slug {raw:?}: {error}")))
}

/// A stored count or number on the wire as a `u32`, saturating: none of ours comes near.
pub(in crate::db) fn small(raw: i64) -> u32 {
    u32::try_from(raw).unwrap_or(u32::MAX)
}

pub(in crate::db) fn count(raw: i64) -> Result<u64, DbError> {
    u64::try_from(raw).map_err(|_| DbError::Corrupt(format!("count {raw}")))
}

#[derive(FromRow)]
pub(in crate::db) struct SummaryRow {
    pub(in crate::db) slug: String,
    pub(in crate::db) title: String,
    pub(in crate::db) author: String,
    pub(in crate::db) published_at: i64,
    pub(in crate::db) comment_count: i64,
}

#[derive(FromRow)]
pub(in crate::db) struct ArticleRow {
    pub(in crate::db) slug: String,
    pub(in crate::db) lang: String,
    pub(in crate::db) title: String,
    pub(in crate::db) author: String,
    pub(in crate::db) published_at: i64,
    pub(in crate::db) canonical_url: String,
    pub(in crate::db) body: String,
    pub(in crate::db) note: Option<String>,
    pub(in crate::db) comment_count: i64,
    pub(in crate::db) guest_comments: bool,
    pub(in crate::db) discussion: Option<String>,
    pub(in crate::db) moderation: String,
    /// Its site's promotions, as JSON.
    pub(in crate::db) promos: String,
}

/// The columns of [`ArticleRow`], for a query over `articles a JOIN sites s ON s.id = a.site_id`.
pub(in crate::db) const ARTICLE_COLUMNS: &str = "a.slug, a.lang, a.title, a.author, a.published_at, a.canonical_url, \
     a.body, a.note, a.comment_count, s.guest_comments, a.discussion, s.moderation, s.promos";

/// An article's discussion state: its own, else its site's.
pub(in crate::db) fn discussion(own: Option<&str>, site_settings: &str) -> Result<DiscussionState, DbError> {
    let corrupt = |error: serde_json::Error| DbError::Corrupt(format!("discussion state: {error}"));
    match own {
        Some(name) => serde_json::from_value(serde_json::Value::from(name)).map_err(corrupt),
        None => Ok(serde_json::from_str::<ModerationSettings>(site_settings).map_err(corrupt)?.discussion),
    }
}

/// A site's promotions as stored.
pub(in crate::db) fn promos(json: &str) -> Result<Option<PromoSettings>, DbError> {
    serde_json::from_str(json).map(Some).map_err(|error| DbError::Corrupt(format!("promotions: {error}")))
}

impl ArticleRow {
    pub(in crate::db) fn into_article(self) -> Result<Article, DbError> {
        Ok(Article {
            slug: slug(self.slug)?,
            lang: self.lang,
            title: self.title,
            author: self.author,
            published_at: time(self.published_at)?,
            canonical_url: self.canonical_url,
            body: self.body,
            note: self.note,
            comment_count: count(self.comment_count)?,
            guest_comments: self.guest_comments,
            discussion: discussion(self.discussion.as_deref(), &self.moderation)?,
            promos: promos(&self.promos)?.filter(|promos| promos.enabled),
        })
    }
}

#[derive(FromRow)]
pub(in crate::db) struct CommentRow {
    pub(in crate::db) id: i64,
    pub(in crate::db) position: Option<i64>,
    pub(in crate::db) author_id: i64,
    pub(in crate::db) display_name: String,
    /// Whether the author deleted their account.
    pub(in crate::db) author_deleted: bool,
    pub(in crate::db) body: String,
    pub(in crate::db) created_at: i64,
    pub(in crate::db) edited_at: Option<i64>,
    pub(in crate::db) edit_count: i64,
    pub(in crate::db) deleted: bool,
    pub(in crate::db) guest_name: Option<String>,
    pub(in crate::db) status: String,
    pub(in crate::db) status_reason: Option<String>,
    /// Its link preview cards, as JSON.
    pub(in crate::db) previews: String,
}

pub(in crate::db) fn state(name: &str) -> Result<CommentState, DbError> {
    CommentState::from_name(name).ok_or_else(|| DbError::Corrupt(format!("comment status {name:?}")))
}

impl CommentRow {
    pub(in crate::db) fn into_comment(self) -> Result<Comment, DbError> {
        Ok(Comment {
            id: CommentId(self.id),
            position: self.position.map(count).transpose()?,
            author: Author {
                id: UserId(self.author_id),
                guest: self.guest_name.is_some(),
                display_name: self.guest_name.unwrap_or(self.display_name),
                deleted: self.author_deleted,
            },
            // A deleted comment's text stays in the database for moderators, never on the wire.
            body: if self.deleted { String::new() } else { self.body },
            created_at: time(self.created_at)?,
            edited_at: self.edited_at.map(time).transpose()?,
            edit_count: u32::try_from(self.edit_count).map_err(|_| DbError::Corrupt("edit_count".into()))?,
            deleted: self.deleted,
            quotes: Vec::new(),
            mentions: Vec::new(),
            reactions: Vec::new(),
            state: state(&self.status)?,
            state_reason: self.status_reason,
            previews: if self.deleted { Vec::new() } else { crate::db::previews::stored_cards(&self.previews)? },
        })
    }
}
