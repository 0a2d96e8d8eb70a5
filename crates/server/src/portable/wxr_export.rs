//! Writing a site out as a WordPress export (WXR 1.2), for leaving to WordPress or a system that
//! reads its format: every article an `<item>` (a post), every comment a `<wp:comment>`.
//!
//! WordPress threads are trees: a comment whose body opens with a quote of a comment of the
//! same thread gets that comment as its parent. Bodies are HTML made by the markup crate's
//! renderer. Held comments are exported as waiting (`0`), rejected ones as spam, deleted ones as
//! trash without their words, so replies keep their parents. Addresses are exported (WordPress
//! shows avatars by them); passwords never are.

use std::collections::HashMap;
use std::io::Write;

use schrieb_api::CommentState;
use tokio::io::AsyncWrite;

use super::PortableError;
use super::export::Exported;
use super::sink::Sink;
use crate::db::Repository;
use crate::db::portable::{ArticleRecord, CommentRecord, PersonRecord};

/// Writes everything of the site named `site` to `out` as WXR 1.2, a thread at a time.
pub async fn wxr(
    repository: &dyn Repository,
    site: &str,
    out: &mut (dyn AsyncWrite + Unpin + Send),
) -> Result<Exported, PortableError> {
    let site = repository.export_site(site).await?.ok_or_else(|| PortableError::NoSite(site.to_owned()))?;
    let mut sink = Sink::new(out);
    let out = sink.buf();
    let people: HashMap<i64, PersonRecord> = repository
        .export_people(site.id)
        .await?
        .into_iter()
        .filter_map(|person| Some((person.id?.0, person)))
        .collect();
    let mut exported = Exported { people: u64::try_from(people.len()).unwrap_or(u64::MAX), ..Exported::default() };
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>")?;
    writeln!(
        out,
        "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">"
    )?;
    writeln!(out, "<channel>")?;
    writeln!(out, "<title>{}</title>", escape(&site.name))?;
    writeln!(out, "<wp:wxr_version>1.2</wp:wxr_version>")?;
    writeln!(out, "<generator>schrieb</generator>")?;
    for article in repository.export_articles(site.id).await? {
        let Some(key) = article.id else { continue };
        let comments = repository.export_comments(key).await?;
        item(sink.buf(), &article, &comments, &people)?;
        sink.ready().await?;
        exported.articles += 1;
        exported.comments += u64::try_from(comments.len()).unwrap_or(u64::MAX);
    }
    let out = sink.buf();
    writeln!(out, "</channel>")?;
    writeln!(out, "</rss>")?;
    sink.finish().await?;
    Ok(exported)
}

