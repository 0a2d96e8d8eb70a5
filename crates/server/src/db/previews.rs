//! The storage interface for link previews: which links of a comment get cards, what each
//! linked page said, the pictures, and the cards each comment carries.
//!
//! The SQL is shared by both engines (`$N` reads as a numbered parameter on each); only the
//! transactions and claims around it differ.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, LinkPreview};
use sqlx::FromRow;

use super::DbError;

/// A comment whose links may get cards, as the preview maker reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewSubject {
    /// The comment.
    pub comment: CommentId,
    /// Its body.
    pub body: String,
    /// Whether readers may read it: published and not deleted.
    pub readable: bool,
    /// Whether its author or a moderator removed its cards.
    pub removed: bool,
    /// Its site's moderation settings, as stored (JSON): the preview switch and block list.
    pub site_settings: String,
}

/// The links of a comment that get cards, in order (empty: none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentLinks {
    /// The comment.
    pub comment: CommentId,
    /// The links, as the comment's links lead (normalized by the URL parser).
    pub urls: Vec<String>,
}

/// What reading a linked page came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewOutcome {
    /// A card: its title, site, description and picture (a stored picture's name).
    Ready {
        /// The title.
        title: String,
        /// The site's name.
        site: String,
        /// The description.
        description: Option<String>,
        /// The picture's name in [`PreviewStore::picture`].
        image: Option<String>,
    },
    /// No card: why, and when to try again (`None`: never).
    Failed {
        /// What went wrong, for operators.
        error: String,
        /// When to try again.
        retry_at: Option<DateTime<Utc>>,
    },
}

/// A checked, re-encoded picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPicture {
    /// Its name: the SHA-256 of its bytes and an extension.
    pub name: String,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// A link whose page a server claimed to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedPreview {
    /// The link.
    pub url: String,
    /// Attempts before this one.
    pub attempts: u32,
}

/// Link previews.
#[async_trait]
pub trait PreviewStore: Send + Sync {
    /// The event log's number the preview maker read up to.
    async fn preview_cursor(&self) -> Result<i64, DbError>;

    /// The comments of `ids` as the preview maker reads them (those that exist).
    async fn preview_subjects(&self, ids: &[CommentId]) -> Result<Vec<PreviewSubject>, DbError>;

