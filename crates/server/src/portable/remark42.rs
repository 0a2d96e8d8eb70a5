//! Remark42's backup: JSON lines, plain or gzip-compressed. The first line describes the site
//! (its users and posts) and is skipped; every other line is a comment: `id`, `pid` (its
//! parent), `text` (HTML), `user` (`name`, `id`), `locator` (`url`), `time`, `delete`, `title`.
//! Remark42's people sign in with other services and leave no address: they write as guests
//! here, under their names.

use std::io::{BufRead, BufReader};

use serde::Deserialize;

use super::disqus::time;
use super::foreign::{ForeignOptions, ForeignPost, ForeignThread};
use super::staging::Staging;
use super::{PortableError, Report};
use crate::db::Repository;

#[derive(Deserialize)]
struct Line {
    id: String,
    #[serde(default)]
    pid: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    user: User,
    locator: Locator,
    #[serde(default)]
    time: String,
    #[serde(default)]
    delete: bool,
    #[serde(default)]
    title: String,
}

#[derive(Deserialize, Default)]
struct User {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct Locator {
    #[serde(default)]
    url: String,
}

/// Imports a Remark42 backup from `input` (see [`super::foreign`] for what becomes of it).
pub async fn import(
    repository: &dyn Repository,
    input: impl BufRead,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "remark42", options, progress, async |staging| {
        read(input, options, staging).await
    })
    .await
}

/// Reads a Remark42 backup (gzip or plain) from `input` into `staging`.
pub async fn read(
    mut input: impl BufRead,
    options: &ForeignOptions,
    staging: &mut Staging,
) -> Result<Report, PortableError> {
    let gzip = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let lines: Box<dyn BufRead + '_> =
        if gzip { Box::new(BufReader::new(flate2::bufread::GzDecoder::new(input))) } else { Box::new(input) };
    let mut report = Report::default();
    for line in lines.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(comment) = serde_json::from_str::<Line>(&line) else {
            // The site's description, or a line of something else.
            if serde_json::from_str::<serde_json::Value>(&line).is_err() {
                report.skip("lines that are not JSON");
            }
            continue;
        };
        let url = options.map(&comment.locator.url);
        staging
            .thread(ForeignThread {
                external: url.clone(),
                key: options.key(&url, None),
                url: url.clone(),
                title: comment.title.clone(),
                created_at: None,
                closed: false,
            })
            .await?;
        staging
            .post(ForeignPost {
                external: comment.id,
                thread: url,
                parent: (!comment.pid.is_empty()).then_some(comment.pid),
                author_name: comment.user.name,
                author_email: None,
                author_registered: false,
                body: super::html::to_markup(&comment.text),
                created_at: time(&comment.time),
                deleted: comment.delete,
                spam: false,
                held: false,
                pingback: false,
                author_ref: None,
            })
            .await?;
    }
    Ok(staging.finish(report).await?)
}
