//! Webhooks through the API: admins register endpoints per site; deliveries are signed as the
//! Standard Webhooks specification says (checked with its own library), made from the event
//! log (nothing for a held comment until approved), tried again after a failure, the endpoint
//! turned off by 410 Gone, each delivered once by several servers; private targets refused.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use chrono::{Duration, Utc};
use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{
    ApiError, CommentPermalink, CommentState, CreatedWebhook, DeliveryState, ModerationMode, ModerationSettings,
    Reason, Role, WebhookDeliveryPage, WebhookList,
};
use schrieb_server::settings::Settings;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp, User, comment_body};

const SLUG: &str = "mit-webhook";

/// An endpoint on loopback that keeps what it receives and answers with the statuses it is
/// given, then 200.
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    async fn start() -> (Self, String) {
        let receiver = Self::default();
        let kept = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let kept = kept.clone();
                async move {
                    kept.received.lock().unwrap().push((headers, body));
                    let status = kept.answers.lock().unwrap().pop_front().unwrap_or(200);
                    axum::http::StatusCode::from_u16(status).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, url)
    }

    fn answer_with(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    fn received(&self) -> Vec<(HeaderMap, String)> {
        self.received.lock().unwrap().clone()
    }

    /// What arrived, once there are at least `count` (within ten seconds).
    async fn wait_for(&self, count: usize) -> Vec<(HeaderMap, String)> {
        for _ in 0..200 {
            if self.received().len() >= count {
                return self.received();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{count} deliveries expected, {} arrived", self.received().len());
    }
}

fn allowing_private() -> Settings {
    Settings { webhooks_allow_private: true, ..Settings::default() }
}

fn allowing_private_without_limits() -> Settings {
    Settings { rate_limits: false, ..allowing_private() }
}

/// Registers an endpoint for site `test`, once the events so far (the thread's making) are
/// behind the sender.
async fn register(app: &TestApp, admin: &User, url: &str, events: &[&str]) -> CreatedWebhook {
    round(app, 0).await;
    let body = json!({"url": url, "events": events});
    let created: Answer<CreatedWebhook> =
        Answer::of(app.send(Method::POST, &api::admin_site_webhooks("test"), Some(admin), Some(body)).await).await;
    assert_eq!(created.status, 201);
    created.body
}

/// A round of the webhook sender at `now` plus `seconds`.
async fn round(app: &TestApp, seconds: i64) {
    let at = Utc::now() + Duration::seconds(seconds);
    app.state.webhooks.round(app.repository.as_ref(), &app.address, at).await.expect("a round");
}

fn verified(secret: &str, (headers, body): &(HeaderMap, String)) -> Value {
    standardwebhooks::Webhook::new(secret).unwrap().verify(body.as_bytes(), headers).expect("the signature verifies");
    serde_json::from_str(body).expect("JSON")
}

#[tokio::test]
async fn events_arrive_signed_held_comments_only_once_approved() {
    let app = TestApp::with_settings(allowing_private()).await;
    app.article_with_comments(SLUG, 1).await;
    let admin = app.user("Ada", Role::Admin).await;
    let martin = app.user("Martin", Role::Reader).await;
    let (receiver, url) = Receiver::start().await;
    let hook =
        register(&app, &admin, &url, &["comment.published", "comment.edited", "comment.deleted", "comment.moderated"])
            .await;
    assert!(hook.secret.starts_with("whsec_"));

    let posted = app.posted(SLUG, &martin, "Ein Beitrag mit <b>Tags</b> und **fett**.").await;
    round(&app, 0).await;
    let first = receiver.wait_for(1).await;
    let payload = verified(&hook.secret, &first[0]);
    assert_eq!(payload["type"], "comment.published");
    let comment = &payload["data"]["comment"];
    assert_eq!(comment["id"], posted.comment.id.0);
    assert_eq!(comment["article"]["slug"], SLUG);
    assert_eq!(comment["author"], "Martin");
    assert!(comment["html"].as_str().unwrap().contains("&lt;b&gt;Tags&lt;/b&gt;"), "escaped: {}", comment["html"]);
    assert!(comment["url"].as_str().unwrap().ends_with(&format!("/a/{SLUG}?page=1#c{}", posted.comment.id)));
    let id = first[0].0["webhook-id"].to_str().unwrap().to_owned();

    let edited = app.edit_comment::<Value>(posted.comment.id, Some(&martin), "Neue Worte.").await;
    assert_eq!(edited.status, 200);
    round(&app, 0).await;
    receiver.wait_for(2).await;
    assert_eq!(app.delete_comment(posted.comment.id, Some(&martin)).await.status(), 204);
    round(&app, 0).await;
    let all = receiver.wait_for(3).await;
    let types: Vec<Value> = all.iter().map(|delivery| verified(&hook.secret, delivery)["type"].clone()).collect();
    assert_eq!(types, ["comment.published", "comment.edited", "comment.deleted"]);

    // A held comment: nothing until a moderator approves it.
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation("test", &settings).await.unwrap());
    let held = app.post_comment::<CommentPermalink>(SLUG, Some(&martin), &comment_body("Wartet noch."), None).await;
    assert_eq!(held.body.comment.state, CommentState::Pending);
    round(&app, 0).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 3, "a held comment is heard of only once readers can read it");
    let moderator = app.user("Mona", Role::Moderator).await;
    let approve = json!({"action": "approve"});
    let decided =
        app.send(Method::POST, &api::moderation_decision(held.body.comment.id), Some(&moderator), Some(approve)).await;
    assert!(decided.status().is_success());
    round(&app, 0).await;
    let all = receiver.wait_for(5).await;
    let later: Vec<Value> = all[3..].iter().map(|delivery| verified(&hook.secret, delivery)).collect();
    let mut types: Vec<&str> = later.iter().map(|payload| payload["type"].as_str().unwrap()).collect();
    types.sort_unstable();
    assert_eq!(types, ["comment.moderated", "comment.published"]);
    let moderated = later.iter().find(|payload| payload["type"] == "comment.moderated").unwrap();
    assert_eq!(moderated["data"]["outcome"], "published");

    // The log names every delivery, by the id the endpoint saw.
    let log: WebhookDeliveryPage = app
        .send(Method::GET, &api::admin_webhook_deliveries(hook.webhook.id, 1), Some(&admin), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log.total, 5);
    assert!(log.items.iter().all(|delivery| delivery.state == DeliveryState::Delivered && delivery.attempts == 1));
    assert!(log.items.iter().any(|delivery| delivery.message_id == id));
}

