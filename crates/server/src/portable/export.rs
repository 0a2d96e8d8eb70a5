//! Writing a site out in schrieb's own format ([`super::native`]).

use std::io::Write;

use tokio::io::AsyncWrite;

use super::PortableError;
use super::native::{Article, Comment, Header, Line, Person};
use super::sink::Sink;
use crate::db::Repository;

/// How much an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// People.
    pub people: u64,
    /// Articles.
    pub articles: u64,
    /// Comments.
    pub comments: u64,
}

/// Writes everything of the site named `site` to `out`, a line at a time; one thread's
/// comments are in memory at once, never the whole site's.
pub async fn native(
    repository: &dyn Repository,
    site: &str,
    out: &mut (dyn AsyncWrite + Unpin + Send),
) -> Result<Exported, PortableError> {
    let site = repository.export_site(site).await?.ok_or_else(|| PortableError::NoSite(site.to_owned()))?;
    let mut out = Sink::new(out);
    let mut exported = Exported::default();
    write_line(out.buf(), &Line::Schrieb(Header::of(&site)))?;
    for person in repository.export_people(site.id).await? {
        write_line(out.buf(), &Line::Person(Person::from(&person)))?;
        out.ready().await?;
        exported.people += 1;
    }
    let articles = repository.export_articles(site.id).await?;
    for article in &articles {
        write_line(out.buf(), &Line::Article(Article::from(article)))?;
        out.ready().await?;
        exported.articles += 1;
    }
    for article in articles.iter().filter_map(|article| article.id) {
        for comment in repository.export_comments(article).await? {
            write_line(out.buf(), &Line::Comment(Comment::from(&comment)))?;
            out.ready().await?;
            exported.comments += 1;
        }
    }
    out.finish().await?;
    Ok(exported)
}

fn write_line(out: &mut dyn Write, line: &Line) -> Result<(), PortableError> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}
