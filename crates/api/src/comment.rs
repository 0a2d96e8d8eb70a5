//! Comments and pages of a thread.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, CommentState, LinkPreview, ReactionCount, Slug, UserId};

/// Who wrote a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// The author's account.
    pub id: UserId,
    /// The name shown with the comment (for a guest, the name the guest gave).
    pub display_name: String,
    /// Whether a guest wrote it, without an account: shown marked as a guest.
    #[serde(default)]
    pub guest: bool,
    /// Whether the author deleted their account and left the comment in its thread: it is
    /// signed "deleted account", and `display_name` is empty.
    #[serde(default)]
    pub deleted: bool,
}

/// One comment of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// The comment's id.
    pub id: CommentId,
    /// Its place in the thread, counted from 1; kept when the comment is deleted. `None` while
    /// it has never been published: a comment gets its place when readers may first see it.
    pub position: Option<u64>,
    /// Who wrote it.
    pub author: Author,
    /// The body as written, in schrieb markup; empty when `deleted`.
    pub body: String,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was last edited, if ever.
    pub edited_at: Option<DateTime<Utc>>,
    /// How often it was edited; each edit keeps the earlier body as a revision.
    pub edit_count: u32,
    /// Whether it was deleted: the thread then shows a placeholder in its place.
    pub deleted: bool,
    /// How each quote with source stands, in the order the body's quotes come (the outer
    /// ones: a quote nested in a quote belongs to the quoted comment). Empty when `deleted`.
    #[serde(default)]
    pub quotes: Vec<QuoteCheck>,
    /// The people the body mentions who have an account, with the name as written.
    #[serde(default)]
    pub mentions: Vec<MentionRef>,
    /// The reactions it has, by kind (kinds nobody used are left out).
    #[serde(default)]
    pub reactions: Vec<ReactionCount>,
    /// Where it stands with moderation. Only its author and moderators see a comment that is
    /// not published; anyone else sees its place empty, as for a deleted one.
    #[serde(default)]
    pub state: CommentState,
    /// For a rejected comment, the moderator's reason (its author and moderators only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<String>,
    /// The cards of its first links, once the server made them (in the order the links come).
    /// Empty when `deleted`, or when its author or a moderator removed them.
    #[serde(default)]
    pub previews: Vec<LinkPreview>,
}

/// `POST /api/v1/articles/{slug}/comments` and `PATCH /api/v1/comments/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentRequest {
    /// The body in schrieb markup, under the comment rules (`CommentBody`).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::CommentBody))]
    pub body: String,
    /// For a guest comment (where the site allows them, and nobody is logged in): the name the
    /// guest gives, under the display-name rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::DisplayName>))]
    pub guest_name: Option<String>,
    /// A field the editor hides from people: left empty by them, filled by programs that fill
    /// every field. A new comment with anything in it is refused as spam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Milliseconds from opening the editor to posting, which the editor measures: a site may
    /// hold guests' and first comments written faster than a person writes.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option_u64")]
    pub compose_ms: Option<u64>,
}

/// How a quote in a comment stands against the comment it quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// The quoted words are in the source comment as it reads now.
    Verified,
    /// The source was edited since and no longer has the quoted words.
    Edited,
    /// The source was deleted.
    Deleted,
    /// The quote was imported from elsewhere and could not be checked.
    Unverified,
}

/// One quote's check (`Comment::quotes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteCheck {
    /// The quoted comment.
    pub source: CommentId,
    /// The revision of the source that was quoted (1 is the body as first posted).
    pub revision: u32,
    /// How the quote stands now.
    pub status: QuoteStatus,
}

/// A mention that names someone with an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentionRef {
    /// The name as the body writes it (without `@`).
    pub name: String,
    /// Whom it names.
    pub user: UserId,
}

impl Comment {
    /// The account a mention in this comment's body names, if it names one.
    pub fn mentioned(&self, name: &str) -> Option<UserId> {
        self.mentions.iter().find(|mention| mention.name.eq_ignore_ascii_case(name)).map(|mention| mention.user)
    }
}

/// One page of a thread (`GET /api/v1/articles/{slug}/comments?page=N`), oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPage {
    /// The comments on this page; empty past the last page.
    pub items: Vec<Comment>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages the thread has (at least 1).
    pub pages: u32,
    /// How many places the thread has, deleted placeholders included.
    pub total: u64,
    /// How many places a page holds.
    pub per_page: u32,
    /// On the last page, the reader's own comments in this thread that have no place yet
    /// (awaiting approval, or rejected), oldest first; for moderators, every comment of the
    /// thread awaiting approval. Nobody else ever sees them.
    #[serde(default)]
    pub held: Vec<Comment>,
    /// The number of the thread's newest event this page shows: its live events
    /// (`GET /api/v1/articles/{slug}/events?after=N`) continue from here, nothing missed.
    #[serde(default)]
    pub event: u64,
}

/// A comment with where it stands (`GET /api/v1/comments/{id}`), for permalinks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPermalink {
    /// The comment.
    pub comment: Comment,
    /// The slug of the article it belongs to.
    pub article_slug: Slug,
    /// The page of the thread it stands on (for a comment without a place yet, the last page,
    /// where it is shown to its author).
    pub page: u32,
}
