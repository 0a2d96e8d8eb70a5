//! Link previews in the background: after a comment is published, the pages of its first links
//! are read (by [`fetch::Fetcher`], which keeps off everything but the public internet), what
//! they say of themselves is taken as text ([`meta`]), their picture is checked and re-encoded
//! ([`picture`]) and served from schrieb's origin, and the comments linking to them get their
//! cards, live. Posting never waits for any of it.
//!
//! Each link is read once, whatever number of comments link to it; several servers claim links
//! from the store, so none is read twice at once.

pub mod fetch;
pub mod meta;
pub mod picture;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use url::Url;

use crate::db::{ClaimedPreview, DbError, PreviewOutcome, Repository, StoredPicture};
use crate::domain::previews::{follow_log, retry_at};
use fetch::{FetchError, FetchPolicy, Fetcher, Wanted};

/// How long a claim holds a link: longer than reading it and its picture can take.
const CLAIM: chrono::Duration = chrono::Duration::minutes(1);

/// Links read at once.
const BATCH: u32 = 8;

/// How often a round runs: cards come within about this long of the comment.
const ROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// What a page is asked for as.
const PAGE: Wanted = Wanted {
    accept: "text/html,application/xhtml+xml;q=0.9",
    takes: |essence| matches!(essence, "text/html" | "application/xhtml+xml"),
    max_bytes: meta::MAX_PAGE_BYTES,
    refuse_longer: false,
};

/// What a picture is asked for as.
const PICTURE: Wanted = Wanted {
    accept: "image/png,image/jpeg,image/gif,image/webp,image/x-icon;q=0.8",
    takes: |essence| essence.starts_with("image/") && essence != "image/svg+xml",
    max_bytes: picture::MAX_PICTURE_BYTES,
    refuse_longer: true,
};

/// The link preview maker.
pub struct Previews {
    fetcher: Option<Fetcher>,
}

impl Previews {
    /// A maker reading under `policy`.
    pub fn new(policy: FetchPolicy) -> Self {
        let agent = concat!(
            "schrieb-link-preview/",
            env!("CARGO_PKG_VERSION"),
            " (a comment system reading a page its readers link to)"
        );
        let fetcher = match Fetcher::new(policy, agent) {
            Ok(fetcher) => Some(fetcher),
            Err(error) => {
                tracing::error!(%error, "the link preview client could not be built: links get no cards");
                None
            }
        };
        Self { fetcher }
    }

    /// Runs rounds until the server stops; links to `origin` get no cards.
    pub fn run(self: Arc<Self>, repository: Arc<dyn Repository>, origin: String) {
        tokio::spawn(async move {
            loop {
                if let Err(error) = self.round(repository.as_ref(), &origin, Utc::now()).await {
                    tracing::error!(%error, "a round of link previews failed; the next one tries again");
                }
                tokio::time::sleep(ROUND_EVERY).await;
            }
        });
    }

    /// One round at `now`: the links of new comments, then the pages due.
    pub async fn round(&self, repository: &dyn Repository, origin: &str, now: DateTime<Utc>) -> Result<(), DbError> {
        let own_host = Url::parse(origin).ok().and_then(|url| url.host_str().map(str::to_owned));
        follow_log(repository, own_host.as_deref(), now).await?;
        let Some(fetcher) = &self.fetcher else { return Ok(()) };
        let started = std::time::Instant::now();
        loop {
            let at = now + chrono::Duration::from_std(started.elapsed()).unwrap_or(CLAIM);
            let claimed = repository.claim_previews(at, at + CLAIM, BATCH).await?;
            let full = claimed.len() == BATCH as usize;
            let readings = claimed.iter().map(|claim| read(fetcher, claim));
            for (claim, (outcome, picture)) in claimed.iter().zip(futures_util::future::join_all(readings).await) {
                if let Some(picture) = &picture {
                    repository.store_picture(picture, Utc::now()).await?;
                }
                repository.preview_fetched(&claim.url, &outcome, Utc::now()).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }
}

/// Reads `claim`'s page and picture: the card (or why there is none), and the picture to keep.
async fn read(fetcher: &Fetcher, claim: &ClaimedPreview) -> (PreviewOutcome, Option<StoredPicture>) {
    let failed = |error: FetchError| {
        let retry = if error.is_passing() { retry_at(claim.attempts + 1, Utc::now()) } else { None };
        tracing::debug!(url = %claim.url, %error, "no card");
        (PreviewOutcome::Failed { error: error.to_string(), retry_at: retry }, None)
    };
    let page = match fetcher.get(&claim.url, PAGE).await {
        Ok(page) => page,
        Err(error) => return failed(error),
    };
    let found = meta::extract(&page.body, page.content_type.as_deref(), &page.url);
    let Some(title) = found.title else {
        return (PreviewOutcome::Failed { error: "the page has no title".into(), retry_at: None }, None);
    };
    let mut kept = None;
    for candidate in [found.image, found.icon].into_iter().flatten() {
        let Ok(fetched) = fetcher.get(candidate.as_str(), PICTURE).await else { continue };
        match picture::reencode(&fetched.body) {
            Ok(picture) => {
                kept = Some(picture);
                break;
            }
            Err(error) => tracing::debug!(url = %candidate, %error, "a card's picture was not taken"),
        }
    }
    let site = found.site.or_else(|| Url::parse(&claim.url).ok().and_then(|url| host_name(&url))).unwrap_or_default();
    let outcome = PreviewOutcome::Ready {
        title,
        site,
        description: found.description,
        image: kept.as_ref().map(|picture| picture.name.clone()),
    };
    (outcome, kept)
}

/// A link's host as a card names its site when the page names none: without `www.`.
fn host_name(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
}
