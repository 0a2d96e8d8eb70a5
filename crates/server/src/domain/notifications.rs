//! Notifications: made from the event log, read by the one they are for.
//!
//! A comment published notifies, at most once each and never its author: the authors of the
//! comments it quotes (`reply` in the same thread, `quote` from another), the people it
//! mentions (`mention`), and who follows its thread (`followed`); the strongest kind wins
//! when one person is several of these. An edit notifies the quotes and mentions it adds. A
//! moderator's decision notifies the comment's author (`moderation`). Nothing comes from a
//! thread the person muted, but decisions about their own comments. Writing in a thread
//! follows it, unless the person chose otherwise for it before.
//!
//! Every server makes them as it reads the log; the log's place they were made up to moves in
//! the transaction that stores them, so one batch is stored once however many servers race.

use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, CommentState, Delivery, NOTIFICATIONS_PER_PAGE, Notification, NotificationKind, NotificationPage, UserId,
};

use super::moderation::visibility::{Viewer, may_read};
use crate::db::{
    CommentAudience, DbError, EventKind, EventStore, FollowState, MailPlan, NewNotification, NotificationStore,
    Notifying, ThreadEvent,
};

/// Events read from the log at once.
const BATCH: u32 = 200;

/// Characters of a comment a notification shows.
const EXCERPT_CHARS: usize = 140;

