//! The rules of notifications by mail: when a notification's mail goes, when the day's digest
//! is due, how a person's settings read with the defaults, and what an unsubscribe link stops.
//!
//! A mail about a notification goes only after a delay (so that reading it in the app first
//! spares the mail), only if the person still wants mail of its kind, only if the comment can
//! still be read, and only once per thread until the person visits the thread again.
//! Decisions about one's own comment are mailed whatever the thread: they are about you.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use schrieb_api::{
    CommentState, Delivery, NotificationKind, NotificationSettings, Reason, UnsubscribeOffer, UnsubscribeScope,
    UnsubscribeThread, UserId,
};

use super::{DomainError, Refusal};
use crate::db::{
    DbError, DueNotification, FollowState, MailOutcome, NotificationMailStore, NotificationStore, StoredNotification,
    StoredSettings, UnsubscribeGrant,
};

/// `user`'s notification settings.
pub async fn settings<S: NotificationStore + ?Sized>(store: &S, user: UserId) -> Result<NotificationSettings, DbError> {
    Ok(settings_of(&store.notification_settings(user).await?))
}

/// What the unsubscribe link whose token hashes to `token_hash` may stop.
pub async fn offer<S: NotificationMailStore + ?Sized>(
    store: &S,
    token_hash: &str,
) -> Result<UnsubscribeOffer, DomainError> {
    let grant = grant(store, token_hash).await?;
    Ok(UnsubscribeOffer {
        kind: grant.kind,
        thread: grant.thread.map(|(_, slug, title)| UnsubscribeThread { slug, title }),
        language: grant.language,
    })
}

/// Stops what `scope` names, by the unsubscribe link whose token hashes to `token_hash`: the
/// thread is muted, or mails of the kind (or all mails) are replaced by the app.
pub async fn unsubscribe<S: NotificationMailStore + NotificationStore + ?Sized>(
    store: &S,
    token_hash: &str,
    scope: UnsubscribeScope,
) -> Result<(), DomainError> {
    let grant = grant(store, token_hash).await?;
    let now = settings(store, grant.user).await?;
    match unsubscribed(now, grant.kind, scope) {
        Some(changed) => store.put_notification_settings(grant.user, &changed).await?,
        None => {
            let Some((article, ..)) = grant.thread else {
                return Err(DomainError::Refused(Refusal {
                    reason: Reason::NoThreadToMute,
                    message: "a digest is about no single thread: unsubscribe from the digest or all mail".into(),
                    field: Some("scope"),
                }));
            };
            store.set_follow(grant.user, article, Some(FollowState::Mute)).await?;
        }
    }
    Ok(())
}

async fn grant<S: NotificationMailStore + ?Sized>(
    store: &S,
    token_hash: &str,
) -> Result<UnsubscribeGrant, DomainError> {
    store
        .unsubscribe_grant(token_hash)
        .await?
        .ok_or_else(|| DomainError::NotFound("this unsubscribe link is unknown".into()))
}

/// What becomes of the mail of `due` at `now`.
pub fn decide(due: &DueNotification) -> MailOutcome {
    let notification = &due.notification;
    let delivery = due.delivery.unwrap_or_else(|| Delivery::default_for(notification.kind));
    match delivery {
        Delivery::Email => {}
        Delivery::Digest => return MailOutcome::Digest,
        Delivery::App | Delivery::Off => return MailOutcome::App,
    }
    if due.recipient.email.is_none() {
        return MailOutcome::App;
    }
    if notification.read_at.is_some() {
        return MailOutcome::Read;
    }
    let comment = &notification.comment;
    if notification.kind == NotificationKind::Moderation {
        // The author reads their own comment whatever its state; only a deletion ends it.
        return if comment.deleted { MailOutcome::Gone } else { MailOutcome::Sent };
    }
    if comment.deleted || comment.state != CommentState::Published {
        return MailOutcome::Gone;
    }
    let visited_since_mail = match (due.mailed_at, due.visited_at) {
        (None, _) => true,
        (Some(mailed), Some(visited)) => visited > mailed,
        (Some(_), None) => false,
    };
    if visited_since_mail { MailOutcome::Sent } else { MailOutcome::Waiting }
}

