//! Mail: a real SMTP conversation (aiosmtpd), messages as a mail program reads them (multipart,
//! headers, language), the queue's retries and failures, several servers sending each mail
//! once, the rules of notification mails (delay, read, gone, one per thread until a visit),
//! digests, settings and unsubscribing without a session.

use chrono::{Duration, Utc};
use mail_parser::MimeHeaders;
use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    ApiError, Delivery, FollowChoice, MailLanguage, MailStatus, NotificationSettings, ReactionKind, Reason, Role,
    ThreadFollow, UnsubscribeOffer,
};
use schrieb_server::db::Mail;
use schrieb_server::mail::{MailConfig, digests, notification_mails};
use serde_json::json;

use crate::helpers::{Answer, TestApp, User};
use crate::smtp::SmtpSink;

const SLUG: &str = "post-fuer-dich";

/// A mail round as if `minutes` had passed since the notifications were made (ten is their
/// delay) and since the last digests; what it queues is sent now.
async fn round_after(app: &TestApp, minutes: i64) {
    let mailer = &app.state.mailer;
    let config = MailConfig { delay: mailer.config.delay - Duration::minutes(minutes), ..mailer.config.clone() };
    let (repository, now) = (app.repository.as_ref(), Utc::now());
    notification_mails(repository, &config, &app.address, now).await.expect("notification mails");
    digests(repository, &config, &app.address, now + Duration::minutes(minutes)).await.expect("digests");
    mailer.round(repository, &app.address, now).await.expect("a mail round");
}

/// The mails queued for `user`'s address.
async fn mails_of(app: &TestApp, name: &str) -> Vec<Mail> {
    app.repository.mails_to(&format!("{}@example.org", name.to_lowercase())).await.expect("the outbox")
}

async fn settings(app: &TestApp, user: &User) -> NotificationSettings {
    let answer: Answer<NotificationSettings> =
        Answer::of(app.send(Method::GET, Endpoint::MeNotificationSettings.template(), Some(user), None).await).await;
    assert_eq!(answer.status, 200);
    answer.body
}

async fn put_settings(app: &TestApp, user: &User, settings: &NotificationSettings) {
    let body = serde_json::to_value(settings).expect("json");
    let response = app.send(Method::PUT, Endpoint::MeNotificationSettings.template(), Some(user), Some(body)).await;
    assert_eq!(response.status(), 200);
}

/// Martin mentions Anna in the thread; the notification is made.
async fn mention(app: &TestApp, martin: &User, words: &str) -> schrieb_api::CommentPermalink {
    let posted = app.posted(SLUG, martin, &format!("@Anna {words}")).await;
    app.settle().await;
    posted
}

/// The unsubscribe token in a mail's text.
fn token_of(mail: &Mail) -> String {
    let start = mail.body.find("/unsubscribe?token=").expect("an unsubscribe link") + "/unsubscribe?token=".len();
    mail.body[start..].split_whitespace().next().expect("a token").to_owned()
}

fn header_text<'a>(message: &'a mail_parser::Message<'a>, name: &str) -> Option<String> {
    message.header_raw(name).map(|raw| raw.trim().to_owned())
}

