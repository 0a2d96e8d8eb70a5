//! A guest's own held comments, kept in this browser: the server cannot tell one guest from
//! another (they all write as the shared guest account), so it shows a held comment to nobody
//! but moderators, and the guest's browser remembers what it posted. Each is shown under the
//! thread's last page until it is published (then it is in the thread) or a week has passed.

use chrono::{Duration, Utc};
use leptos::prelude::*;
use schrieb_api::{Comment, Slug};

/// How long a guest's held comment is remembered.
const KEPT_DAYS: i64 = 7;

fn key(slug: &Slug) -> String {
    format!("schrieb-held-{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The held comments this browser posted as a guest to the thread of `slug`, fresh ones only.
pub fn remembered(slug: &Slug) -> Vec<Comment> {
    let kept: Vec<Comment> = storage()
        .and_then(|storage| storage.get_item(&key(slug)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let since = Utc::now() - Duration::days(KEPT_DAYS);
    kept.into_iter().filter(|comment| comment.created_at > since).collect()
}

/// Remembers `comment`, just posted as a guest and held, for the thread of `slug`.
pub fn remember(slug: &Slug, comment: Comment) {
    let mut kept = remembered(slug);
    kept.retain(|earlier| earlier.id != comment.id);
    kept.push(comment);
    store(slug, &kept);
}

/// Forgets those of the remembered comments that `published` shows (approved meanwhile).
pub fn forget_published(slug: &Slug, published: &[Comment]) {
    let kept = remembered(slug);
    let left: Vec<Comment> =
        kept.iter().filter(|held| !published.iter().any(|shown| shown.id == held.id)).cloned().collect();
    if left.len() != kept.len() {
        store(slug, &left);
    }
}

fn store(slug: &Slug, kept: &[Comment]) {
    let Some(storage) = storage() else { return };
    let _ = match kept.is_empty() {
        true => storage.remove_item(&key(slug)),
        false => serde_json::to_string(kept).map_or(Ok(()), |json| storage.set_item(&key(slug), &json)),
    };
}