/// Whether a digest still tells of `notification`: it is unread, and its comment can be read
/// (or, for a decision, it is the person's own and not deleted).
pub fn in_digest(notification: &StoredNotification) -> bool {
    let comment = &notification.comment;
    notification.read_at.is_none()
        && !comment.deleted
        && (notification.kind == NotificationKind::Moderation || comment.state == CommentState::Published)
}

/// The moment the last digest was due, at `now`: today's `hour` (UTC) once it has come,
/// yesterday's before. People whose last digest was made before it get one.
pub fn digest_due_since(now: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let at = NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
    let today = now.date_naive().and_time(at).and_utc();
    if today <= now { today } else { today - Duration::days(1) }
}

/// A person's settings: the stored choices over the defaults.
pub fn settings_of(stored: &StoredSettings) -> NotificationSettings {
    let mut settings = NotificationSettings::defaults(stored.language);
    for (kind, delivery) in &stored.chosen {
        settings.set_delivery(*kind, *delivery);
    }
    settings.follow_threads_i_write_in = stored.follow_threads;
    settings
}

/// What stopping mails of `scope` does to `settings` when the link came with a mail of `kind`
/// (`None`: a digest): the kind (every kind the digest gathers, every kind) is told in the app
/// only, or stays off. (A thread is muted instead, which the settings do not hold: `None`.)
pub fn unsubscribed(
    mut settings: NotificationSettings,
    kind: Option<NotificationKind>,
    scope: UnsubscribeScope,
) -> Option<NotificationSettings> {
    match (scope, kind) {
        (UnsubscribeScope::Thread, _) => return None,
        (UnsubscribeScope::Kind, Some(kind)) => settings.set_delivery(kind, settings.delivery(kind).without_mail()),
        (UnsubscribeScope::Kind, None) => {
            for kind in NotificationKind::ALL {
                if settings.delivery(kind) == Delivery::Digest {
                    settings.set_delivery(kind, Delivery::App);
                }
            }
        }
        (UnsubscribeScope::All, _) => {
            for kind in NotificationKind::ALL {
                settings.set_delivery(kind, settings.delivery(kind).without_mail());
            }
        }
    }
    Some(settings)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use schrieb_api::{Author, Comment, CommentId, MailLanguage, NotificationId, Slug, UserId};

    use super::*;
    use crate::db::{ArticleKey, MailRecipient, StoredNotification};

    fn due(kind: NotificationKind) -> DueNotification {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).single().expect("time");
        DueNotification {
            notification: StoredNotification {
                id: NotificationId(1),
                kind,
                comment: Comment {
                    id: CommentId(5),
                    position: Some(1),
                    author: Author { id: UserId(2), display_name: "Martin".into(), guest: false, deleted: false },
                    body: "Hallo".into(),
                    created_at: at,
                    edited_at: None,
                    edit_count: 0,
                    deleted: false,
                    quotes: vec![],
                    mentions: vec![],
                    reactions: vec![],
                    state: CommentState::Published,
                    state_reason: None,
                    previews: vec![],
                },
                article_slug: Slug::parse("pergola").expect("slug"),
                article_title: "Pergola".into(),
                page: 1,
                outcome: None,
                read_at: None,
                at,
            },
            recipient: MailRecipient {
                id: UserId(3),
                email: Some("anna@example.org".into()),
                display_name: "Anna".into(),
                language: MailLanguage::De,
            },
            article: ArticleKey(1),
            delivery: None,
            visited_at: None,
            mailed_at: None,
        }
    }

    #[test]
    fn a_fresh_answer_is_mailed_by_default() {
        assert_eq!(decide(&due(NotificationKind::Reply)), MailOutcome::Sent);
        assert_eq!(decide(&due(NotificationKind::Followed)), MailOutcome::App, "followed threads: the app only");
        assert_eq!(decide(&due(NotificationKind::Reactions)), MailOutcome::Digest);
    }

    #[test]
    fn the_setting_now_decides() {
        let mut chosen = due(NotificationKind::Reply);
        chosen.delivery = Some(Delivery::App);
        assert_eq!(decide(&chosen), MailOutcome::App);
        chosen.delivery = Some(Delivery::Digest);
        assert_eq!(decide(&chosen), MailOutcome::Digest);
        chosen.delivery = Some(Delivery::Off);
        assert_eq!(decide(&chosen), MailOutcome::App);
    }

    #[test]
    fn read_gone_or_unconfirmed_sends_nothing() {
        let mut read = due(NotificationKind::Mention);
        read.notification.read_at = Some(read.notification.at);
        assert_eq!(decide(&read), MailOutcome::Read);
        let mut deleted = due(NotificationKind::Mention);
        deleted.notification.comment.deleted = true;
        assert_eq!(decide(&deleted), MailOutcome::Gone);
        let mut held = due(NotificationKind::Mention);
        held.notification.comment.state = CommentState::Pending;
        assert_eq!(decide(&held), MailOutcome::Gone);
        let mut unconfirmed = due(NotificationKind::Mention);
        unconfirmed.recipient.email = None;
        assert_eq!(decide(&unconfirmed), MailOutcome::App);
    }

    #[test]
    fn a_rejection_is_mailed_though_nobody_else_may_read_the_comment() {
        let mut rejected = due(NotificationKind::Moderation);
        rejected.notification.comment.state = CommentState::Rejected;
        assert_eq!(decide(&rejected), MailOutcome::Sent);
        rejected.mailed_at = Some(rejected.notification.at);
        assert_eq!(decide(&rejected), MailOutcome::Sent, "not held back by another mail about the thread");
    }

    #[test]
    fn one_mail_per_thread_until_the_next_visit() {
        let mut again = due(NotificationKind::Reply);
        let at = again.notification.at;
        again.mailed_at = Some(at);
        assert_eq!(decide(&again), MailOutcome::Waiting);
        again.visited_at = Some(at - Duration::minutes(1));
        assert_eq!(decide(&again), MailOutcome::Waiting, "a visit before the mail");
        again.visited_at = Some(at + Duration::minutes(1));
        assert_eq!(decide(&again), MailOutcome::Sent, "a visit after it");
    }

    #[test]
    fn the_digest_is_due_at_its_hour_once_a_day() {
        let at = |h, m| Utc.with_ymd_and_hms(2026, 12, 4, h, m, 0).single().expect("time");
        assert_eq!(digest_due_since(at(7, 0), 7), at(7, 0));
        assert_eq!(digest_due_since(at(18, 30), 7), at(7, 0));
        assert_eq!(digest_due_since(at(6, 59), 7), at(7, 0) - Duration::days(1));
    }

    #[test]
    fn unsubscribing_keeps_the_app_and_the_other_kinds() {
        let settings = NotificationSettings::defaults(MailLanguage::En);
        let reply = Some(NotificationKind::Reply);
        let kind = unsubscribed(settings, reply, UnsubscribeScope::Kind).expect("settings");
        assert_eq!(kind.reply, Delivery::App);
        assert_eq!(kind.mention, Delivery::Email);
        let digest = unsubscribed(settings, None, UnsubscribeScope::Kind).expect("settings");
        assert_eq!(digest.reactions, Delivery::App, "the digest's kinds");
        assert_eq!(digest.reply, Delivery::Email, "not the others");
        let all = unsubscribed(settings, reply, UnsubscribeScope::All).expect("settings");
        assert!(NotificationKind::ALL.into_iter().all(|kind| !all.delivery(kind).mails()));
        assert_eq!(all.language, MailLanguage::En);
        assert_eq!(unsubscribed(settings, reply, UnsubscribeScope::Thread), None);
    }

    #[test]
    fn stored_choices_over_the_defaults() {
        let stored = StoredSettings {
            chosen: vec![(NotificationKind::Followed, Delivery::Email)],
            language: MailLanguage::En,
            follow_threads: false,
        };
        let settings = settings_of(&stored);
        assert_eq!(settings.followed, Delivery::Email);
        assert_eq!(settings.reply, Delivery::Email);
        assert!(!settings.follow_threads_i_write_in);
        assert_eq!(settings.language, MailLanguage::En);
    }
}
