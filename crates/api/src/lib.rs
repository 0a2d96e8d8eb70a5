//! schrieb's wire types, shared by the server and the Wasm app.
//!
//! Everything that crosses HTTP is defined here once: response DTOs, id newtypes, the one
//! error shape ([`ApiError`]) and validated request values such as [`PageNumber`]. The crate is
//! wasm-safe: no database, no runtime; OpenAPI derives sit behind the `openapi` feature.

mod article;
mod body;
mod comment;
mod error;
mod ids;
mod paging;
mod revision;
mod slug;
mod user;

pub use article::{Article, ArticleList, ArticleSummary};
pub use body::{BodyError, CommentBody, MAX_BODY_CHARS, MAX_LINKS, MAX_MENTIONS, MAX_QUOTE_NESTING};
pub use comment::{Author, Comment, CommentPage, CommentPermalink, MentionRef, QuoteCheck, QuoteStatus};
pub use error::{ApiError, ErrorKind};
pub use ids::{CommentId, UserId};
pub use paging::{PER_PAGE, PageNumber, PageNumberError, page_count, page_of_position};
pub use revision::{Change, ChangeKind, Revision, RevisionHistory};
pub use slug::{Slug, SlugError};
pub use user::{PROFILE_COMMENTS, UserComment, UserProfile};
