//! Reading comments as a viewer gets them: what a held comment says only for those
//! [`may_read`] allows, and how each quote stands: the database hands quotes back as stored,
//! and [`status`](super::status) decides here, on every read.

use async_trait::async_trait;
use schrieb_api::{Comment, CommentId, CommentPage, CommentPermalink, PageNumber, QuoteCheck, Slug};

use super::status;
use crate::db::{CommentStore, DbError, StoredQuote};
use crate::domain::moderation::visibility::{Viewer, may_read, readable, shown_to};

/// Comments as a viewer sees them, each quote with its status. Every path that shows comments
/// reads through this rather than [`CommentStore::thread_page`] or [`CommentStore::permalink`],
/// which leave both undecided. Any [`CommentStore`] (so `dyn Repository` too) has it.
#[async_trait]
pub trait ThreadReader: Send + Sync {
    /// One page of the thread of the article with this slug, oldest first, as `viewer` gets
    /// it; `None` when no article has the slug.
    async fn comment_page(
        &self,
        article: &Slug,
        page: PageNumber,
        viewer: Viewer,
    ) -> Result<Option<CommentPage>, DbError>;

    /// A comment with its article and page, as `viewer` gets it; `None` when there is no such
    /// comment, or it has no place and `viewer` may not read it.
    async fn find_comment(&self, id: CommentId, viewer: Viewer) -> Result<Option<CommentPermalink>, DbError>;
}

#[async_trait]
impl<S: CommentStore + ?Sized> ThreadReader for S {
    async fn comment_page(
        &self,
        article: &Slug,
        page: PageNumber,
        viewer: Viewer,
    ) -> Result<Option<CommentPage>, DbError> {
        Ok(self.thread_page(article, page, viewer.held()).await?.map(|found| {
            let mut page = found.read;
            decide_quotes(page.items.iter_mut().chain(page.held.iter_mut()), &found.quotes);
            page.items = page.items.into_iter().map(|comment| shown_to(viewer, comment)).collect();
            page.held = readable(viewer, std::mem::take(&mut page.held));
            page
        }))
    }

    async fn find_comment(&self, id: CommentId, viewer: Viewer) -> Result<Option<CommentPermalink>, DbError> {
        let Some(found) = self.permalink(id).await? else { return Ok(None) };
        let mut permalink = found.read;
        let comment = &permalink.comment;
        if comment.position.is_none() && !may_read(viewer, comment.state, comment.author.id) {
            return Ok(None);
        }
        decide_quotes([&mut permalink.comment], &found.quotes);
        permalink.comment = shown_to(viewer, permalink.comment);
        Ok(Some(permalink))
    }
}

/// Gives each of `comments` its quotes from `quotes` (stored ones, in body order), each with
/// the status it has now.
pub(crate) fn decide_quotes<'a>(comments: impl IntoIterator<Item = &'a mut Comment>, quotes: &[StoredQuote]) {
    let mut comments: Vec<&mut Comment> = comments.into_iter().collect();
    for quote in quotes {
        if let Some(comment) = comments.iter_mut().find(|comment| comment.id == quote.comment) {
            comment.quotes.push(QuoteCheck {
                source: quote.source,
                revision: quote.quoted_revision,
                status: status(quote),
            });
        }
    }
}
