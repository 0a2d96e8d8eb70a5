//! Notifications by mail: each one once its delay is over (if the rules let it through), and
//! the daily digests. The comment is shown as the markup crate renders it (never the author's
//! HTML), every mail has an unsubscribe link that works without logging in.

use chrono::{DateTime, Utc};
use schrieb_api::paths::AppLink;
use schrieb_api::{NotificationKind, UserId};
use schrieb_markup::{HtmlOptions, escape_html, parse, to_html_with};

use super::MailConfig;
use super::words::{NotificationWords, fill, notification_words};
use crate::auth::token::{new_token, token_hash};
use crate::db::{
    ArticleKey, DbError, DueNotification, Mail, MailOutcome, MailRecipient, NotificationMailStore, Repository,
    StoredNotification,
};
use crate::domain::notification_mail::{decide, digest_due_since, in_digest};
use crate::domain::notifications::notify_reactions;

/// Notifications (or digests) handled at once.
const BATCH: u32 = 100;

/// Settles every notification whose mail is due at `now`, mailing those the rules let through.
pub async fn notification_mails(
    repository: &dyn Repository,
    config: &MailConfig,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    loop {
        let due = repository.due_notifications(now - config.delay, BATCH).await?;
        for item in &due {
            let outcome = decide(item);
            let mail = match outcome {
                MailOutcome::Sent => Some(notification_mail(repository, config, origin, item, now).await?),
                _ => None,
            };
            let mailed = mail.as_ref().map(|mail| (mail, item.article));
            repository.settle_notification_mail(item.notification.id, outcome, mailed, now).await?;
        }
        if due.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// Makes the digests due at `now`: one mail per person with what waited for it since their
/// last, leaving out what was read or is gone meanwhile.
pub async fn digests(
    repository: &dyn Repository,
    config: &MailConfig,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let since = digest_due_since(now, config.digest_hour);
    // The day's reactions first: those told by digest join it at once.
    notify_reactions(repository, since, now).await?;
    loop {
        let due = repository.due_digests(since, BATCH).await?;
        for digest in &due {
            let shown: Vec<&StoredNotification> = digest.notifications.iter().filter(|n| in_digest(n)).collect();
            let mail = match &digest.recipient.email {
                Some(_) if !shown.is_empty() => {
                    Some(digest_mail(repository, config, origin, &digest.recipient, &shown, now).await?)
                }
                _ => None,
            };
            let ids: Vec<_> = digest.notifications.iter().map(|notification| notification.id).collect();
            repository.settle_digest(digest.recipient.id, &ids, mail.as_ref(), since, now).await?;
        }
        if due.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// The links every notification mail ends with: the settings, and stopping mails like this one.
struct Footer {
    settings: String,
    unsubscribe: String,
    list_unsubscribe: String,
}

impl Footer {
    /// A footer with a new unsubscribe link for `user`'s mails of `kind` (`None`: digests) about
    /// `thread`.
    async fn issue(
        store: &dyn NotificationMailStore,
        config: &MailConfig,
        origin: &str,
        user: UserId,
        kind: Option<NotificationKind>,
        thread: Option<ArticleKey>,
        now: DateTime<Utc>,
    ) -> Result<Self, DbError> {
        let token = new_token().map_err(|error| DbError::Corrupt(format!("no randomness for a token: {error}")))?;
        store.issue_unsubscribe(&token_hash(&token), user, kind, thread, now).await?;
        let unsubscribe = format!("{origin}{}", AppLink::Unsubscribe(&token));
        // The address of the sender, for clients that unsubscribe by mail (RFC 2369).
        let mut list_unsubscribe = format!("<{unsubscribe}>");
        if let Ok(from) = config.from.parse::<lettre::message::Mailbox>() {
            list_unsubscribe.push_str(&format!(", <mailto:{}?subject=unsubscribe%20{token}>", from.email));
        }
        Ok(Self { settings: format!("{origin}{}", AppLink::NotificationSettings), unsubscribe, list_unsubscribe })
    }

    fn text(&self, words: &NotificationWords) -> String {
        format!(
            "-- \n{}\n{}: {}\n{}: {}\n",
            words.why, words.settings, self.settings, words.unsubscribe, self.unsubscribe
        )
    }

    fn html(&self, words: &NotificationWords) -> String {
        format!(
            "<hr><p style=\"color:#555;font-size:13px\">{}<br><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>",
            escape_html(words.why),
            escape_html(&self.settings),
            escape_html(words.settings),
            escape_html(&self.unsubscribe),
            escape_html(words.unsubscribe),
        )
    }
}

/// The mail of one notification.
async fn notification_mail(
    store: &dyn NotificationMailStore,
    config: &MailConfig,
    origin: &str,
    due: &DueNotification,
    now: DateTime<Utc>,
) -> Result<Mail, DbError> {
    let notification = &due.notification;
    let recipient = &due.recipient;
    let words = notification_words(recipient.language);
    let footer =
        Footer::issue(store, config, origin, recipient.id, Some(notification.kind), Some(due.article), now).await?;
    let headline = headline(words, notification);
    let link = comment_link(origin, notification);
    let greeting = fill(words.greeting, &[("name", &recipient.display_name)]);
    let reason = reason_line(words, notification);
    let comment = &notification.comment;

    let mut text = format!("{greeting}\n\n{headline}\n\n");
    for line in comment.body.lines() {
        text.push_str(&format!("> {line}\n"));
    }
    if let Some(reason) = &reason {
        text.push_str(&format!("\n{reason}\n"));
    }
    text.push_str(&format!("\n{}: {link}\n\n{}", words.open, footer.text(words)));

    let mut body = format!(
        "<p>{}</p><p><strong>{}</strong></p>{}",
        escape_html(&greeting),
        escape_html(&headline),
        comment_html(words, origin, &comment.body)
    );
    if let Some(reason) = &reason {
        body.push_str(&format!("<p>{}</p>", escape_html(reason)));
    }
    body.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>{}",
        escape_html(&link),
        escape_html(words.open),
        footer.html(words)
    ));

    Ok(Mail {
        to: recipient_address(recipient),
        subject: headline,
        body: text,
        html: Some(document(recipient, &body)),
        lang: recipient.language,
        list_unsubscribe: Some(footer.list_unsubscribe),
    })
}

/// The digest of `shown` for `recipient`.
async fn digest_mail(
    store: &dyn NotificationMailStore,
    config: &MailConfig,
    origin: &str,
    recipient: &MailRecipient,
    shown: &[&StoredNotification],
    now: DateTime<Utc>,
) -> Result<Mail, DbError> {
    let words = notification_words(recipient.language);
    let footer = Footer::issue(store, config, origin, recipient.id, None, None, now).await?;
    let greeting = fill(words.greeting, &[("name", &recipient.display_name)]);
    let subject = fill(words.digest_subject, &[("count", &shown.len().to_string())]);
    let mut text = format!("{greeting}\n\n{}\n\n", words.digest_intro);
    let mut items = String::new();
    for notification in shown {
        let headline = headline(words, notification);
        let link = comment_link(origin, notification);
        let excerpt = schrieb_markup::excerpt(&parse(&notification.comment.body), 200);
        text.push_str(&format!("* {headline}\n  {excerpt}\n  {link}\n\n"));
        items.push_str(&format!(
            "<li><p><a href=\"{}\">{}</a></p><p>{}</p></li>",
            escape_html(&link),
            escape_html(&headline),
            escape_html(&excerpt)
        ));
    }
    text.push_str(&footer.text(words));
    let body = format!(
        "<p>{}</p><p>{}</p><ul>{items}</ul>{}",
        escape_html(&greeting),
        escape_html(words.digest_intro),
        footer.html(words)
    );
    Ok(Mail {
        to: recipient_address(recipient),
        subject,
        body: text,
        html: Some(document(recipient, &body)),
        lang: recipient.language,
        list_unsubscribe: Some(footer.list_unsubscribe),
    })
}

/// What happened, in one line: the mail's subject.
fn headline(words: &NotificationWords, notification: &StoredNotification) -> String {
    let template = words.headline(notification.kind, notification.outcome.as_ref().map(|(outcome, _)| *outcome));
    fill(template, &[("actor", &notification.comment.author.display_name), ("title", &notification.article_title)])
}

/// The moderator's reason for a removal.
fn reason_line(words: &NotificationWords, notification: &StoredNotification) -> Option<String> {
    let (_, reason) = notification.outcome.as_ref()?;
    reason.as_deref().map(|reason| fill(words.reason, &[("reason", reason)]))
}

/// The comment in its thread, on its page.
fn comment_link(origin: &str, notification: &StoredNotification) -> String {
    let link = AppLink::InThread(&notification.article_slug, notification.page, notification.comment.id);
    format!("{origin}{link}")
}

/// A comment's body as the markup crate renders it, set off as a quote.
fn comment_html(words: &NotificationWords, origin: &str, body: &str) -> String {
    let wrote =
        |author: &str| fill(words.wrote, &[("author", if author.is_empty() { words.deleted_account } else { author })]);
    let options = HtmlOptions { comment_base: origin, wrote: &wrote };
    format!(
        "<div style=\"border-left:3px solid #ccc;padding-left:12px;margin:12px 0\">{}</div>",
        to_html_with(&parse(body), &options)
    )
}

/// The whole HTML document of a mail.
fn document(recipient: &MailRecipient, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">{body}</body></html>",
        recipient.language.tag()
    )
}

/// The confirmed address of `recipient` (only those are mailed).
fn recipient_address(recipient: &MailRecipient) -> String {
    recipient.email.clone().unwrap_or_default()
}
