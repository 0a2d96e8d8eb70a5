use schrieb_api::paths::{AppLink, EMBED_PAGE, comment_anchor};
use schrieb_api::{CommentId, Slug};

/// Where a thread's links lead: its pages, and its comments' permalinks. On the site, pages
/// are `/a/{slug}?page=N` ([`AppLink`]) and permalinks point into them; in the embed widget the
/// pages stay in the frame (`/embed?url=…&page=N`) and permalinks lead to the host page
/// (`…#schrieb-c{id}`), which is where readers share them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadLinks {
    /// The thread under an article of this site.
    Article(Slug),
    /// A thread embedded in a host page.
    Embedded {
        /// The start of a page's address in the frame, up to where `page=N` follows.
        pages: String,
        /// The host page.
        host: String,
    },
}

impl ThreadLinks {
    /// The links of the thread under article `slug` on the site.
    pub fn article(slug: &Slug) -> Self {
        Self::Article(slug.clone())
    }

    /// The links of a thread embedded in `host` (the page's URL), whose frame is addressed as
    /// `/embed?{query}` (`query` without `page`).
    pub fn embedded(query: &str, host: &str) -> Self {
        Self::Embedded { pages: format!("{EMBED_PAGE}?{query}&"), host: host.to_owned() }
    }

    /// Page `page` of the thread, scrolled to the discussion.
    pub fn page(&self, page: u32) -> String {
        match self {
            Self::Article(slug) => AppLink::ThreadPage(slug, page).href(),
            Self::Embedded { pages, .. } => format!("{pages}page={page}#discussion"),
        }
    }

    /// Comment `id` on page `page`, where the thread is shown (in the frame, when embedded).
    pub fn in_thread(&self, page: u32, id: CommentId) -> String {
        match self {
            Self::Article(slug) => AppLink::InThread(slug, page, id).href(),
            Self::Embedded { pages, .. } => format!("{pages}page={page}#{}", comment_anchor(id)),
        }
    }

    /// The permalink of comment `id` on page `page`: what readers copy and share.
    pub fn permalink(&self, page: u32, id: CommentId) -> String {
        match self {
            Self::Article(_) => self.in_thread(page, id),
            Self::Embedded { host, .. } => format!("{host}#schrieb-{}", comment_anchor(id)),
        }
    }

    /// Whether permalinks leave the frame (they open the host page at the top level).
    pub fn embedded_in_host(&self) -> bool {
        matches!(self, Self::Embedded { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_the_site_everything_stays_in_the_thread() {
        let links = ThreadLinks::article(&Slug::parse("pergola").unwrap());
        assert_eq!(links.page(2), "/a/pergola?page=2#discussion");
        assert_eq!(links.permalink(3, CommentId(7)), "/a/pergola?page=3#c7");
        assert!(!links.embedded_in_host());
    }

    #[test]
    fn embedded_pages_stay_in_the_frame_and_permalinks_lead_to_the_host() {
        let links = ThreadLinks::embedded("url=https%3A%2F%2Fblog.example%2Fa&theme=auto", "https://blog.example/a");
        assert_eq!(links.page(2), "/embed?url=https%3A%2F%2Fblog.example%2Fa&theme=auto&page=2#discussion");
        assert_eq!(links.in_thread(1, CommentId(7)), "/embed?url=https%3A%2F%2Fblog.example%2Fa&theme=auto&page=1#c7");
        assert_eq!(links.permalink(1, CommentId(7)), "https://blog.example/a#schrieb-c7");
        assert!(links.embedded_in_host());
    }
}