/// Makes the notifications of every event after the cursor, batch by batch.
pub async fn notify<S: EventStore + NotificationStore + ?Sized>(store: &S, now: DateTime<Utc>) -> Result<(), DbError> {
    loop {
        let from = store.notification_cursor().await?;
        let events = store.events_after(from, BATCH).await?;
        let Some(to) = events.last().map(|event| event.seq) else { return Ok(()) };
        let mut made = Notifying::default();
        for event in &events {
            // An event that cannot be read (a row gone bad) is logged and passed over: it must
            // not hold up everything after it.
            if let Err(error) = notifications_of(store, event, &mut made).await {
                tracing::error!(%error, seq = event.seq, "making an event's notifications failed; passed over");
            }
        }
        // Another server stored this batch meanwhile: read on from where it left off.
        store.store_notifications(&made, from, to, now).await?;
        if events.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// Tells the authors of comments that got reactions since the last time, up to `until` (the
/// day's digest time): one `reactions` notification per comment and day, delivered as each
/// author chose. Every server may try; the first stores them, the others find the place moved.
pub async fn notify_reactions<S: NotificationStore + ?Sized>(
    store: &S,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let from = store.reactions_told_until().await?;
    if from >= until {
        return Ok(());
    }
    let found = store
        .reacted_comments(from, until)
        .await?
        .into_iter()
        .map(|(user, comment)| NewNotification {
            user,
            kind: NotificationKind::Reactions,
            comment,
            // One per comment and day: the day's end tells them apart.
            trigger: until.timestamp_millis(),
            outcome: None,
            mail: MailPlan::None,
        })
        .collect();
    let made = planned(store, found).await?;
    store.store_reaction_notifications(&made, from, until, now).await?;
    Ok(())
}

/// Adds what `event` notifies to `made`.
async fn notifications_of<S: NotificationStore + ?Sized>(
    store: &S,
    event: &ThreadEvent,
    made: &mut Notifying,
) -> Result<(), DbError> {
    let Some(comment) = event.comment else { return Ok(()) };
    match event.kind {
        // Published, or approved after a hold (the hold may have come before this server read
        // the publication, or held an edit that adds quotes and mentions): the unique keys
        // keep a second pass from notifying anyone twice.
        EventKind::Published | EventKind::Approved | EventKind::Edited => {
            let Some(mut audience) = store.audience(comment).await? else { return Ok(()) };
            // Who wrote earlier in this batch follows the thread already.
            for (user, article) in &made.follows {
                if *article == audience.article && !audience.follows.iter().any(|(known, _)| known == user) {
                    audience.follows.push((*user, FollowState::Follow));
                }
            }
            let published = event.kind != EventKind::Edited;
            made.notifications.extend(planned(store, recipients(comment, &audience, published)).await?);
            if published && audience.state == CommentState::Published && audience.author_follows_threads {
                made.follows.push((audience.author, audience.article));
            }
        }
        EventKind::Decided => {
            let Some(line) = event.decision else { return Ok(()) };
            let Some(decision) = store.decision(line).await? else { return Ok(()) };
            // A moderator deciding about their own comment knows.
            if decision.moderator != decision.author {
                let notice = NewNotification {
                    user: decision.author,
                    kind: NotificationKind::Moderation,
                    comment,
                    trigger: event.seq,
                    outcome: Some((decision.outcome, decision.reason)),
                    mail: MailPlan::None,
                };
                made.notifications.extend(planned(store, vec![notice]).await?);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The notifications of `found` their people want (none of a kind they turned off), each with
/// its mail planned as they chose.
async fn planned<S: NotificationStore + ?Sized>(
    store: &S,
    found: Vec<NewNotification>,
) -> Result<Vec<NewNotification>, DbError> {
    if found.is_empty() {
        return Ok(found);
    }
    let users: Vec<UserId> = found.iter().map(|new| new.user).collect();
    let chosen = store.chosen_deliveries(&users).await?;
    Ok(found
        .into_iter()
        .filter_map(|mut new| {
            let delivery = chosen
                .iter()
                .find(|(user, kind, _)| *user == new.user && *kind == new.kind)
                .map_or_else(|| Delivery::default_for(new.kind), |(_, _, delivery)| *delivery);
            new.mail = mail_plan(delivery)?;
            Some(new)
        })
        .collect())
}

/// What a notification delivered as `delivery` plans for its mail; `None` when there is to be
/// no notification at all.
pub fn mail_plan(delivery: Delivery) -> Option<MailPlan> {
    match delivery {
        Delivery::App => Some(MailPlan::None),
        Delivery::Email => Some(MailPlan::Later),
        Delivery::Digest => Some(MailPlan::Digest),
        Delivery::Off => None,
    }
}

/// Whom a published comment (`published`) or an edit of it notifies, and of what.
pub fn recipients(comment: CommentId, audience: &CommentAudience, published: bool) -> Vec<NewNotification> {
    if audience.state != CommentState::Published || audience.deleted {
        return Vec::new();
    }
    let muted = |user: &UserId| audience.follows.iter().any(|(who, state)| who == user && *state == FollowState::Mute);
    let mut found: Vec<(UserId, NotificationKind)> = Vec::new();
    let mut add = |user: UserId, kind: NotificationKind| {
        if user == audience.author || muted(&user) || found.iter().any(|(known, _)| *known == user) {
            return;
        }
        found.push((user, kind));
    };
    // Strongest first: the first kind found for a person is theirs.
    for (user, same_thread) in &audience.quoted {
        if *same_thread {
            add(*user, NotificationKind::Reply);
        }
    }
    for (user, _) in audience.quoted.iter().filter(|(_, same)| !same) {
        add(*user, NotificationKind::Quote);
    }
    for user in &audience.mentioned {
        add(*user, NotificationKind::Mention);
    }
    if published {
        for (user, state) in &audience.follows {
            if *state == FollowState::Follow {
                add(*user, NotificationKind::Followed);
            }
        }
    }
    found
        .into_iter()
        .map(|(user, kind)| NewNotification { user, kind, comment, trigger: 0, outcome: None, mail: MailPlan::None })
        .collect()
}

/// Page `page` of `user`'s notifications, each comment as `viewer` (the user) may read it now.
pub async fn notifications<S: NotificationStore + ?Sized>(
    store: &S,
    user: UserId,
    viewer: Viewer,
    page: u32,
) -> Result<NotificationPage, DbError> {
    let (stored, total, unread) = store.notifications(user, page, NOTIFICATIONS_PER_PAGE).await?;
    let items = stored
        .into_iter()
        .map(|stored| {
            let comment = &stored.comment;
            let visible = !comment.deleted && may_read(viewer, comment.state, comment.author.id);
            let excerpt = if visible {
                schrieb_markup::excerpt(&schrieb_markup::parse(&comment.body), EXCERPT_CHARS)
            } else {
                String::new()
            };
            let (outcome, reason) = stored.outcome.map_or((None, None), |(outcome, reason)| (Some(outcome), reason));
            Notification {
                id: stored.id,
                kind: stored.kind,
                comment: comment.id,
                article_slug: stored.article_slug,
                article_title: stored.article_title,
                page: stored.page,
                actor: (stored.kind != NotificationKind::Moderation).then(|| comment.author.display_name.clone()),
                excerpt,
                visible,
                outcome,
                reason,
                read: stored.read_at.is_some(),
                at: stored.at,
            }
        })
        .collect();
    let pages = page_count_of(total);
    Ok(NotificationPage { items, unread, page, pages, total })
}

/// Pages of [`NOTIFICATIONS_PER_PAGE`] for `total` notifications (at least 1).
fn page_count_of(total: u64) -> u32 {
    let per_page = u64::from(NOTIFICATIONS_PER_PAGE);
    u32::try_from(total.div_ceil(per_page)).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ArticleKey;

    const AUTHOR: UserId = UserId(1);

    fn audience() -> CommentAudience {
        CommentAudience {
            article: ArticleKey(1),
            author: AUTHOR,
            state: CommentState::Published,
            deleted: false,
            quoted: vec![],
            mentioned: vec![],
            follows: vec![],
            author_follows_threads: true,
        }
    }

    fn kinds(found: &[NewNotification]) -> Vec<(i64, NotificationKind)> {
        found.iter().map(|new| (new.user.0, new.kind)).collect()
    }

    #[test]
    fn each_person_once_with_the_strongest_kind_never_the_author() {
        let audience = CommentAudience {
            quoted: vec![(UserId(2), true), (UserId(3), false), (AUTHOR, true)],
            mentioned: vec![UserId(2), UserId(3), UserId(4), AUTHOR],
            follows: vec![
                (UserId(4), FollowState::Follow),
                (UserId(5), FollowState::Follow),
                (AUTHOR, FollowState::Follow),
            ],
            ..audience()
        };
        let found = recipients(CommentId(9), &audience, true);
        assert_eq!(
            kinds(&found),
            [
                (2, NotificationKind::Reply),
                (3, NotificationKind::Quote),
                (4, NotificationKind::Mention),
                (5, NotificationKind::Followed)
            ]
        );
        assert!(found.iter().all(|new| new.comment == CommentId(9) && new.trigger == 0));
    }

    #[test]
    fn an_edit_notifies_quotes_and_mentions_not_followers() {
        let audience = CommentAudience {
            mentioned: vec![UserId(2)],
            follows: vec![(UserId(5), FollowState::Follow)],
            ..audience()
        };
        assert_eq!(kinds(&recipients(CommentId(9), &audience, false)), [(2, NotificationKind::Mention)]);
    }

    #[test]
    fn a_muted_thread_and_an_unpublished_comment_notify_nobody() {
        let muted =
            CommentAudience { mentioned: vec![UserId(2)], follows: vec![(UserId(2), FollowState::Mute)], ..audience() };
        assert!(recipients(CommentId(9), &muted, true).is_empty());
        let held = CommentAudience { state: CommentState::Pending, mentioned: vec![UserId(2)], ..audience() };
        assert!(recipients(CommentId(9), &held, true).is_empty());
        let deleted = CommentAudience { deleted: true, mentioned: vec![UserId(2)], ..audience() };
        assert!(recipients(CommentId(9), &deleted, true).is_empty());
    }
}
