//! Isso: its SQLite database file read directly (`threads`: `id`, `uri`, `title`; `comments`:
//! `tid`, `id`, `parent`, `created` and `modified` in Unix seconds, `mode` 1 published, 2
//! waiting, 4 deleted, `text` in Markdown, `author`, `email`), and the generic JSON it imports
//! itself (an array of threads: `id` the page's path, `title`, `comments` with `id`, `author`,
//! `email`, `created` as `YYYY-MM-DD HH:MM:SS`, `text`).
//!
//! Isso keeps a page by its path: `--map-url /=https://blog.example/` makes it an address.
//! Isso never checked anyone's address, so nobody is matched by it: everyone writes as a guest.

use std::io::BufRead;
use std::path::Path;
use std::str::FromStr;

use chrono::DateTime;
use futures_util::TryStreamExt;
use serde::Deserialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, FromRow};

use super::disqus::time;
use super::foreign::{ForeignOptions, ForeignPost, ForeignThread};
use super::staging::Staging;
use super::{PortableError, Report};
use crate::db::{DbError, Repository};

/// Imports Isso's database file at `path`, opened read-only.
pub async fn import_database(
    repository: &dyn Repository,
    path: &Path,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "isso", options, progress, async |staging| {
        read_database(path, options, staging).await
    })
    .await
}

/// Imports Isso's generic JSON from `input`.
pub async fn import_json(
    repository: &dyn Repository,
    input: impl BufRead + Send + 'static,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "isso", options, progress, async |staging| {
        read_json(input, options, staging).await
    })
    .await
}

#[derive(FromRow)]
struct CommentRow {
    tid: i64,
    id: i64,
    parent: Option<i64>,
    created: f64,
    mode: i64,
    text: Option<String>,
    author: Option<String>,
}

async fn read_database(path: &Path, options: &ForeignOptions, staging: &mut Staging) -> Result<Report, PortableError> {
    let mut connection = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .map_err(DbError::from)?
        .read_only(true)
        .connect()
        .await
        .map_err(DbError::from)?;
    let threads: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, uri, title FROM threads").fetch_all(&mut connection).await.map_err(DbError::from)?;
    for (id, uri, title) in threads {
        let url = options.map(&uri);
        staging
            .thread(ForeignThread {
                external: id.to_string(),
                key: options.key(&url, None),
                url,
                title: title.unwrap_or_default(),
                created_at: None,
                closed: false,
            })
            .await?;
    }
    let mut rows = sqlx::query_as::<_, CommentRow>(
        "SELECT tid, id, parent, created, mode, text, author FROM comments ORDER BY id",
    )
    .fetch(&mut connection);
    while let Some(row) = rows.try_next().await.map_err(DbError::from)? {
        let seconds = row.created.trunc();
        #[allow(clippy::cast_possible_truncation)]
        let created_at = DateTime::from_timestamp(seconds as i64, 0);
        staging
            .post(ForeignPost {
                external: row.id.to_string(),
                thread: row.tid.to_string(),
                parent: row.parent.map(|parent| parent.to_string()),
                author_name: row.author.unwrap_or_default(),
                author_email: None,
                author_registered: false,
                body: super::html::markdown_to_markup(&row.text.unwrap_or_default()),
                created_at,
                deleted: row.mode == 4,
                spam: false,
                held: row.mode == 2,
                pingback: false,
                author_ref: None,
            })
            .await?;
    }
    drop(rows);
    Ok(staging.finish(Report::default()).await?)
}

#[derive(Deserialize)]
struct JsonThread {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    comments: Vec<JsonComment>,
}

#[derive(Deserialize)]
struct JsonComment {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    created: String,
    #[serde(default)]
    text: String,
}

async fn read_json(
    input: impl BufRead + Send + 'static,
    options: &ForeignOptions,
    staging: &mut Staging,
) -> Result<Report, PortableError> {
    let mut threads = super::json::array::<JsonThread>(input);
    let mut report = Report::default();
    while let Some(thread) = threads.recv().await {
        let thread = thread?;
        let url = options.map(&thread.id);
        staging
            .thread(ForeignThread {
                external: thread.id.clone(),
                key: options.key(&url, None),
                url,
                title: thread.title,
                created_at: None,
                closed: false,
            })
            .await?;
        for comment in thread.comments {
            let id = match &comment.id {
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::String(text) if !text.trim().is_empty() => text.trim().to_owned(),
                _ => {
                    report.note("without an id, given one made of their content");
                    super::disqus::made_id(&[
                        &thread.id,
                        comment.author.as_deref().unwrap_or(""),
                        &comment.created,
                        &comment.text,
                    ])
                }
            };
            staging
                .post(ForeignPost {
                    external: id,
                    thread: thread.id.clone(),
                    parent: None,
                    author_name: comment.author.unwrap_or_default(),
                    author_email: None,
                    author_registered: false,
                    body: super::html::markdown_to_markup(&comment.text),
                    created_at: time(&comment.created),
                    deleted: false,
                    spam: false,
                    held: false,
                    pingback: false,
                    author_ref: None,
                })
                .await?;
        }
    }
    Ok(staging.finish(report).await?)
}
