//! Disqus's XML export: `<thread>` elements (a page each: `dsq:id`, the site's `<id>`
//! identifier, `<link>`, `<title>`, `<createdAt>`, `<isClosed>`, `<isDeleted>`), then `<post>`
//! elements (`dsq:id`, `<message>` in HTML, `<createdAt>`, `<isDeleted>`, `<isSpam>`,
//! `<author>` with `<name>`, `<email>`, `<username>`, `<isAnonymous>`, `<thread dsq:id>`,
//! `<parent dsq:id>`), read as a stream of events: memory does not grow with the file.
//!
//! Real files are messy, and each mess has its answer: bytes before the XML declaration are
//! skipped; text may come as entities or CDATA; a post without an id gets one made of its
//! content (the same on every run); a second post with an id read before is left out; a
//! missing or unreadable date is filled in by the writer; IP addresses are never read.

use std::io::BufRead;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::foreign::{ForeignOptions, ForeignPost, ForeignThread};
use super::staging::Staging;
use super::xml::{Piece, XmlStream};
use super::{PortableError, Report};
use crate::db::Repository;

/// What the reader is inside of.
#[derive(Debug, Default)]
struct Element {
    id: Option<String>,
    /// The site's identifier (`<id>`), a thread's only.
    identifier: String,
    link: String,
    title: String,
    message: String,
    created_at: String,
    deleted: String,
    spam: String,
    closed: String,
    author_name: String,
    author_email: String,
    author_username: String,
    author_anonymous: String,
    thread: Option<String>,
    parent: Option<String>,
}

/// Imports a Disqus export from `input` (see [`super::foreign`] for what becomes of it);
/// `progress` hears how many comments are written so far.
pub async fn import(
    repository: &dyn Repository,
    input: impl BufRead,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "disqus", options, progress, async |staging| {
        read(input, options, staging).await
    })
    .await
}

/// Reads a Disqus export from `input` into `staging`; returns what it left out.
pub async fn read(
    input: impl BufRead,
    options: &ForeignOptions,
    staging: &mut Staging,
) -> Result<Report, PortableError> {
    let mut stream = XmlStream::new(input)?;
    let mut report = Report::default();
    // The names of the open elements, from `<disqus>` down.
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<(bool, Element)> = None;
    while let Some(piece) = stream.next_piece()? {
        match piece {
            Piece::Open { name, id } => {
                if path.len() == 1 && (name == "thread" || name == "post") {
                    current = Some((name == "post", Element { id, ..Element::default() }));
                } else if let Some((_, element)) = current.as_mut() {
                    // `<thread dsq:id>` and `<parent dsq:id>` inside a post.
                    match (path.len(), name.as_str()) {
                        (2, "thread") => element.thread = id,
                        (2, "parent") => element.parent = id,
                        _ => {}
                    }
                }
                path.push(name);
            }
            Piece::Text(text) => push(&path, current.as_mut(), &text),
            Piece::Close => {
                path.pop();
                if path.len() == 1
                    && let Some((is_post, element)) = current.take()
                {
                    if is_post {
                        staging.post(post(element, &mut report)).await?;
                    } else {
                        staging.thread(thread(element, options)).await?;
                    }
                }
            }
        }
    }
    Ok(staging.finish(report).await?)
}

/// Text inside the element at `path`, added to the field it belongs to.
fn push(path: &[String], current: Option<&mut (bool, Element)>, text: &str) {
    let Some((_, element)) = current else { return };
    let names: Vec<&str> = path.iter().skip(2).map(String::as_str).collect();
    let field = match names.as_slice() {
        ["id"] => &mut element.identifier,
        ["link"] => &mut element.link,
        ["title"] => &mut element.title,
        // A message whose HTML was written as elements, not escaped: its text still counts.
        ["message", ..] => &mut element.message,
        ["createdAt"] => &mut element.created_at,
        ["isDeleted"] => &mut element.deleted,
        ["isSpam"] => &mut element.spam,
        ["isClosed"] => &mut element.closed,
        ["author", "name"] => &mut element.author_name,
        ["author", "email"] => &mut element.author_email,
        ["author", "username"] => &mut element.author_username,
        ["author", "isAnonymous"] => &mut element.author_anonymous,
        _ => return,
    };
    field.push_str(text);
}

fn thread(element: Element, options: &ForeignOptions) -> ForeignThread {
    let url = options.map(&element.link);
    let identifier = element.identifier.trim().to_owned();
    ForeignThread {
        key: options.key(&url, Some(&identifier)),
        // A thread without its own id is told apart by its address.
        external: element.id.unwrap_or_else(|| format!("url:{url}")),
        url,
        title: element.title.trim().to_owned(),
        created_at: time(&element.created_at),
        closed: yes(&element.closed),
    }
}

fn post(element: Element, report: &mut Report) -> ForeignPost {
    let body = super::html::to_markup(&element.message);
    let thread = element.thread.unwrap_or_default();
    let created_at = time(&element.created_at);
    let external = element.id.unwrap_or_else(|| {
        report.note("without an id, given one made of their content");
        made_id(&[&thread, &element.author_name, &element.created_at, &element.message])
    });
    let email = element.author_email.trim().to_lowercase();
    ForeignPost {
        external,
        thread,
        parent: element.parent,
        author_name: element.author_name.trim().to_owned(),
        author_email: (!email.is_empty()).then_some(email),
        author_registered: !yes(&element.author_anonymous) && !element.author_username.trim().is_empty(),
        body,
        created_at,
        deleted: yes(&element.deleted),
        spam: yes(&element.spam),
        // Disqus exports what it published, deleted or marked as spam.
        held: false,
        pingback: false,
        author_ref: None,
    }
}

/// An id made of `parts`: the same for the same post on every run.
pub fn made_id(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    format!("made:{}", digest.iter().take(12).map(|byte| format!("{byte:02x}")).collect::<String>())
}

fn yes(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("true")
}

/// An RFC 3339 time, or one without its zone (taken as UTC), as exports write them.
pub fn time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc)).ok().or_else(|| {
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .map(|naive| naive.and_utc())
    })
}