#[tokio::test]
async fn a_failed_delivery_is_tried_again_and_410_turns_the_endpoint_off() {
    let app = TestApp::with_settings(allowing_private()).await;
    app.article_with_comments(SLUG, 1).await;
    let admin = app.user("Ada", Role::Admin).await;
    let martin = app.user("Martin", Role::Reader).await;
    let (receiver, url) = Receiver::start().await;
    let hook = register(&app, &admin, &url, &["comment.published"]).await;
    receiver.answer_with(&[500]);

    app.posted(SLUG, &martin, "Erster Versuch scheitert.").await;
    round(&app, 0).await;
    receiver.wait_for(1).await;
    let log = || async {
        let page: WebhookDeliveryPage = app
            .send(Method::GET, &api::admin_webhook_deliveries(hook.webhook.id, 1), Some(&admin), None)
            .await
            .json()
            .await
            .unwrap();
        page
    };
    let pending = &log().await.items[0];
    assert_eq!((pending.state, pending.attempts, pending.response_status), (DeliveryState::Pending, 1, Some(500)));
    assert!(pending.next_attempt_at.is_some_and(|at| at > Utc::now()), "tried again later");
    round(&app, 6).await;
    let both = receiver.wait_for(2).await;
    assert_eq!(both[0].0["webhook-id"], both[1].0["webhook-id"], "the same message, tried again");
    assert_eq!(both[0].1, both[1].1, "the same bytes");
    let delivered = &log().await.items[0];
    assert_eq!((delivered.state, delivered.attempts), (DeliveryState::Delivered, 2));

    receiver.answer_with(&[410]);
    app.posted(SLUG, &martin, "Der Empfänger ist weg.").await;
    round(&app, 0).await;
    receiver.wait_for(3).await;
    let hooks: WebhookList =
        app.send(Method::GET, &api::admin_site_webhooks("test"), Some(&admin), None).await.json().await.unwrap();
    assert!(!hooks.items[0].active, "410 Gone turns the endpoint off");
    assert!(hooks.items[0].disabled_reason.as_deref().is_some_and(|reason| reason.contains("410")));
    assert_eq!(log().await.items[0].state, DeliveryState::Failed);
    app.posted(SLUG, &martin, "Das hört niemand.").await;
    round(&app, 60).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 3, "nothing more to an endpoint that is off");
}

