//! schrieb's own demo content (`demo/demo.toml`): one German article whose thread spans three
//! pages, one English article, written for this project.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentBody, CommentId, CommentState, Slug};
use serde::Deserialize;

use crate::db::{CommentEdit, DbError, NewArticle, NewComment, Repository};
use crate::domain::{QuotePolicy, References, references};

const DEMO: &str = include_str!("../demo/demo.toml");

/// Why the demo content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// `demo.toml` does not parse or breaks a rule.
    #[error("demo content is malformed: {0}")]
    Malformed(String),
    /// Storing it failed.
    #[error(transparent)]
    Database(#[from] DbError),
}

#[derive(Deserialize)]
struct DemoFile {
    site: DemoSite,
    articles: Vec<DemoArticle>,
}

#[derive(Deserialize)]
struct DemoSite {
    name: String,
}

#[derive(Deserialize)]
struct DemoArticle {
    slug: String,
    lang: String,
    title: String,
    author: String,
    published_hours_ago: i64,
    canonical_url: String,
    note: Option<String>,
    body: String,
    comments: Vec<DemoComment>,
}

/// Times are minutes after the article's publication, so the demo looks alive whenever seeded.
#[derive(Deserialize)]
struct DemoComment {
    author: String,
    at: i64,
    body: String,
    edited_at: Option<i64>,
    #[serde(default)]
    earlier: Vec<EarlierBody>,
}

#[derive(Deserialize)]
struct EarlierBody {
    body: String,
    written_at: Option<i64>,
}

/// Loads the demo content into `repository`, with times relative to `now`. Returns how many
/// articles and comments were stored.
pub async fn seed(repository: &dyn Repository, now: DateTime<Utc>) -> Result<(usize, usize), DemoError> {
    let demo: DemoFile = toml::from_str(DEMO).map_err(|error| DemoError::Malformed(error.to_string()))?;
    let site = repository.ensure_site(&demo.site.name, now).await?;
    let mut comment_total = 0;
    for article in &demo.articles {
        let published_at = now - Duration::hours(article.published_hours_ago);
        let slug =
            Slug::parse(&article.slug).map_err(|error| DemoError::Malformed(format!("{}: {error}", article.slug)))?;
        let key = repository
            .insert_article(&NewArticle {
                site_id: site,
                slug,
                lang: article.lang.clone(),
                title: article.title.clone(),
                author: article.author.clone(),
                published_at,
                canonical_url: article.canonical_url.clone(),
                body: article.body.trim().to_owned(),
                note: article.note.clone(),
            })
            .await?;
        // Replayed in time order, one post or edit at a time, through the checks every
        // comment goes through: quotes are verified against their source as it read then (so
        // a quote of a comment edited later shows that), and mentions find their accounts.
        let mut ids: Vec<CommentId> = Vec::with_capacity(article.comments.len());
        for Event { comment: index, version, at: minutes } in events(&article.comments) {
            let comment = &article.comments[index];
            let at = published_at + Duration::minutes(minutes);
            let raw = comment.earlier.get(version).map_or(&comment.body, |earlier| &earlier.body);
            let body = CommentBody::parse(&resolve_quotes(raw.trim(), &ids)?)
                .map_err(|error| DemoError::Malformed(format!("comment {} of {}: {error}", index + 1, article.slug)))?;
            let References { quotes, mentions } = references(repository, body.document(), QuotePolicy::Strict)
                .await
                .map_err(|error| DemoError::Malformed(format!("comment {} of {}: {error}", index + 1, article.slug)))?;
            if version == 0 {
                let author_id = repository.ensure_user(&comment.author, at).await?;
                let new = NewComment {
                    author_id,
                    body: body.as_str().to_owned(),
                    created_at: at,
                    edited_at: None,
                    earlier: Vec::new(),
                    quotes,
                    mentions,
                    guest_name: None,
                    state: CommentState::Published,
                    findings: Vec::new(),
                };
                ids.extend(repository.append_comments(key, &[new]).await?.into_iter().map(|appended| appended.id));
            } else {
                let edit = CommentEdit {
                    body: body.as_str().to_owned(),
                    at,
                    quotes,
                    mentions,
                    findings: Vec::new(),
                    hold: false,
                };
                repository.edit_comment(ids[index], &edit).await?;
            }
        }
        comment_total += ids.len();
    }
    Ok((demo.articles.len(), comment_total))
}

/// One body a demo comment got: its first (`version` 0, posted) or a later one (edited).
#[derive(Debug, PartialEq, Eq)]
struct Event {
    comment: usize,
    version: usize,
    at: i64,
}

/// Every post and edit of `comments`, in the order they happened.
fn events(comments: &[DemoComment]) -> Vec<Event> {
    let mut events: Vec<Event> = comments
        .iter()
        .enumerate()
        .flat_map(|(index, comment)| {
            // Versions: the earlier bodies, oldest first, then the current one.
            (0..=comment.earlier.len()).map(move |version| {
                let at = match comment.earlier.get(version) {
                    Some(earlier) => earlier.written_at.unwrap_or(comment.at),
                    None if version == 0 => comment.at,
                    None => comment.edited_at.unwrap_or(comment.at),
                };
                Event { comment: index, version, at }
            })
        })
        .collect();
    // Stable: a comment posted and edited in the same minute keeps its order.
    events.sort_by_key(|event| (event.at, event.comment, event.version));
    events
}

