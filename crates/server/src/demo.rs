//! schrieb's own demo content (`demo/demo.toml`): one German article whose thread spans three
//! pages, one English article, written for this project.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentId, Slug};
use serde::Deserialize;

use crate::db::{DbError, NewArticle, NewComment, Repository};

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
        // One comment at a time: a quote names an earlier comment by thread position, and
        // that comment's id is known only once it is stored.
        let mut ids = Vec::with_capacity(article.comments.len());
        for comment in &article.comments {
            let at = |minutes: i64| published_at + Duration::minutes(minutes);
            let author_id = repository.ensure_user(&comment.author, at(comment.at)).await?;
            let mut earlier = Vec::with_capacity(comment.earlier.len());
            for body in &comment.earlier {
                earlier.push((resolve_quotes(body.body.trim(), &ids)?, at(body.written_at.unwrap_or(comment.at))));
            }
            let new = NewComment {
                author_id,
                body: resolve_quotes(comment.body.trim(), &ids)?,
                created_at: at(comment.at),
                edited_at: comment.edited_at.map(at),
                earlier,
            };
            ids.extend(repository.append_comments(key, &[new]).await?);
        }
        comment_total += ids.len();
    }
    Ok((demo.articles.len(), comment_total))
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
    use super::*;

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

    /// Every quote in the demo names an earlier comment whose text it really quotes (as it read
    /// when quoted), and one quoted comment was edited afterwards.
    #[test]
    fn demo_quotes_quote_what_their_source_said() {
        let demo: DemoFile = toml::from_str(DEMO).unwrap();
        let mut edited_afterwards = 0;
        for article in &demo.articles {
            for (index, comment) in article.comments.iter().enumerate() {
                let ids: Vec<CommentId> = (1..=index as i64).map(CommentId).collect();
                let document = schrieb_markup::parse(&resolve_quotes(&comment.body, &ids).unwrap());
                for quote in document.quotes() {
                    let source = &article.comments[quote.source.comment as usize - 1];
                    assert_eq!(quote.source.author, source.author);
                    let versions: Vec<String> = std::iter::once(&source.body)
                        .chain(source.earlier.iter().map(|e| &e.body))
                        .map(|body| {
                            schrieb_markup::parse(body).plain_text().split_whitespace().collect::<Vec<_>>().join(" ")
                        })
                        .collect();
                    let quoted = quote.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert!(
                        versions.iter().any(|v| v.contains(&quoted)),
                        "{quoted:?} is not in comment {}",
                        quote.source.comment
                    );
                    if !versions[0].contains(&quoted) && source.edited_at.is_some_and(|e| e > comment.at) {
                        edited_afterwards += 1;
                    }
                }
            }
        }
        assert!(edited_afterwards >= 1, "one quote shows text that was edited afterwards");
    }
}
