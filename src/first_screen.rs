//! What the server knew when it rendered a page: the API answers it showed, its clock, and
//! who is logged in. The server puts it into the page as JSON beside the
//! HTML it rendered from it; the app starts from it, so that its first render is the server's
//! HTML (hydration) and it does not ask the API for what the page already holds.
//!
//! Each answer is taken once, by what it answers: the article of one slug, one page of one
//! thread. A page the reader opens later is loaded as usual.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use schrieb_api::paths;
use schrieb_api::{Article, CommentPage, Me, Slug};
use serde::{Deserialize, Serialize};

/// The DOM id of the `<script type="application/json">` that carries the first screen.
pub const ELEMENT_ID: &str = "schrieb-first";

/// What the server rendered a page from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstScreen {
    /// The server's clock as it rendered: relative times ("vor 5 Minuten") read the same in
    /// the server's HTML and in the app's first render.
    pub now: DateTime<Utc>,
    /// The account of the request's session, as `GET /api/v1/me` would answer; the answers
    /// below are the ones this account gets (its own reactions marked).
    pub me: Option<Me>,
    /// The article shown (`/a/{slug}`), or the widget's thread.
    pub article: Option<Article>,
    /// The page of that article's comments shown.
    pub comments: Option<CommentPage>,
}

impl FirstScreen {
    /// The first screen the server put into this page, if it rendered one.
    #[cfg(not(feature = "ssr"))]
    pub fn from_document() -> Option<Self> {
        let text = document().get_element_by_id(ELEMENT_ID)?.text_content()?;
        serde_json::from_str(&text).ok()
    }
}

/// The first screen as the app's parts take from it; provided by [`crate::context`].
#[derive(Debug, Clone, Copy)]
pub struct FirstAnswers {
    first: StoredValue<Option<FirstScreen>>,
    /// The article the comments belong to (kept when the article itself has been taken).
    thread: StoredValue<Option<Slug>>,
}

impl FirstAnswers {
    /// Holds `first` for the page's parts to take.
    pub fn new(first: Option<FirstScreen>) -> Self {
        let thread = first.as_ref().and_then(|first| first.article.as_ref()).map(|article| article.slug.clone());
        Self { first: StoredValue::new(first), thread: StoredValue::new(thread) }
    }

    /// The article of `slug`, if the server rendered it; only once.
    pub fn take_article_of(&self, slug: Option<&Slug>) -> Option<Article> {
        let slug = slug?;
        let article = self.take(|first| first.article.take_if(|article| article.slug == *slug))?;
        crate::api::arrived_with_page(paths::api::article(slug), &article);
        Some(article)
    }

    /// The widget's thread, if the server rendered it; only once. (Not kept for offline
    /// reading: the widget has no service worker.)
    pub fn take_thread(&self) -> Option<Article> {
        self.take(|first| first.article.take())
    }

    /// Page `page` of the comments of `slug`, if the server rendered it; only once.
    pub fn take_comments(&self, slug: &Slug, page: u32) -> Option<CommentPage> {
        let same_thread = self.thread.with_value(|thread| thread.as_ref() == Some(slug));
        let comments = self.take(|first| first.comments.take_if(|comments| same_thread && comments.page == page))?;
        crate::api::arrived_with_page(paths::api::article_comments_page(slug, page), &comments);
        Some(comments)
    }

    fn take<T>(&self, pick: impl FnOnce(&mut FirstScreen) -> Option<T>) -> Option<T> {
        self.first.try_update_value(|first| first.as_mut().and_then(pick)).flatten()
    }
}

/// The first screen provided at the app's root; none without one.
pub fn use_first_answers() -> FirstAnswers {
    use_context::<FirstAnswers>().unwrap_or_else(|| FirstAnswers::new(None))
}
