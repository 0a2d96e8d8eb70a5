//! Link previews through the API, against linked sites the tests start themselves: a page
//! with OpenGraph tags becomes a card whose picture comes from schrieb's origin; redirects to
//! loopback or the cloud metadata address, a name resolving to loopback, a slow-loris server
//! and a gigabyte body are refused without harm. Only the linked site's own address
//! (127.0.0.2) and port are allowed; everything else is refused as on a public server.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{ApiError, CommentId, CommentPermalink, LinkPreview, ModerationSettings, Reason, Role};
use schrieb_server::address::AllowedRanges;
use schrieb_server::previews::fetch::FetchPolicy;
use schrieb_server::settings::Settings;
use sqlx::Row;

use crate::helpers::{TestApp, User};

const SLUG: &str = "mit-vorschau";

/// What the linked sites saw.
#[derive(Clone, Default)]
struct Seen {
    /// Requests to the linked site.
    requests: Arc<AtomicUsize>,
    /// Requests to the secret server on 127.0.0.1, which nothing may reach.
    secret: Arc<AtomicUsize>,
    /// Bytes the endless page sent.
    sent: Arc<AtomicUsize>,
    /// User agents and whether a cookie came along.
    agents: Arc<std::sync::Mutex<Vec<(String, bool)>>>,
}

/// A picture the site shows: 600×300, opaque.
fn photo() -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(600, 300, image::Rgb([20, 90, 160]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The linked site on 127.0.0.2 and a secret server on 127.0.0.1; their addresses.
async fn sites(seen: &Seen) -> (String, String) {
    let secret_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let secret = format!("http://{}", secret_listener.local_addr().unwrap());
    let counter = seen.secret.clone();
    let secret_app = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { "<html><head><title>Geheim</title></head></html>" }
    });
    tokio::spawn(async move { axum::serve(secret_listener, secret_app).await });

    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let (to_secret, counted, sent, agents) =
        (secret.clone(), seen.requests.clone(), seen.sent.clone(), seen.agents.clone());
    let app = axum::Router::new()
        .route(
            "/artikel",
            get(|| async {
                let html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Fallback</title>\
                    <meta property=\"og:title\" content=\"Solarstrom vom Balkon \u{202e}gnp.exe\">\
                    <meta property=\"og:site_name\" content=\"Heimwerk-Nachrichten\">\
                    <meta property=\"og:description\" content=\"Was ein Steckersolargerät bringt.\">\
                    <meta property=\"og:image\" content=\"/bild.png\"></head><body>Text</body></html>";
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
            }),
        )
        .route("/bild.png", get(|| async { ([(header::CONTENT_TYPE, "image/png")], photo()) }))
        .route("/zum-geheimnis", get(move || async move { redirect(&format!("{to_secret}/admin")) }))
        .route("/zu-metadaten", get(|| async { redirect("http://169.254.169.254/latest/meta-data/") }))
        .route("/kette", get(|| async { redirect("/kette2") }))
        .route("/kette2", get(|| async { redirect("/kette3") }))
        .route("/kette3", get(|| async { redirect("/kette4") }))
        .route("/kette4", get(|| async { redirect("/artikel") }))
        .route(
            "/tropfen",
            get(|| async {
                // Headers at once, then a byte a second: a slow-loris answer.
                let drip = futures_util::stream::unfold(0_u8, |n| async move {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    Some((Ok::<_, std::io::Error>(vec![b'<']), n.wrapping_add(1)))
                });
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(drip))
            }),
        )
        .route(
            "/riesig",
            get(move || async move {
                // A gigabyte of page, sent as fast as it is read.
                let head = b"<html><head><title>Riesig</title><meta property=\"og:image\" content=\"/riesig.png\"></head><body>".to_vec();
                let sent = sent.clone();
                let chunks = futures_util::stream::iter(std::iter::once(head).chain(
                    std::iter::repeat_n(vec![b'x'; 1 << 20], 1024),
                ))
                .map(move |chunk| {
                    sent.fetch_add(chunk.len(), Ordering::SeqCst);
                    Ok::<_, std::io::Error>(chunk)
                });
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(chunks))
            }),
        )
        .route(
            "/riesig.png",
            get(|| async {
                // A picture that says it has a gigabyte: refused by its length alone.
                Response::builder()
                    .header(header::CONTENT_TYPE, "image/png")
                    .header(header::CONTENT_LENGTH, 1_u64 << 30)
                    .body(Body::from_stream(futures_util::stream::repeat_with(|| Ok::<_, std::io::Error>(vec![0_u8; 65536])).take(16384)))
                    .unwrap()
            }),
        )
        .layer(axum::middleware::from_fn(move |headers: HeaderMap, request: axum::extract::Request, next: axum::middleware::Next| {
            let (counted, agents) = (counted.clone(), agents.clone());
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                agents.lock().unwrap().push((agent, headers.contains_key(header::COOKIE)));
                next.run(request).await
            }
        }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (site, secret)
}

