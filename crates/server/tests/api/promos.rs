//! A site's promotions through the API: off by default; admins set them (each rule refused in
//! words naming its part) and upload a card's picture, which schrieb re-encodes and serves;
//! readers get them with the site's articles, and nothing else changes: the thread's count and
//! numbers, its feed and its comments know nothing of them.

use reqwest::Method;
use schrieb_api::paths::{FeedLink, api};
use schrieb_api::{
    ApiError, Article, CommentPage, PromoCard, PromoFrame, PromoImage, PromoSettings, Reason, Role, Slug,
};
use serde_json::json;

use crate::helpers::{TestApp, User};

const SLUG: &str = "mit-anzeigen";
const SITE: &str = "test";

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([180, 40, 40]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(app: &TestApp, who: &User, bytes: Vec<u8>) -> reqwest::Response {
    app.client_raw()
        .post(format!("{}{}", app.address, api::admin_site_promo_images(SITE)))
        .header("cookie", &who.cookie)
        .header("origin", &app.address)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn put(app: &TestApp, who: &User, settings: serde_json::Value) -> reqwest::Response {
    app.send(Method::PUT, &api::admin_site_promos(SITE), Some(who), Some(settings)).await
}

async fn article(app: &TestApp) -> Article {
    app.get_json::<Article>(&api::article(&Slug::parse(SLUG).unwrap())).await.body
}

#[tokio::test]
async fn promotions_are_off_until_an_admin_sets_them_and_then_come_with_the_articles() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 25).await;
    let admin = app.user("Anzeigenchefin", Role::Admin).await;
    let reader = app.user("Leserin", Role::Reader).await;

    assert_eq!(article(&app).await.promos, None, "off by default");
    let raw: serde_json::Value = app.get(&api::article(&Slug::parse(SLUG).unwrap())).await.json().await.unwrap();
    assert!(raw.get("promos").is_none(), "not even as null");
    let stored: PromoSettings =
        app.send(Method::GET, &api::admin_site_promos(SITE), Some(&admin), None).await.json().await.unwrap();
    assert_eq!(stored, PromoSettings::default());
    assert_eq!(app.send(Method::GET, &api::admin_site_promos(SITE), Some(&reader), None).await.status(), 403);
    assert_eq!(put(&app, &reader, json!({"enabled": false})).await.status(), 403);
    assert_eq!(app.send(Method::GET, &api::admin_site_promos("nirgends"), Some(&admin), None).await.status(), 404);

    // A card's picture: re-encoded and served from schrieb's origin.
    let uploaded = upload(&app, &admin, png(800, 400)).await;
    assert_eq!(uploaded.status(), 201);
    let PromoImage { image } = uploaded.json().await.unwrap();
    let served = app.get(&image).await;
    assert_eq!((served.status().as_u16(), served.headers()["content-type"].to_str().unwrap()), (200, "image/jpeg"));
    assert_eq!(upload(&app, &reader, png(800, 400)).await.status(), 403);
    let refused: ApiError = upload(&app, &admin, b"<svg onload=alert(1)>".to_vec()).await.json().await.unwrap();
    assert_eq!(refused.reason, Some(Reason::PromoInvalid { part: "image".into() }));
    assert_eq!(upload(&app, &admin, vec![0_u8; 6 << 20]).await.status(), 413);

    let card = PromoCard {
        title: "  Unser Newsletter ".into(),
        text: "Jeden Freitag die Woche in fünf Minuten.".into(),
        link: "https://news.example.org/newsletter".into(),
        image: Some(image.clone()),
    };
    let settings = PromoSettings { enabled: true, after: 3, every: 10, cards: vec![card], ..PromoSettings::default() };
    let saved = put(&app, &admin, serde_json::to_value(&settings).unwrap()).await;
    assert_eq!(saved.status(), 200);
    let saved: PromoSettings = saved.json().await.unwrap();
    assert_eq!(saved.cards[0].title, "Unser Newsletter", "trimmed");
    assert_eq!(article(&app).await.promos, Some(saved.clone()));

    // Nothing of them is a comment.
    let page: CommentPage = app.comment_page(SLUG, "1").await;
    assert_eq!((page.total, page.items.len()), (25, 20));
    let positions: Vec<u64> = page.items.iter().filter_map(|comment| comment.position).collect();
    assert_eq!(positions, (1..=20).collect::<Vec<u64>>());
    assert_eq!(article(&app).await.comment_count, 25);
    let feed = app.get(&FeedLink::Thread(&Slug::parse(SLUG).unwrap()).to_string()).await.text().await.unwrap();
    assert!(!feed.contains("Newsletter"), "not in the feed");

    // Turned off, readers get none again.
    let off = PromoSettings { enabled: false, ..saved };
    assert_eq!(put(&app, &admin, serde_json::to_value(&off).unwrap()).await.status(), 200);
    assert_eq!(article(&app).await.promos, None);
}

#[tokio::test]
async fn each_broken_rule_is_refused_naming_its_part() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let admin = app.user("Regelprüferin", Role::Admin).await;
    let card = |link: &str| json!({"title": "T", "text": "", "link": link});
    for (body, part) in [
        (json!({"enabled": true}), "cards"),
        (json!({"after": 0}), "placement"),
        (json!({"every": 5000}), "placement"),
        (json!({"cards": [card("javascript:alert(1)")]}), "link"),
        (json!({"cards": [{"title": "", "link": "https://a.example"}]}), "title"),
        (
            json!({"cards": [{"title": "T", "link": "https://a.example", "image": "https://tracker.example/p.gif"}]}),
            "image",
        ),
        (json!({"frame": {"url": "http://ads.example/slot", "width": 300, "height": 250}}), "frame"),
        (json!({"frame": {"url": "https://ads.example/slot", "width": 300, "height": 5000}}), "frame"),
    ] {
        let answer = put(&app, &admin, body.clone()).await;
        assert_eq!(answer.status(), 422, "{body}");
        let error: ApiError = answer.json().await.unwrap();
        assert_eq!(error.reason, Some(Reason::PromoInvalid { part: part.into() }), "{body}");
    }
    let frame = PromoSettings {
        enabled: true,
        frame: Some(PromoFrame { url: "https://ads.example/slot?site=test".into(), width: 300, height: 250 }),
        ..PromoSettings::default()
    };
    assert_eq!(put(&app, &admin, serde_json::to_value(&frame).unwrap()).await.status(), 200);
    assert_eq!(article(&app).await.promos.and_then(|promos| promos.frame), frame.frame);
}
