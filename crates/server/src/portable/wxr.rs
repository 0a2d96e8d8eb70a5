//! WordPress's export (WXR 1.0 to 1.2): an RSS file whose `<item>`s are posts of any type (posts,
//! pages, attachments, custom types), each with its `<wp:comment>`s: `comment_id`,
//! `comment_author`, `comment_author_email`, `comment_date_gmt` (or `comment_date`),
//! `comment_content`, `comment_approved` (`1`, `0` waiting, `spam`, `trash`), `comment_type`
//! (`pingback`, `trackback`), `comment_parent` and `comment_user_id` (an account there).
//!
//! Comment text is what the author typed with some inline HTML: WordPress makes paragraphs of
//! blank lines and line breaks of single ones when it shows it, and so does this reader before
//! the HTML becomes markup.

use std::io::BufRead;

use super::disqus::{made_id, time};
use super::foreign::{ForeignOptions, ForeignPost, ForeignThread};
use super::staging::Staging;
use super::xml::{Piece, XmlStream};
use super::{PortableError, Report};
use crate::db::Repository;

/// Imports a WordPress export from `input` (see [`super::foreign`] for what becomes of it).
pub async fn import(
    repository: &dyn Repository,
    input: impl BufRead,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "wordpress", options, progress, async |staging| {
        read(input, options, staging).await
    })
    .await
}

/// An `<item>` as read so far.
#[derive(Debug, Default)]
struct Item {
    fields: Fields,
    comments: Vec<Fields>,
}

/// The text of an element's children, by name.
type Fields = std::collections::HashMap<String, String>;

/// Reads a WordPress export from `input` into `staging`; returns what it left out.
pub async fn read(
    input: impl BufRead,
    options: &ForeignOptions,
    staging: &mut Staging,
) -> Result<Report, PortableError> {
    let mut stream = XmlStream::new(input)?;
    let mut report = Report::default();
    let mut path: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    while let Some(piece) = stream.next_piece()? {
        match piece {
            Piece::Open { name, .. } => {
                if let Some(item) = item.as_mut()
                    && name == "comment"
                    && path.len() == 3
                {
                    item.comments.push(Fields::new());
                }
                if name == "item" && path.len() == 2 {
                    item = Some(Item::default());
                }
                path.push(name);
            }
            Piece::Text(text) => {
                let Some(item) = item.as_mut() else { continue };
                // rss > channel > item > field, or rss > channel > item > comment > field.
                match path.len() {
                    4 => item.fields.entry(path[3].clone()).or_default().push_str(&text),
                    5 if path[3] == "comment" => {
                        if let Some(comment) = item.comments.last_mut() {
                            comment.entry(path[4].clone()).or_default().push_str(&text);
                        }
                    }
                    _ => {}
                }
            }
            Piece::Close => {
                path.pop();
                if path.len() == 2
                    && let Some(done) = item.take()
                {
                    stage(done, options, staging, &mut report).await?;
                }
            }
        }
    }
    Ok(staging.finish(report).await?)
}

/// Stages an item that has comments, and its comments.
async fn stage(
    item: Item,
    options: &ForeignOptions,
    staging: &mut Staging,
    report: &mut Report,
) -> Result<(), PortableError> {
    if item.comments.is_empty() {
        return Ok(());
    }
    let field = |name: &str| item.fields.get(name).map(|value| value.trim().to_owned()).unwrap_or_default();
    let url = options.map(&field("link"));
    let post_id = field("post_id");
    let external = if post_id.is_empty() { format!("url:{url}") } else { post_id.clone() };
    let created_at = gmt_time(&field("post_date_gmt"))
        .or_else(|| gmt_time(&field("post_date")))
        .or_else(|| chrono::DateTime::parse_from_rfc2822(&field("pubDate")).ok().map(|time| time.to_utc()));
    staging
        .thread(ForeignThread {
            key: options.key(&url, Some(&post_id)),
            external: external.clone(),
            url,
            title: field("title"),
            created_at,
            closed: field("comment_status") == "closed",
        })
        .await?;
    for comment in item.comments {
        let value = |name: &str| comment.get(name).map(|value| value.trim().to_owned()).unwrap_or_default();
        let content = comment.get("comment_content").cloned().unwrap_or_default();
        let id = value("comment_id");
        let id = if id.is_empty() {
            report.note("without an id, given one made of their content");
            made_id(&[&external, &value("comment_author"), &value("comment_date"), &content])
        } else {
            id
        };
        let approved = value("comment_approved");
        let kind = value("comment_type");
        let email = value("comment_author_email").to_lowercase();
        let parent = value("comment_parent");
        staging
            .post(ForeignPost {
                external: id,
                thread: external.clone(),
                parent: (!parent.is_empty() && parent != "0").then_some(parent),
                author_name: value("comment_author"),
                author_email: (!email.is_empty()).then_some(email),
                author_registered: value("comment_user_id").parse::<u64>().is_ok_and(|user| user > 0),
                body: super::html::to_markup(&paragraphs(&content)),
                created_at: gmt_time(&value("comment_date_gmt")).or_else(|| gmt_time(&value("comment_date"))),
                deleted: approved == "trash",
                spam: approved == "spam",
                held: approved == "0",
                pingback: kind == "pingback" || kind == "trackback",
                author_ref: None,
            })
            .await?;
    }
    Ok(())
}

/// A WordPress time (`2024-01-01 10:00:00`, UTC for the `_gmt` fields); the zero time it
/// writes for "none" is none.
fn gmt_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if text.is_empty() || text.starts_with("0000-00-00") {
        return None;
    }
    time(text)
}

/// Comment text as WordPress shows it: blank lines between paragraphs, single line breaks kept.
fn paragraphs(content: &str) -> String {
    let content = content.replace("\r\n", "\n");
    content
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| format!("<p>{}</p>", paragraph.replace('\n', "<br>")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_make_paragraphs_and_single_breaks_stay() {
        assert_eq!(paragraphs("eins\r\nzwei\n\n\ndrei <b>fett</b>"), "<p>eins<br>zwei</p><p>drei <b>fett</b></p>");
        assert_eq!(super::super::html::to_markup(&paragraphs("eins\nzwei\n\ndrei")), "eins\nzwei\n\ndrei");
    }

    #[test]
    fn the_zero_time_is_no_time() {
        assert_eq!(gmt_time("0000-00-00 00:00:00"), None);
        assert_eq!(
            gmt_time("2024-01-01 10:00:00").map(|time| time.to_rfc3339()),
            Some("2024-01-01T10:00:00+00:00".into())
        );
    }
}