fn item(
    out: &mut dyn Write,
    article: &ArticleRecord,
    comments: &[CommentRecord],
    people: &HashMap<i64, PersonRecord>,
) -> Result<(), PortableError> {
    let id = article.id.map_or(0, |id| id.0);
    let published = article.published_at;
    writeln!(out, "<item>")?;
    writeln!(out, "<title>{}</title>", escape(&article.title))?;
    writeln!(out, "<link>{}</link>", escape(&article.canonical_url))?;
    writeln!(out, "<pubDate>{}</pubDate>", published.to_rfc2822())?;
    writeln!(out, "<dc:creator>{}</dc:creator>", cdata(&article.author))?;
    writeln!(out, "<guid isPermaLink=\"false\">{}</guid>", escape(&article.canonical_url))?;
    writeln!(out, "<content:encoded>{}</content:encoded>", cdata(&html(&article.body)))?;
    writeln!(out, "<wp:post_id>{id}</wp:post_id>")?;
    writeln!(out, "<wp:post_date>{}</wp:post_date>", wp_time(published))?;
    writeln!(out, "<wp:post_date_gmt>{}</wp:post_date_gmt>", wp_time(published))?;
    let open = if article.discussion.as_deref() == Some("closed") { "closed" } else { "open" };
    writeln!(out, "<wp:comment_status>{open}</wp:comment_status>")?;
    writeln!(out, "<wp:post_name>{}</wp:post_name>", escape(article.slug.as_str()))?;
    writeln!(out, "<wp:status>publish</wp:status>")?;
    writeln!(out, "<wp:post_type>post</wp:post_type>")?;
    let in_thread: std::collections::HashSet<i64> =
        comments.iter().filter_map(|comment| comment.id).map(|id| id.0).collect();
    for comment in comments {
        let comment_id = comment.id.map_or(0, |id| id.0);
        // The first quote opening the body, if its source is in this thread: the parent.
        let parent = comment.quotes.first().map(|quote| quote.source.0).filter(|source| in_thread.contains(source));
        let person = people.get(&comment.author.0);
        let author = comment.guest_name.clone().or_else(|| person.map(|person| person.display_name.clone()));
        let email = if comment.guest_name.is_some() { None } else { person.and_then(|person| person.email.clone()) };
        let body = reply_html(&comment.body, parent);
        let (approved, content) = match (comment.deleted, comment.state) {
            (true, _) => ("trash", String::new()),
            (false, CommentState::Published) => ("1", body),
            (false, CommentState::Pending) => ("0", body),
            (false, CommentState::Rejected) => ("spam", body),
        };
        writeln!(out, "<wp:comment>")?;
        writeln!(out, "<wp:comment_id>{comment_id}</wp:comment_id>")?;
        writeln!(out, "<wp:comment_author>{}</wp:comment_author>", cdata(author.as_deref().unwrap_or_default()))?;
        writeln!(
            out,
            "<wp:comment_author_email>{}</wp:comment_author_email>",
            escape(email.as_deref().unwrap_or_default())
        )?;
        writeln!(out, "<wp:comment_author_url></wp:comment_author_url>")?;
        writeln!(out, "<wp:comment_author_IP></wp:comment_author_IP>")?;
        writeln!(out, "<wp:comment_date>{}</wp:comment_date>", wp_time(comment.created_at))?;
        writeln!(out, "<wp:comment_date_gmt>{}</wp:comment_date_gmt>", wp_time(comment.created_at))?;
        writeln!(out, "<wp:comment_content>{}</wp:comment_content>", cdata(&content))?;
        writeln!(out, "<wp:comment_approved>{approved}</wp:comment_approved>")?;
        writeln!(out, "<wp:comment_type>comment</wp:comment_type>")?;
        writeln!(out, "<wp:comment_parent>{}</wp:comment_parent>", parent.unwrap_or(0))?;
        writeln!(out, "<wp:comment_user_id>0</wp:comment_user_id>")?;
        writeln!(out, "</wp:comment>")?;
    }
    writeln!(out, "</item>")?;
    Ok(())
}

/// A body in schrieb markup as HTML.
fn html(markup: &str) -> String {
    schrieb_markup::to_html(&schrieb_markup::parse(markup))
}

/// A comment's body as HTML without the quote of `parent` it opens with: WordPress shows a
/// reply under its parent, so the quote would say it twice.
fn reply_html(markup: &str, parent: Option<i64>) -> String {
    let mut document = schrieb_markup::parse(markup);
    let opens_with_parent = matches!(
        (document.blocks.first(), parent),
        (Some(schrieb_markup::Block::Quote { source: Some(source), .. }), Some(parent)) if source.comment == parent
    );
    if opens_with_parent {
        document.blocks.remove(0);
    }
    schrieb_markup::to_html(&document)
}

/// WordPress's time format, in UTC.
fn wp_time(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Text escaped for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Text as a CDATA section, its `]]>` split across two.
fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_loses_the_quote_of_its_parent_only() {
        let body = "[quote=7 author=\"Anna\"]\nalt\n[/quote]\nneu";
        assert_eq!(reply_html(body, Some(7)), "<p>neu</p>");
        assert!(reply_html(body, Some(8)).contains("<blockquote>"));
        assert!(reply_html(body, None).contains("<blockquote>"));
    }

    #[test]
    fn cdata_survives_its_own_end_marker() {
        assert_eq!(cdata("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
