//! Link previews: which links of a comment get cards, made from the event log (a comment gets
//! them once readers can read it, and anew when it is edited or restored), how long a failed
//! reading waits, and who may remove a comment's cards.
//!
//! Fetching the pages is the server's background work (`crate::previews`); what it may reach
//! is `crate::previews::fetch`'s rule.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentId, MAX_PREVIEWS, ModerationSettings, host_is_blocked, permissions};

use super::{DomainError, existing, facts};
use crate::db::{CommentLinks, CommentStore, DbError, EventKind, EventStore, PreviewStore, PreviewSubject};

/// Events read from the log at once.
const BATCH: u32 = 200;

/// The links of `body` that get cards on a site with `settings`: the author's own links (not
/// those in quoted comments), http(s) only, not to `own_host` (links to schrieb's own pages)
/// nor to a blocked host, the first [`MAX_PREVIEWS`], as the URL parser normalizes them.
pub fn wanted_links(body: &str, settings: &ModerationSettings, own_host: Option<&str>) -> Vec<String> {
    if !settings.link_previews {
        return Vec::new();
    }
    let mut wanted: Vec<String> = Vec::new();
    for written in schrieb_markup::parse(body).own_links() {
        let Ok(url) = url::Url::parse(&written) else { continue };
        let Some(host) = url.host_str() else { continue };
        let own = own_host.is_some_and(|own| own.eq_ignore_ascii_case(host));
        if !matches!(url.scheme(), "http" | "https") || own || host_is_blocked(host, &settings.preview_blocked_hosts) {
            continue;
        }
        let href = String::from(url);
        if !wanted.contains(&href) {
            wanted.push(href);
        }
        if wanted.len() == MAX_PREVIEWS {
            break;
        }
    }
    wanted
}

/// The links `subject` gets cards for: none while readers cannot read it or once its cards
/// were removed.
fn links_of(subject: &PreviewSubject, own_host: Option<&str>) -> CommentLinks {
    let urls = if subject.readable && !subject.removed {
        match serde_json::from_str::<ModerationSettings>(&subject.site_settings) {
            Ok(settings) => wanted_links(&subject.body, &settings, own_host),
            Err(error) => {
                tracing::error!(%error, "a site's settings do not read: its comments get no cards");
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    CommentLinks { comment: subject.comment, urls }
}

/// Reads the event log from the preview maker's place and stores the links of each comment
/// published, approved, edited or restored since (and forgets those of comments held or
/// deleted), batch by batch. Links to `own_host` get no cards.
pub async fn follow_log<S: EventStore + PreviewStore + ?Sized>(
    store: &S,
    own_host: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    loop {
        let from = store.preview_cursor().await?;
        let events = store.events_after(from, BATCH).await?;
        let Some(to) = events.last().map(|event| event.seq) else { return Ok(()) };
        let mut ids: Vec<CommentId> = events
            .iter()
            .filter(|event| {
                matches!(
                    event.kind,
                    EventKind::Published
                        | EventKind::Approved
                        | EventKind::Edited
                        | EventKind::Restored
                        | EventKind::Held
                        | EventKind::Deleted
                )
            })
            .filter_map(|event| event.comment)
            .collect();
        ids.sort_unstable_by_key(|id| id.0);
        ids.dedup();
        let links: Vec<CommentLinks> = if ids.is_empty() {
            Vec::new()
        } else {
            store.preview_subjects(&ids).await?.iter().map(|subject| links_of(subject, own_host)).collect()
        };
        // Another server stored this batch meanwhile: read on from where it left off.
        store.store_comment_links(&links, from, to, now).await?;
        if events.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// The pauses before the next reading after passing failures (a timeout, a server error):
/// after the last, the link gets no card.
const RETRY_PAUSES: [Duration; 2] = [Duration::minutes(10), Duration::hours(2)];

/// When to read a link again after `attempts` failed passingly, if at all.
pub fn retry_at(attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let index = usize::try_from(attempts).ok()?.checked_sub(1)?;
    RETRY_PAUSES.get(index).map(|pause| now + *pause)
}

/// Removes comment `id`'s cards for good, on behalf of `actor`: its author or a moderator.
pub async fn remove<S: CommentStore + PreviewStore + ?Sized>(
    store: &S,
    actor: permissions::Actor,
    id: CommentId,
) -> Result<(), DomainError> {
    let meta = existing(store, id).await?;
    permissions::may_remove_previews(actor, facts(&meta))?;
    if store.remove_previews(id).await? {
        Ok(())
    } else {
        Err(DomainError::NotFound(format!("no comment has the id {}", id.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> ModerationSettings {
        ModerationSettings::default()
    }

    #[test]
    fn the_first_three_own_links_as_the_parser_reads_them() {
        let body = "[quote=1 author=\"A\"]\nhttps://quoted.example\n[/quote]\nErst https://EINS.example/a dann \
                    [zwei](https://zwei.example) https://eins.example/a https://drei.example mailto:x@y.example \
                    https://vier.example";
        assert_eq!(
            wanted_links(body, &settings(), None),
            ["https://eins.example/a", "https://zwei.example/", "https://drei.example/"]
        );
    }

    #[test]
    fn the_sites_switch_block_list_and_own_host_leave_links_out() {
        let body = "https://news.blocked.example/x https://schrieb.example/c/1 https://ok.example";
        let blocked = ModerationSettings { preview_blocked_hosts: vec!["blocked.example".into()], ..settings() };
        assert_eq!(wanted_links(body, &blocked, Some("schrieb.example")), ["https://ok.example/"]);
        let off = ModerationSettings { link_previews: false, ..settings() };
        assert!(wanted_links(body, &off, None).is_empty());
    }

    #[test]
    fn hidden_and_removed_comments_get_no_links() {
        let subject = |readable: bool, removed: bool| PreviewSubject {
            comment: CommentId(1),
            body: "https://ok.example".into(),
            readable,
            removed,
            site_settings: "{}".into(),
        };
        assert_eq!(links_of(&subject(true, false), None).urls, ["https://ok.example/"]);
        assert!(links_of(&subject(false, false), None).urls.is_empty());
        assert!(links_of(&subject(true, true), None).urls.is_empty());
    }

    #[test]
    fn failed_readings_are_tried_twice_more() {
        let now = Utc::now();
        assert_eq!(retry_at(0, now), None);
        assert_eq!(retry_at(1, now), Some(now + Duration::minutes(10)));
        assert_eq!(retry_at(2, now), Some(now + Duration::hours(2)));
        assert_eq!(retry_at(3, now), None);
    }
}