#[tokio::test]
async fn an_account_mail_goes_through_smtp_logged_in_in_the_readers_language() {
    let sink = SmtpSink::start();
    let app = TestApp::with_mailer(sink.mailer()).await;
    let response = app
        .client_raw()
        .post(format!("{}{}", app.address, Endpoint::AuthRegister.template()))
        .header("accept-language", "en-GB,en;q=0.8")
        .json(&json!({"display_name": "Emma", "email": "emma@example.org", "password": "ein-langes-passwort"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 202);
    let received = sink.wait_for(1).await;
    let mail = &received[0];
    assert_eq!(mail.login.as_deref(), Some("schrieb"), "logged in with the URL's credentials");
    assert_eq!(mail.to, ["emma@example.org"]);
    let message = mail.parsed();
    assert_eq!(message.subject(), Some("Please confirm your address"));
    assert_eq!(
        message.from().and_then(|from| from.first()).and_then(|from| from.address()),
        Some("noreply@schrieb.test")
    );
    assert_eq!(header_text(&message, "Content-Language").as_deref(), Some("en"));
    assert!(message.body_text(0).expect("text").contains("/confirm#token="));
    assert_eq!(message.content_type().map(|kind| (kind.ctype(), kind.subtype())), Some(("text", Some("plain"))));
    assert_eq!(message.parts.len(), 1, "text only");
    assert!(message.header("List-Unsubscribe").is_none(), "asked for: nothing to unsubscribe from");

    // The queue knows it went.
    let pool = app.sql().await;
    let status = || sqlx::query_scalar::<_, String>("SELECT status FROM outbox").fetch_one(&pool);
    for _ in 0..100 {
        if status().await.unwrap() == "sent" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the mail is still {}", status().await.unwrap());
}

#[tokio::test]
async fn a_notification_mail_is_text_and_escaped_html_with_one_click_unsubscribe() {
    let sink = SmtpSink::start();
    let app = TestApp::with_mailer(sink.mailer()).await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    let mut english = settings(&app, &anna).await;
    english.language = MailLanguage::En;
    put_settings(&app, &anna, &english).await;

    let posted = mention(&app, &martin, "schau mal: <script>alert(1)</script> **fett**").await;
    round_after(&app, 11).await;
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].to, ["anna@example.org"]);
    let message = received[0].parsed();
    assert_eq!(message.subject(), Some("Martin mentioned you: Artikel post-fuer-dich"));
    assert_eq!(header_text(&message, "Content-Language").as_deref(), Some("en"));
    assert_eq!(
        message.content_type().map(|kind| (kind.ctype(), kind.subtype())),
        Some(("multipart", Some("alternative")))
    );
    let text = message.body_text(0).expect("a text part");
    let html = message.body_html(0).expect("an HTML part");
    let link = format!("/a/{SLUG}?page=1#c{}", posted.comment.id);
    assert!(text.contains(&link) && html.contains(&link), "both link to the comment in its thread");
    assert!(text.contains("<script>alert(1)</script>"), "the text part is the comment as written");
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script"), "never the author's HTML: {html}");
    assert!(html.contains("<strong>fett</strong>"), "rendered by the markup crate: {html}");

    let list = header_text(&message, "List-Unsubscribe").expect("List-Unsubscribe");
    assert!(list.contains("mailto:noreply@schrieb.test?subject=unsubscribe"), "{list}");
    assert_eq!(header_text(&message, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    let https = list.trim_start_matches('<').split('>').next().expect("the first link").to_owned();
    assert!(https.starts_with(&format!("{}/unsubscribe?token=", app.address)), "{https}");

    // The mail program's one-click POST (RFC 8058): no cookie, no session.
    let one_click = app
        .client_raw()
        .post(&https)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("answered");
    assert_eq!(one_click.status(), 200);
    let now = settings(&app, &anna).await;
    assert_eq!(now.mention, Delivery::App, "mentions by mail stop; the app still tells");
    assert_eq!(now.reply, Delivery::Email, "the other kinds stay");
    let empty = app.client_raw().post(&https).body("").send().await.expect("answered");
    assert_eq!(empty.status(), 422, "anything but the one-click body is refused");
}

#[tokio::test]
async fn refused_mail_is_given_up_and_shown_to_admins_busy_mail_waits_for_another_try() {
    let sink = SmtpSink::start();
    let app = TestApp::with_mailer(sink.mailer()).await;
    let admin = app.user("Ada", Role::Admin).await;
    let reader = app.user("Rita", Role::Reader).await;
    for to in ["refuse@example.org", "busy@example.org"] {
        let mail = Mail::text(to, MailLanguage::De, format!("An {to}"), "Hallo".into());
        app.state.mailer.queue(app.repository.as_ref(), &mail).await.unwrap();
    }
    let status = || async {
        let answer: Answer<MailStatus> =
            Answer::of(app.send(Method::GET, Endpoint::AdminMail.template(), Some(&admin), None).await).await;
        assert_eq!(answer.status, 200);
        answer.body
    };
    let pool = app.sql().await;
    let busy_tried = || {
        // A count, not a boolean: SQLite's booleans are integers.
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM outbox WHERE to_address = 'busy@example.org' AND last_error IS NOT NULL",
        )
        .fetch_one(&pool)
    };
    let mut seen = status().await;
    for _ in 0..200 {
        if !seen.failed.is_empty() && busy_tried().await.unwrap() > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        seen = status().await;
    }
    assert_eq!(seen.transport, "smtp");
    assert_eq!(seen.failed.len(), 1, "{seen:?}");
    assert_eq!(seen.failed[0].to, "refuse@example.org");
    assert!(seen.failed[0].error.contains("550"), "what the server said: {}", seen.failed[0].error);
    assert_eq!(seen.failed[0].attempts, 1, "a final answer is not tried again");
    assert_eq!(seen.queued, 1, "the busy one waits");
    let (attempts, next): (i64, i64) =
        sqlx::query_as("SELECT attempts, next_attempt_at FROM outbox WHERE to_address = 'busy@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(next > Utc::now().timestamp_millis(), "tried again later");
    assert!(sink.received().is_empty());

    let refused = app.send(Method::GET, Endpoint::AdminMail.template(), Some(&reader), None).await;
    assert_eq!(refused.status(), 403, "admins only");
}

#[tokio::test]
async fn two_servers_on_one_database_send_each_mail_once() {
    let sink = SmtpSink::start();
    let first = TestApp::with_mailer(sink.mailer()).await;
    let second = first.beside_with_mailer(sink.mailer()).await;
    let now = Utc::now();
    for n in 0..40 {
        let mail = Mail::text(&format!("leser{n}@example.org"), MailLanguage::De, format!("Nr. {n}"), "Hallo".into());
        first.repository.queue_mail(&mail, now).await.unwrap();
    }
    let (a, b) = tokio::join!(round_after(&first, 0), round_after(&second, 0));
    let _ = (a, b);
    let received = sink.wait_for(40).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let received = if sink.received().len() > received.len() { sink.received() } else { received };
    let mut to: Vec<String> = received.iter().flat_map(|mail| mail.to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!((received.len(), to.len()), (40, 40), "each mail once");
}

#[tokio::test]
async fn a_sender_whose_claim_ran_out_settles_nothing() {
    let first = TestApp::empty().await;
    let second = first.beside().await;
    let now = Utc::now();
    let mail = Mail::text("spaet@example.org", MailLanguage::De, "Spät".into(), "Hallo".into());
    first.repository.queue_mail(&mail, now).await.unwrap();
    let slow = first.repository.claim_mails(now, now + Duration::minutes(5), 10).await.unwrap();
    assert_eq!(slow.len(), 1);
    assert!(second.repository.claim_mails(now, now + Duration::minutes(5), 10).await.unwrap().is_empty(), "claimed");
    // The first sender's claim runs out before it is done; the second takes the mail over.
    let later = now + Duration::minutes(6);
    let taken = second.repository.claim_mails(later, later + Duration::minutes(5), 10).await.unwrap();
    assert_eq!(taken.len(), 1, "a claim that ran out is taken again");
    first.repository.mail_not_sent(&slow[0], "zu spät", None, later).await.unwrap();
    let (status, claimed): (String, Option<i64>) =
        sqlx::query_as("SELECT status, claimed_until FROM outbox").fetch_one(&first.sql().await).await.unwrap();
    assert_eq!(status, "queued", "the late sender gave up nothing");
    assert_eq!(claimed, Some((later + Duration::minutes(5)).timestamp_millis()), "the new claim stands");
    second.repository.mail_sent(&taken[0], later).await.unwrap();
    first.repository.mail_sent(&slow[0], later).await.unwrap();
    let (status, claimed): (String, Option<i64>) =
        sqlx::query_as("SELECT status, claimed_until FROM outbox").fetch_one(&first.sql().await).await.unwrap();
    assert_eq!((status.as_str(), claimed), ("sent", None));
}

#[tokio::test]
async fn a_notification_is_mailed_after_the_delay_unless_read_or_gone_once_per_thread_until_a_visit() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;

    mention(&app, &martin, "eins").await;
    round_after(&app, 0).await;
    assert!(mails_of(&app, "Anna").await.is_empty(), "not before the delay");
    round_after(&app, 11).await;
    let mails = mails_of(&app, "Anna").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("Martin hat Sie erwähnt"), "{}", mails[0].subject);
    assert!(mails[0].html.as_deref().is_some_and(|html| html.contains("eins")));

    mention(&app, &martin, "zwei").await;
    round_after(&app, 11).await;
    assert_eq!(mails_of(&app, "Anna").await.len(), 1, "one mail per thread until Anna comes back");

    let visit =
        app.send(Method::GET, &api::article_comments_page(&crate::helpers::slug(SLUG), 1), Some(&anna), None).await;
    assert_eq!(visit.status(), 200);
    mention(&app, &martin, "drei").await;
    round_after(&app, 11).await;
    assert_eq!(mails_of(&app, "Anna").await.len(), 2, "back in the thread: mailed again");

    app.send(Method::GET, &api::article_comments_page(&crate::helpers::slug(SLUG), 1), Some(&anna), None).await;
    mention(&app, &martin, "vier").await;
    let read =
        app.send(Method::POST, Endpoint::MeNotificationsRead.template(), Some(&anna), Some(json!({"all": true}))).await;
    assert_eq!(read.status(), 200);
    round_after(&app, 11).await;
    assert_eq!(mails_of(&app, "Anna").await.len(), 2, "read in the app first: no mail");

    let gone = mention(&app, &martin, "fünf").await;
    assert_eq!(app.delete_comment(gone.comment.id, Some(&martin)).await.status(), 204);
    round_after(&app, 11).await;
    assert_eq!(mails_of(&app, "Anna").await.len(), 2, "deleted meanwhile: no mail");
    let own = mails_of(&app, "Martin").await;
    assert!(own.is_empty(), "nobody is mailed about their own comments: {own:?}");
}

#[tokio::test]
async fn settings_turn_a_kind_off_and_writing_need_not_follow() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    let defaults = settings(&app, &anna).await;
    assert_eq!(defaults, NotificationSettings::defaults(MailLanguage::De));

    let mut chosen = defaults;
    chosen.mention = Delivery::Off;
    chosen.follow_threads_i_write_in = false;
    put_settings(&app, &anna, &chosen).await;
    assert_eq!(settings(&app, &anna).await, chosen, "kept as chosen");

    mention(&app, &martin, "hörst du?").await;
    let inbox = app.send(Method::GET, &api::notifications(1), Some(&anna), None).await;
    let inbox: schrieb_api::NotificationPage = inbox.json().await.unwrap();
    assert!(inbox.items.is_empty(), "mentions are off: {inbox:?}");

    app.posted(SLUG, &anna, "Ich schreibe hier, folge aber nicht.").await;
    app.settle().await;
    let follow: ThreadFollow = app
        .send(Method::GET, &api::article_follow(&crate::helpers::slug(SLUG)), Some(&anna), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(follow.state, FollowChoice::Default, "writing did not follow the thread");

    let bad = app
        .send(
            Method::PUT,
            Endpoint::MeNotificationSettings.template(),
            Some(&anna),
            Some(json!({"reply": "sms", "quote": "app", "mention": "app", "followed": "app", "moderation": "app",
                "reactions": "app", "follow_threads_i_write_in": true, "language": "de"})),
        )
        .await;
    assert_eq!(bad.status(), 422, "an unknown delivery");
    assert_eq!(app.send(Method::GET, Endpoint::MeNotificationSettings.template(), None, None).await.status(), 401);
}

#[tokio::test]
async fn an_unsubscribe_link_offers_choices_and_stops_only_what_is_chosen() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    mention(&app, &martin, "Abo?").await;
    round_after(&app, 11).await;
    let token = token_of(&mails_of(&app, "Anna").await[0]);

    let offer: Answer<UnsubscribeOffer> =
        Answer::of(app.send(Method::GET, &api::unsubscribe_offer(&token), None, None).await).await;
    assert_eq!(offer.status, 200, "no session needed");
    assert_eq!(offer.body.kind, Some(schrieb_api::NotificationKind::Mention));
    assert_eq!(offer.body.thread.as_ref().map(|thread| thread.slug.as_str()), Some(SLUG));
    assert_eq!(settings(&app, &anna).await.mention, Delivery::Email, "looking changes nothing");

    let thread = json!({"token": token, "scope": "thread"});
    assert_eq!(app.send(Method::POST, Endpoint::MailUnsubscribe.template(), None, Some(thread)).await.status(), 204);
    let follow: ThreadFollow = app
        .send(Method::GET, &api::article_follow(&crate::helpers::slug(SLUG)), Some(&anna), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(follow.state, FollowChoice::Mute);
    assert_eq!(settings(&app, &anna).await.mention, Delivery::Email, "only the thread");

    let all = json!({"token": token, "scope": "all"});
    assert_eq!(app.send(Method::POST, Endpoint::MailUnsubscribe.template(), None, Some(all)).await.status(), 204);
    let now = settings(&app, &anna).await;
    assert!(schrieb_api::NotificationKind::ALL.into_iter().all(|kind| !now.delivery(kind).mails()), "{now:?}");

    let unknown = json!({"token": "unbekannt", "scope": "all"});
    assert_eq!(app.send(Method::POST, Endpoint::MailUnsubscribe.template(), None, Some(unknown)).await.status(), 404);
    assert_eq!(app.send(Method::GET, &api::unsubscribe_offer("unbekannt"), None, None).await.status(), 404);
}

#[tokio::test]
async fn the_digest_gathers_what_waited_once_a_day() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    let mut digest = settings(&app, &anna).await;
    digest.mention = Delivery::Digest;
    put_settings(&app, &anna, &digest).await;

    mention(&app, &martin, "für die Übersicht").await;
    mention(&app, &martin, "noch etwas").await;
    round_after(&app, 0).await;
    let mails = mails_of(&app, "Anna").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].subject, "Ihre Übersicht: 2 Benachrichtigungen");
    assert!(mails[0].body.contains("noch etwas") && mails[0].body.contains("für die Übersicht"));

    mention(&app, &martin, "morgen mehr").await;
    round_after(&app, 11).await;
    assert_eq!(mails_of(&app, "Anna").await.len(), 1, "one digest a day");
    round_after(&app, 24 * 60).await;
    let mails = mails_of(&app, "Anna").await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1].subject, "Ihre Übersicht: 1 Benachrichtigungen");

    let token = token_of(&mails[1]);
    let offer: UnsubscribeOffer =
        app.send(Method::GET, &api::unsubscribe_offer(&token), None, None).await.json().await.unwrap();
    assert_eq!((offer.kind, offer.thread), (None, None), "a digest's link");
    let thread = json!({"token": token, "scope": "thread"});
    let refused: Answer<ApiError> =
        Answer::of(app.send(Method::POST, Endpoint::MailUnsubscribe.template(), None, Some(thread)).await).await;
    assert_eq!((refused.status, refused.body.reason), (422, Some(Reason::NoThreadToMute)));
    let kind = json!({"token": token, "scope": "kind"});
    assert_eq!(app.send(Method::POST, Endpoint::MailUnsubscribe.template(), None, Some(kind)).await.status(), 204);
    assert_eq!(settings(&app, &anna).await.mention, Delivery::App, "no more digests");
}

