//! Reading comments with how each of their quotes stands: the database hands quotes back as
//! stored, and [`status`](super::status) decides here, on every read.

use async_trait::async_trait;
use schrieb_api::{Comment, CommentId, CommentPage, CommentPermalink, PageNumber, QuoteCheck, Slug};

use super::status;
use crate::db::{CommentStore, DbError, StoredQuote};

/// Comments as readers see them, each quote with its status. Every path that shows comments
/// reads through this rather than [`CommentStore::thread_page`] or [`CommentStore::permalink`],
/// which leave the quotes undecided. Any [`CommentStore`] (so `dyn Repository` too) has it.
#[async_trait]
pub trait ThreadReader: Send + Sync {
    /// One page of the thread of the article with this slug, oldest first; `None` when no
    /// article has the slug.
    async fn comment_page(&self, article: &Slug, page: PageNumber) -> Result<Option<CommentPage>, DbError>;

    /// A comment with its article and page.
    async fn find_comment(&self, id: CommentId) -> Result<Option<CommentPermalink>, DbError>;
}

#[async_trait]
impl<S: CommentStore + ?Sized> ThreadReader for S {
    async fn comment_page(&self, article: &Slug, page: PageNumber) -> Result<Option<CommentPage>, DbError> {
        Ok(self.thread_page(article, page).await?.map(|found| {
            let mut page = found.read;
            decide_quotes(&mut page.items, found.quotes);
            page
        }))
    }

    async fn find_comment(&self, id: CommentId) -> Result<Option<CommentPermalink>, DbError> {
        Ok(self.permalink(id).await?.map(|found| {
            let mut permalink = found.read;
            decide_quotes(std::slice::from_mut(&mut permalink.comment), found.quotes);
            permalink
        }))
    }
}

/// Gives each of `comments` its quotes from `quotes` (stored ones, in body order), each with
/// the status it has now.
fn decide_quotes(comments: &mut [Comment], quotes: Vec<StoredQuote>) {
    for quote in quotes {
        if let Some(comment) = comments.iter_mut().find(|comment| comment.id == quote.comment) {
            comment.quotes.push(QuoteCheck {
                source: quote.source,
                revision: quote.quoted_revision,
                status: status(&quote),
            });
        }
    }
}