#[tokio::test]
async fn two_servers_deliver_each_event_once() {
    let first = TestApp::with_settings(allowing_private_without_limits()).await;
    first.article_with_comments(SLUG, 1).await;
    let admin = first.user("Ada", Role::Admin).await;
    let martin = first.user("Martin", Role::Reader).await;
    let second = first.beside_with_settings(allowing_private_without_limits()).await;
    let (receiver, url) = Receiver::start().await;
    register(&first, &admin, &url, &["comment.published"]).await;
    for n in 0..10 {
        first.posted(SLUG, &martin, &format!("Beitrag Nummer {n}.")).await;
    }
    tokio::join!(round(&first, 0), round(&second, 0));
    receiver.wait_for(10).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut ids: Vec<String> =
        receiver.received().iter().map(|(headers, _)| headers["webhook-id"].to_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 10, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "each once");
}

#[tokio::test]
async fn admins_register_endpoints_that_are_public_and_well_formed() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let admin = app.user("Ada", Role::Admin).await;
    let reader = app.user("Rita", Role::Reader).await;
    let path = api::admin_site_webhooks("test");
    let refused = |body: Value| {
        let app = &app;
        let admin = &admin;
        let path = path.clone();
        async move { Answer::<ApiError>::of(app.send(Method::POST, &path, Some(admin), Some(body)).await).await }
    };
    let private = refused(json!({"url": "http://127.0.0.1:9/hook", "events": ["comment.published"]})).await;
    assert_eq!((private.status, private.body.reason), (422, Some(Reason::WebhookUrlPrivate)));
    let local = refused(json!({"url": "http://localhost:9/hook", "events": ["comment.published"]})).await;
    assert_eq!((local.status, local.body.reason), (422, Some(Reason::WebhookUrlPrivate)), "a name for loopback");
    let invalid = refused(json!({"url": "ftp://hooks.example", "events": ["comment.published"]})).await;
    assert_eq!((invalid.status, invalid.body.reason), (422, Some(Reason::WebhookUrlInvalid)));
    let none = refused(json!({"url": "https://hooks.example/x", "events": []})).await;
    assert_eq!((none.status, none.body.reason), (422, Some(Reason::WebhookNoEvents)));

    let body = json!({"url": "https://hooks.example/x", "events": ["comment.deleted", "comment.published"]});
    let created: Answer<CreatedWebhook> =
        Answer::of(app.send(Method::POST, &path, Some(&admin), Some(body.clone())).await).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body.webhook.events.len(), 2);
    let listed: WebhookList = app.send(Method::GET, &path, Some(&admin), None).await.json().await.unwrap();
    assert_eq!(listed.items, std::slice::from_ref(&created.body.webhook));
    let off = json!({"url": "https://hooks.example/y", "events": ["comment.edited"], "active": false});
    let changed = app.send(Method::PUT, &api::admin_webhook(created.body.webhook.id), Some(&admin), Some(off)).await;
    assert_eq!(changed.status(), 200);
    let changed: schrieb_api::Webhook = changed.json().await.unwrap();
    assert_eq!((changed.url.as_str(), changed.active), ("https://hooks.example/y", false));

    assert_eq!(app.send(Method::POST, &path, Some(&reader), Some(body.clone())).await.status(), 403);
    assert_eq!(app.send(Method::GET, &api::admin_site_webhooks("nirgends"), Some(&admin), None).await.status(), 404);
    let deleted = app.send(Method::DELETE, &api::admin_webhook(created.body.webhook.id), Some(&admin), None).await;
    assert_eq!(deleted.status(), 204);
    let gone = app.send(Method::DELETE, &api::admin_webhook(created.body.webhook.id), Some(&admin), None).await;
    assert_eq!(gone.status(), 404);
}