#[tokio::test]
async fn the_days_reactions_are_told_once_per_comment_in_the_digest() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    let bert = app.user("Bert", Role::Reader).await;
    let posted = app.posted(SLUG, &anna, "Ein Beitrag, der gefällt.").await;
    for (user, kind) in [(&martin, ReactionKind::Like), (&bert, ReactionKind::Like), (&anna, ReactionKind::Wow)] {
        let reacted = app.send(Method::PUT, &api::comment_reaction(posted.comment.id, kind), Some(user), None).await;
        assert!(reacted.status().is_success(), "{}", reacted.status());
    }
    round_after(&app, 0).await;
    assert!(mails_of(&app, "Anna").await.is_empty(), "not before the digest's hour has come since");

    round_after(&app, 24 * 60).await;
    let inbox: schrieb_api::NotificationPage =
        app.send(Method::GET, &api::notifications(1), Some(&anna), None).await.json().await.unwrap();
    let told: Vec<_> =
        inbox.items.iter().filter(|item| item.kind == schrieb_api::NotificationKind::Reactions).collect();
    assert_eq!(told.len(), 1, "one for the comment, however many reacted: {inbox:?}");
    assert_eq!(told[0].comment, posted.comment.id);
    let mails = mails_of(&app, "Anna").await;
    assert_eq!(mails.len(), 1, "in the digest, by default");
    assert!(mails[0].body.contains("Reaktionen auf Ihren Beitrag"), "{}", mails[0].body);
    assert!(mails_of(&app, "Martin").await.is_empty(), "reacting tells the reactor nothing");

    round_after(&app, 24 * 60).await;
    let again: schrieb_api::NotificationPage =
        app.send(Method::GET, &api::notifications(1), Some(&anna), None).await.json().await.unwrap();
    assert_eq!(again.items.len(), inbox.items.len(), "the same day's reactions are told once");
}