    /// Stores each comment's links (replacing what it had), adds the links nobody linked before
    /// as pending, due at `now`, brings each comment's cards up to date (with an event for
    /// each whose cards changed), and moves the place from `from` to `to`: one transaction;
    /// `false` (nothing stored) when another server moved it meanwhile.
    async fn store_comment_links(
        &self,
        links: &[CommentLinks],
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// Claims up to `limit` pending links due at `now` until `until`, counting the attempt;
    /// several servers never claim the same link at once.
    async fn claim_previews(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedPreview>, DbError>;

    /// Keeps `picture` (once, whatever number of cards show it).
    async fn store_picture(&self, picture: &StoredPicture, now: DateTime<Utc>) -> Result<(), DbError>;

    /// Records what reading `url` came to and, when it made a card, brings the cards of every
    /// comment linking to it up to date (with an event for each).
    async fn preview_fetched(&self, url: &str, outcome: &PreviewOutcome, now: DateTime<Utc>) -> Result<(), DbError>;

    /// The picture named `name`.
    async fn picture(&self, name: &str) -> Result<Option<StoredPicture>, DbError>;

    /// Removes comment `id`'s cards for good (later edits make none), with an event when it
    /// had some; `false` when there is no such comment.
    async fn remove_previews(&self, id: CommentId) -> Result<bool, DbError>;
}

/// Comments with what the preview maker needs; each engine ends it with its own test of
/// `c.id` against the list of ids in `$1`.
pub(in crate::db) const SUBJECTS_QUERY: &str = "SELECT c.id, c.body, c.status = 'published' AND NOT c.deleted AS readable, \
     c.previews_removed, s.moderation FROM comments c JOIN articles a ON a.id = c.article_id \
     JOIN sites s ON s.id = a.site_id WHERE c.id";

/// A row of [`SUBJECTS_QUERY`].
#[derive(FromRow)]
pub(in crate::db) struct SubjectRow {
    id: i64,
    body: String,
    readable: bool,
    previews_removed: bool,
    moderation: String,
}

impl From<SubjectRow> for PreviewSubject {
    fn from(row: SubjectRow) -> Self {
        Self {
            comment: CommentId(row.id),
            body: row.body,
            readable: row.readable,
            removed: row.previews_removed,
            site_settings: row.moderation,
        }
    }
}

/// Forgets comment `$1`'s links.
pub(in crate::db) const FORGET_LINKS: &str = "DELETE FROM comment_links WHERE comment_id = $1";

/// Records link `$3` as comment `$1`'s `$2`th.
pub(in crate::db) const ADD_LINK: &str = "INSERT INTO comment_links (comment_id, position, url) VALUES ($1, $2, $3)";

/// Adds link `$1` as pending, due at `$2`, unless it is known.
pub(in crate::db) const ADD_PENDING: &str =
    "INSERT INTO link_previews (url, next_attempt_at) VALUES ($1, $2) ON CONFLICT (url) DO NOTHING";

/// The ready cards of comment `$1`, in the order of its links.
pub(in crate::db) const CARDS_QUERY: &str = "SELECT l.url, p.title, p.site, p.description, p.image \
     FROM comment_links l JOIN link_previews p ON p.url = l.url \
     WHERE l.comment_id = $1 AND p.state = 'ready' ORDER BY l.position";

/// A row of [`CARDS_QUERY`].
#[derive(FromRow)]
pub(in crate::db) struct CardRow {
    url: String,
    title: Option<String>,
    site: Option<String>,
    description: Option<String>,
    image: Option<String>,
}

/// Comment `$2`'s cards become `$1` unless they are that already; its article when they
/// changed.
pub(in crate::db) const SET_CARDS: &str =
    "UPDATE comments SET previews = $1 WHERE id = $2 AND previews <> $1 RETURNING article_id";

/// The comments linking to `$1`.
pub(in crate::db) const LINKING_QUERY: &str = "SELECT DISTINCT comment_id FROM comment_links WHERE url = $1";

/// Records that `$1` made a card.
pub(in crate::db) const SET_READY: &str = "UPDATE link_previews SET state = 'ready', title = $2, site = $3, \
     description = $4, image = $5, error = NULL, fetched_at = $6, claimed_until = 0 WHERE url = $1";

/// Records that reading `$1` failed: pending again at `$3`, or failed for good when `$3` is
/// null.
pub(in crate::db) const SET_FAILED: &str = "UPDATE link_previews SET \
     state = CASE WHEN $3 IS NULL THEN 'failed' ELSE 'pending' END, \
     next_attempt_at = COALESCE($3, next_attempt_at), error = $2, fetched_at = $4, claimed_until = 0 WHERE url = $1";

/// Keeps picture `$1` unless it is kept.
pub(in crate::db) const ADD_PICTURE: &str = "INSERT INTO preview_images (name, content_type, bytes, width, height, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING";

/// Picture `$1`.
pub(in crate::db) const PICTURE_QUERY: &str =
    "SELECT name, content_type, bytes, width, height FROM preview_images WHERE name = $1";

/// A row of [`PICTURE_QUERY`].
#[derive(FromRow)]
pub(in crate::db) struct PictureRow {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
    width: i64,
    height: i64,
}

impl PictureRow {
    pub(in crate::db) fn into_picture(self) -> Result<StoredPicture, DbError> {
        let side = |value: i64| u32::try_from(value).map_err(|_| DbError::Corrupt(format!("picture side {value}")));
        Ok(StoredPicture {
            name: self.name,
            content_type: self.content_type,
            bytes: self.bytes,
            width: side(self.width)?,
            height: side(self.height)?,
        })
    }
}

/// Removes comment `$1`'s cards for good; its article and whether it had cards.
pub(in crate::db) const REMOVE_CARDS: &str = "UPDATE comments SET previews_removed = TRUE, previews = '[]' \
     WHERE id = $1 RETURNING article_id, (SELECT COUNT(*) FROM comment_links WHERE comment_id = $1) AS links";

/// The cards `rows` make, as JSON for `comments.previews`.
pub(in crate::db) fn cards_json(rows: Vec<CardRow>) -> Result<String, DbError> {
    let cards: Vec<LinkPreview> = rows
        .into_iter()
        .filter_map(|row| {
            Some(LinkPreview {
                url: row.url,
                title: row.title?,
                site: row.site?,
                description: row.description,
                image: row.image.map(|name| schrieb_api::paths::api::preview_image(&name)),
            })
        })
        .collect();
    serde_json::to_string(&cards).map_err(|error| DbError::Corrupt(format!("cards: {error}")))
}

/// The cards stored with a comment.
pub(in crate::db) fn stored_cards(json: &str) -> Result<Vec<LinkPreview>, DbError> {
    serde_json::from_str(json).map_err(|error| DbError::Corrupt(format!("comment previews: {error}")))
}