/// Turns `[quote=#12 ` (the 12th comment of this thread) into `[quote=<its id> `.
fn resolve_quotes(body: &str, ids: &[CommentId]) -> Result<String, DemoError> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("[quote=#") {
        out.push_str(&rest[..at + 7]);
        let digits = &rest[at + 8..];
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        let position: usize = digits[..len].parse().map_err(|_| DemoError::Malformed(format!("quote in {body:?}")))?;
        let id = position
            .checked_sub(1)
            .and_then(|index| ids.get(index))
            .ok_or_else(|| DemoError::Malformed(format!("quote of #{position}, which is not earlier in the thread")))?;
        out.push_str(&id.to_string());
        rest = &digits[len..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use schrieb_api::QuoteStatus;

    use super::*;
    use crate::domain::ThreadReader;

    #[test]
    fn demo_content_parses_and_has_the_promised_shape() {
        let demo: DemoFile = toml::from_str(DEMO).unwrap();
        let german = demo.articles.iter().find(|a| a.lang == "de").unwrap();
        assert!(german.comments.len() > 40, "the German thread spans three pages");
        assert!(german.comments.iter().filter(|c| c.edited_at.is_some()).count() >= 5);
        assert!(german.comments.iter().all(|c| c.edited_at.is_some() != c.earlier.is_empty()));
        assert!(demo.articles.iter().any(|a| a.lang == "en"));
        for article in &demo.articles {
            assert!(Slug::parse(&article.slug).is_ok(), "{}", article.slug);
            assert!(article.comments.windows(2).all(|w| w[0].at < w[1].at), "{} is in order", article.slug);
        }
    }

    #[test]
    fn quotes_by_position_become_ids() {
        let ids = [CommentId(40), CommentId(41), CommentId(42)];
        assert_eq!(
            resolve_quotes("[quote=#2 author=\"A\"]\nx\n[/quote]\n[quote=#3 author=\"B\"]", &ids).unwrap(),
            "[quote=41 author=\"A\"]\nx\n[/quote]\n[quote=42 author=\"B\"]"
        );
        assert!(resolve_quotes("[quote=#4 author=\"A\"]", &ids).is_err());
        assert!(resolve_quotes("[quote=#0 author=\"A\"]", &ids).is_err());
    }

    #[test]
    fn posts_and_edits_replay_in_time_order() {
        let demo: DemoFile = toml::from_str(DEMO).unwrap();
        let german = demo.articles.iter().find(|a| a.lang == "de").unwrap();
        let events = events(&german.comments);
        assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
        let edits = german.comments.iter().map(|c| c.earlier.len()).sum::<usize>();
        assert_eq!(events.len(), german.comments.len() + edits);
        // Comment 44 is edited after comment 45 quoted it.
        let at = |comment, version| events.iter().position(|e| e.comment == comment && e.version == version).unwrap();
        assert!(at(44, 0) < at(43, 1));
    }

    /// Seeding checks every quote strictly against its source as it read then, so this fails
    /// if a demo quote misquotes; read back, exactly one quote shows its source's later edit.
    #[tokio::test]
    async fn seeded_quotes_verify_and_one_shows_a_later_edit() {
        let dir = tempfile::tempdir().unwrap();
        let repository =
            crate::db::sqlite::SqliteRepository::connect(dir.path().join("demo.db").to_str().unwrap()).await.unwrap();
        seed(&repository, Utc::now()).await.unwrap();
        let slug = Slug::parse("pergola-lizenzwechsel").unwrap();
        let mut comments = Vec::new();
        for page in 1..=3 {
            let page = schrieb_api::PageNumber::new(page).unwrap();
            comments.extend(
                repository
                    .comment_page(&slug, page, crate::domain::moderation::visibility::Viewer::Anyone)
                    .await
                    .unwrap()
                    .unwrap()
                    .items,
            );
        }
        let statuses: Vec<(u64, QuoteStatus)> =
            comments.iter().flat_map(|c| c.quotes.iter().map(|q| (c.position.unwrap_or_default(), q.status))).collect();
        assert!(statuses.len() >= 15, "{statuses:?}");
        let not_verified: Vec<_> = statuses.iter().filter(|(_, status)| *status != QuoteStatus::Verified).collect();
        assert_eq!(not_verified, [&(45, QuoteStatus::Edited)]);
        let mention = comments.iter().find(|c| c.body.starts_with("@\"Dr. Datei\"")).unwrap();
        assert_eq!(
            mention.mentioned("Dr. Datei"),
            Some(comments.iter().find(|c| c.author.display_name == "Dr. Datei").unwrap().author.id)
        );
    }
}