use futures_util::StreamExt;

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_owned())]).into_response()
}

fn port(address: &str) -> u16 {
    address.rsplit(':').next().unwrap().parse().unwrap()
}

/// A server allowed to read the linked site (127.0.0.2, its port and the secret's port), with
/// a short deadline.
async fn app_reading(site: &str, secret: &str) -> TestApp {
    let policy = FetchPolicy {
        allowed: AllowedRanges::parse("127.0.0.2/32").unwrap(),
        ports: vec![80, 443, port(site), port(secret)],
        deadline: Duration::from_secs(2),
    };
    let app =
        TestApp::with_settings(Settings { link_previews: policy, rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    app
}

async fn comment(app: &TestApp, id: CommentId) -> CommentPermalink {
    app.get_json::<CommentPermalink>(&api::comment(id)).await.body
}

/// The comment once its cards are made (within twenty seconds).
async fn cards(app: &TestApp, id: CommentId, count: usize) -> Vec<LinkPreview> {
    for _ in 0..400 {
        let previews = comment(app, id).await.comment.previews;
        if previews.len() >= count {
            return previews;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{count} cards expected: {:?}", comment(app, id).await.comment.previews);
}

/// Each of `urls` once it was read, with what went wrong (within twenty seconds).
async fn settled(app: &TestApp, urls: &[String]) -> Vec<(String, Option<String>)> {
    let sql = app.sql().await;
    for _ in 0..400 {
        let mut found = Vec::new();
        for url in urls {
            let row = sqlx::query("SELECT state, error FROM link_previews WHERE url = $1")
                .bind(url)
                .fetch_optional(&sql)
                .await
                .unwrap();
            if let Some(row) = row {
                let state: String = row.get("state");
                if state != "pending" || row.get::<Option<String>, _>("error").is_some() {
                    found.push((state, row.get("error")));
                }
            }
        }
        if found.len() == urls.len() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{urls:?} were not read");
}

/// Waits until the preview maker read the whole event log (within twenty seconds).
async fn caught_up(app: &TestApp) {
    let sql = app.sql().await;
    for _ in 0..400 {
        let row = sqlx::query(
            "SELECT (SELECT seq FROM preview_cursor) AS place, (SELECT MAX(seq) FROM thread_events) AS newest",
        )
        .fetch_one(&sql)
        .await
        .unwrap();
        if row.get::<i64, _>("place") >= row.get::<i64, _>("newest") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the preview maker did not catch up");
}

async fn post(app: &TestApp, user: &User, text: &str) -> CommentId {
    app.posted(SLUG, user, text).await.comment.id
}

#[tokio::test]
async fn an_opengraph_page_gives_a_card_whose_picture_comes_from_schrieb() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Verlinkerin", Role::Reader).await;
    let posted = app.posted(SLUG, &author, &format!("Lesenswert: {site}/artikel")).await;
    assert!(posted.comment.previews.is_empty(), "posting does not wait for the card");

    let [card] = <[LinkPreview; 1]>::try_from(cards(&app, posted.comment.id, 1).await).unwrap();
    assert_eq!(card.url, format!("{site}/artikel"));
    assert_eq!(card.title, "Solarstrom vom Balkon gnp.exe", "the override is gone");
    assert_eq!(card.site, "Heimwerk-Nachrichten");
    assert_eq!(card.description.as_deref(), Some("Was ein Steckersolargerät bringt."));
    let image = card.image.expect("a picture");
    assert!(image.starts_with("/api/v1/preview-images/") && image.ends_with(".jpg"), "{image}");

    let picture = app.get(&image).await;
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    assert!(picture.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(picture.headers()["x-content-type-options"], "nosniff");
    let decoded = image::load_from_memory(&picture.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (192, 192), "cropped, scaled down and re-encoded");

    let agents = seen.agents.lock().unwrap().clone();
    assert_eq!(agents.len(), 2, "the page and its picture, once each: {agents:?}");
    assert!(agents.iter().all(|(agent, cookie)| agent.starts_with("schrieb-link-preview/") && !cookie));

    // A second comment with the same link reads nothing again.
    let again = post(&app, &author, &format!("Nochmal {site}/artikel")).await;
    assert_eq!(cards(&app, again, 1).await[0].title, "Solarstrom vom Balkon gnp.exe");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 2);

    // A broken or unknown picture name is a 404.
    assert_eq!(app.get(&format!("/api/v1/preview-images/{}.jpg", "0".repeat(64))).await.status(), 404);
    assert_eq!(app.get("/api/v1/preview-images/..%2Fschrieb.db").await.status(), 404);
}

#[tokio::test]
async fn redirects_to_loopback_and_the_metadata_address_are_refused() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Umleiterin", Role::Reader).await;
    let id = post(&app, &author, &format!("{site}/zum-geheimnis {site}/zu-metadaten {site}/kette")).await;
    let urls = [format!("{site}/zum-geheimnis"), format!("{site}/zu-metadaten"), format!("{site}/kette")];
    let outcomes = settled(&app, &urls).await;
    for (state, error) in &outcomes {
        assert_eq!(state, "failed", "{outcomes:?}");
        assert!(error.is_some());
    }
    assert!(outcomes[0].1.as_deref().unwrap().contains("127.0.0.1 is no public address"), "{outcomes:?}");
    assert!(outcomes[1].1.as_deref().unwrap().contains("169.254.169.254 is no public address"), "{outcomes:?}");
    assert!(outcomes[2].1.as_deref().unwrap().contains("more than 3 redirects"), "{outcomes:?}");
    assert_eq!(seen.secret.load(Ordering::SeqCst), 0, "nothing reached the secret server");
    assert!(comment(&app, id).await.comment.previews.is_empty());
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Namensgeberin", Role::Reader).await;
    let link = format!("http://localhost:{}/admin", port(&secret));
    post(&app, &author, &format!("Siehe {link}")).await;
    let outcomes = settled(&app, &[link]).await;
    assert_eq!(outcomes[0].0, "failed");
    assert!(outcomes[0].1.as_deref().unwrap().contains("no public address"), "{outcomes:?}");
    assert_eq!(seen.secret.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_slow_loris_server_is_cut_off_at_the_deadline() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Geduldige", Role::Reader).await;
    let link = format!("{site}/tropfen");
    let started = std::time::Instant::now();
    post(&app, &author, &link).await;
    let outcomes = settled(&app, std::slice::from_ref(&link)).await;
    assert!(outcomes[0].1.as_deref().unwrap().contains("no answer within"), "{outcomes:?}");
    // Timed out, it is tried again later: pending with a retry time, not failed for good.
    assert_eq!(outcomes[0].0, "pending");
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[tokio::test]
async fn a_gigabyte_body_is_never_read_whole() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Riesin", Role::Reader).await;
    let id = post(&app, &author, &format!("{site}/riesig")).await;
    let [card] = <[LinkPreview; 1]>::try_from(cards(&app, id, 1).await).unwrap();
    assert_eq!(card.title, "Riesig", "the head came first and was read");
    assert_eq!(card.image, None, "a picture of a gigabyte is refused by its length");
    // The page stopped being read at its cap; what the sockets' buffers took besides is small.
    let sent = seen.sent.load(Ordering::SeqCst);
    assert!(sent < 32 << 20, "{sent} bytes sent of a gigabyte");
}

#[tokio::test]
async fn the_author_or_a_moderator_removes_cards_for_good() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let author = app.user("Autorin", Role::Reader).await;
    let other = app.user("Andere", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = post(&app, &author, &format!("{site}/artikel")).await;
    cards(&app, id, 1).await;

    assert_eq!(app.send(Method::DELETE, &api::comment_previews(id), Some(&other), None).await.status(), 403);
    assert_eq!(app.send(Method::DELETE, &api::comment_previews(id), None, None).await.status(), 401);
    assert_eq!(
        app.send(Method::DELETE, &api::comment_previews(CommentId(999_999)), Some(&author), None).await.status(),
        404
    );
    assert_eq!(app.send(Method::DELETE, &api::comment_previews(id), Some(&author), None).await.status(), 204);
    assert!(comment(&app, id).await.comment.previews.is_empty());

    // An edit later brings none back.
    let edited = app.edit_comment::<CommentPermalink>(id, Some(&author), &format!("Neu: {site}/artikel")).await;
    assert_eq!(edited.status, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(comment(&app, id).await.comment.previews.is_empty());

    let second = post(&app, &author, &format!("Zweiter: {site}/artikel")).await;
    cards(&app, second, 1).await;
    assert_eq!(app.send(Method::DELETE, &api::comment_previews(second), Some(&moderator), None).await.status(), 204);
    assert!(comment(&app, second).await.comment.previews.is_empty());
}

#[tokio::test]
async fn the_sites_switch_and_block_list_keep_cards_away() {
    let seen = Seen::default();
    let (site, secret) = sites(&seen).await;
    let app = app_reading(&site, &secret).await;
    let admin = app.user("Chefin", Role::Admin).await;
    let author = app.user("Schreiberin", Role::Reader).await;
    let rules = |settings: ModerationSettings| serde_json::to_value(settings).unwrap();

    let refused = app
        .send(
            Method::PUT,
            &api::admin_site_moderation("test"),
            Some(&admin),
            Some(rules(ModerationSettings {
                preview_blocked_hosts: vec!["http://x".into()],
                ..ModerationSettings::default()
            })),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let answer: ApiError = refused.json().await.unwrap();
    assert_eq!(answer.reason, Some(Reason::PreviewHostInvalid { host: "http://x".into() }));

    let blocked =
        ModerationSettings { preview_blocked_hosts: vec!["127.0.0.2".into()], ..ModerationSettings::default() };
    let saved = app.send(Method::PUT, &api::admin_site_moderation("test"), Some(&admin), Some(rules(blocked))).await;
    assert_eq!(saved.status(), 200);
    let first = post(&app, &author, &format!("Gesperrt: {site}/artikel")).await;
    caught_up(&app).await;

    let off = ModerationSettings { link_previews: false, ..ModerationSettings::default() };
    assert_eq!(
        app.send(Method::PUT, &api::admin_site_moderation("test"), Some(&admin), Some(rules(off))).await.status(),
        200
    );
    let second = post(&app, &author, &format!("Abgeschaltet: {site}/artikel")).await;
    caught_up(&app).await;

    // A third comment, with the switch on again, shows that the maker has read past both.
    let on = ModerationSettings::default();
    assert_eq!(
        app.send(Method::PUT, &api::admin_site_moderation("test"), Some(&admin), Some(rules(on))).await.status(),
        200
    );
    let third = post(&app, &author, &format!("Wieder an: {site}/artikel")).await;
    cards(&app, third, 1).await;
    assert!(comment(&app, first).await.comment.previews.is_empty());
    assert!(comment(&app, second).await.comment.previews.is_empty());
}
