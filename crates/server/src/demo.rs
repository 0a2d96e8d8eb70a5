//! schrieb's own demo content (`demo/demo.toml`): one German article whose thread spans three
//! pages, one English article, written for this project.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::Slug;
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
        let mut comments = Vec::with_capacity(article.comments.len());
        for comment in &article.comments {
            let at = |minutes: i64| published_at + Duration::minutes(minutes);
            let author_id = repository.ensure_user(&comment.author, at(comment.at)).await?;
            let earlier = comment
                .earlier
                .iter()
                .map(|earlier| (earlier.body.trim().to_owned(), at(earlier.written_at.unwrap_or(comment.at))))
                .collect();
            comments.push(NewComment {
                author_id,
                body: comment.body.trim().to_owned(),
                created_at: at(comment.at),
                edited_at: comment.edited_at.map(at),
                earlier,
            });
        }
        comment_total += comments.len();
        repository.append_comments(key, &comments).await?;
    }
    Ok((demo.articles.len(), comment_total))
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
}
