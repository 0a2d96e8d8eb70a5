//! Commento's JSON export: one object with `comments` (`commentHex`, `domain`, `path`,
//! `commenterHex`, `html`, `markdown`, `parentHex` (`root` for none), `state` (`approved`,
//! `unapproved`, `flagged`), `creationDate`, `deleted`) and `commenters` (`commenterHex`,
//! `email`, `name`). Both arrays are read an element at a time, in either order: the comments
//! name their commenters, whom the writer looks up. Commenters had accounts with an address;
//! anonymous comments (`commenterHex` `anonymous`) are guests'.

use std::io::BufRead;

use serde::Deserialize;

use super::disqus::time;
use super::foreign::{ForeignOptions, ForeignPost, ForeignThread};
use super::json::{Either, object};
use super::staging::{ForeignPerson, Staging};
use super::{PortableError, Report};
use crate::db::Repository;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    comment_hex: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    commenter_hex: String,
    #[serde(default)]
    html: String,
    #[serde(default)]
    markdown: String,
    #[serde(default)]
    parent_hex: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    creation_date: String,
    #[serde(default)]
    deleted: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Commenter {
    commenter_hex: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

/// Imports a Commento export from `input` (see [`super::foreign`] for what becomes of it).
pub async fn import(
    repository: &dyn Repository,
    input: impl BufRead + Send + 'static,
    options: &ForeignOptions,
    progress: &dyn Fn(u64),
) -> Result<Report, PortableError> {
    super::foreign::import_staged(repository, "commento", options, progress, async |staging| {
        read(input, options, staging).await
    })
    .await
}

/// Reads a Commento export from `input` into `staging`.
pub async fn read(
    input: impl BufRead + Send + 'static,
    options: &ForeignOptions,
    staging: &mut Staging,
) -> Result<Report, PortableError> {
    let mut elements = object::<Comment, Commenter>(input, "comments", "commenters");
    while let Some(element) = elements.recv().await {
        match element? {
            Either::First(comment) => {
                let url = options.map(&format!("https://{}{}", comment.domain.trim(), comment.path.trim()));
                staging
                    .thread(ForeignThread {
                        external: url.clone(),
                        key: options.key(&url, None),
                        url: url.clone(),
                        title: String::new(),
                        created_at: None,
                        closed: false,
                    })
                    .await?;
                let body = if comment.html.trim().is_empty() {
                    super::html::markdown_to_markup(&comment.markdown)
                } else {
                    super::html::to_markup(&comment.html)
                };
                let anonymous = comment.commenter_hex.is_empty() || comment.commenter_hex == "anonymous";
                staging
                    .post(ForeignPost {
                        external: comment.comment_hex,
                        thread: url,
                        parent: (!comment.parent_hex.is_empty() && comment.parent_hex != "root")
                            .then_some(comment.parent_hex),
                        author_name: String::new(),
                        author_email: None,
                        author_registered: false,
                        body,
                        created_at: time(&comment.creation_date),
                        deleted: comment.deleted,
                        spam: false,
                        held: comment.state == "unapproved" || comment.state == "flagged",
                        pingback: false,
                        author_ref: (!anonymous).then_some(comment.commenter_hex),
                    })
                    .await?;
            }
            Either::Second(commenter) => {
                let email = commenter.email.trim().to_lowercase();
                staging
                    .person(&ForeignPerson {
                        external: commenter.commenter_hex,
                        name: commenter.name.trim().to_owned(),
                        registered: !email.is_empty(),
                        email: (!email.is_empty()).then_some(email),
                    })
                    .await?;
            }
        }
    }
    Ok(staging.finish(Report::default()).await?)
}
