//! The web app's files and pages: deep links get `index.html`, article pages come rendered
//! with their thread, hashed files are cached for a year and served precompressed.

use schrieb_api::paths::{AppLink, comment_anchor};
use schrieb_api::{CommentId, PER_PAGE, UserId};

use crate::helpers::{TestApp, slug};

#[path = "../../../../tests/xss_rules.rs"]
mod xss_rules;

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>schrieb</title>").expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js"), "console.log(1)").expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js.br"), b"\x0b\x06\x80console.log(1)\x03").expect("write");
    dir
}

#[tokio::test]
async fn deep_links_get_the_app() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    let app_routes = [AppLink::Home.href(), AppLink::User(UserId(3)).href(), AppLink::Revisions(CommentId(17)).href()];
    for path in app_routes.into_iter().chain(["/some/route/the/app/knows".to_owned()]) {
        let response = app.get(&path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.text().await.expect("text").contains("<title>schrieb</title>"), "{path}");
    }
}

#[tokio::test]
async fn missing_files_are_not_answered_with_the_app() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    let answer = app.error("/app-ffffffffffffffff.js").await;
    assert_eq!((answer.status, answer.body.error), (404, schrieb_api::ErrorKind::NotFound));
}

#[tokio::test]
async fn hashed_files_are_immutable_and_precompressed() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    let response = reqwest::Client::new()
        .get(format!("{}/app-0123456789abcdef.js", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-encoding"], "br");
}

fn app_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = "<!doctype html><html lang=\"de\"><head><title>schrieb</title></head>\
                 <body><noscript>schrieb braucht JavaScript.</noscript></body></html>";
    std::fs::write(dir.path().join("index.html"), index).expect("write");
    dir
}

/// A page as a browser without scripts reads it.
fn parse(page: &str) -> scraper::Html {
    scraper::Html::parse_document(page)
}

fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&scraper::Selector::parse(selector).expect("selector")).collect()
}

fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect()
}

/// The data the page was rendered from, as the app reads it.
fn first_screen(html: &scraper::Html) -> serde_json::Value {
    let script = select(html, "script#schrieb-first");
    serde_json::from_str(&text(&script[0])).expect("the page carries its data as JSON")
}

/// The app itself, rendered by the server, is the page: the thread is in the first response,
/// for readers without JavaScript and for crawlers alike.
#[tokio::test]
async fn article_pages_carry_their_thread_in_the_first_response() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    schrieb_server::demo::seed(app.repository.as_ref(), chrono::Utc::now()).await.expect("demo");
    let pergola = slug("pergola-lizenzwechsel");
    let response = app.get(&AppLink::ThreadPage(&pergola, 3).href()).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let page = response.text().await.expect("text");
    assert!(page.contains("<title>Pergola wechselt die Lizenz"), "the title names the article");
    assert!(page.starts_with("<!doctype html><html lang=\"de\">"));
    let html = parse(&page);
    assert!(text(&select(&html, "h1.article__title")[0]).starts_with("Pergola wechselt die Lizenz"));
    let items = select(&html, "ol.comment-list > li.comment");
    assert_eq!(items.len(), 12, "page 3 holds comments 41 to 52 of the demo thread's 52, at 20 a page");
    let api = app.comment_page("pergola-lizenzwechsel", "3").await;
    let ids: Vec<_> = items.iter().filter_map(|item| item.value().attr("id")).collect();
    let expected: Vec<_> = api.items.iter().map(|comment| comment_anchor(comment.id)).collect();
    assert_eq!(ids, expected);
    let attribution = select(&html, ".markup__quote-source a")
        .into_iter()
        .find(|a| text(a).contains("Onkel Otto"))
        .expect("a quote names Onkel Otto");
    let href = attribution.value().attr("href").expect("href").to_owned();
    let page_text = text(&html.root_element());
    assert!(page_text.contains("Zuletzt bearbeitet"), "the edited marker");
    assert_eq!(text(&select(&html, "#discussion-title")[0]), "Diskussion52 Kommentare");
    let pages: Vec<&str> = select(&html, "a.pagination__page").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(pages.contains(&"/a/pergola-lizenzwechsel?page=1#discussion"), "{pages:?}");
    assert!(pages.contains(&"/a/pergola-lizenzwechsel?page=2#discussion"), "{pages:?}");

    // The data is the API's, byte for byte after parsing: the app need not ask again.
    let first = first_screen(&html);
    let article: serde_json::Value = app.get_json(&format!("/api/v1/articles/{pergola}")).await.body;
    assert_eq!(first["article"], article);
    assert_eq!(first["comments"], serde_json::to_value(&api).expect("json"));
    assert_eq!(first["me"], serde_json::Value::Null);

    // The attribution's link leads to the quoted comment without the app.
    let id = href.trim_start_matches("#c").trim_start_matches("/c/");
    assert!(id.parse::<i64>().is_ok(), "{href}");

    // The reader's language, not the article's, is the page's; the article keeps its own.
    let english = app
        .client_raw()
        .get(format!("{}{}", app.address, AppLink::Article(&slug("harborview-transit-app-outage")).href()))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .expect("answered");
    let english = english.text().await.expect("text");
    assert!(english.starts_with("<!doctype html><html lang=\"en\">"));
    let html = parse(&english);
    assert!(text(&select(&html, "#discussion-title")[0]).starts_with("Discussion"));
    assert_eq!(select(&html, "article.article")[0].value().attr("lang"), Some("en"));
}

/// Logged in, the page is rendered for the account: its session, and its own reactions
/// marked, as the API answers the same reader.
#[tokio::test]
async fn a_logged_in_readers_page_is_rendered_for_them() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    app.article_with_comments("mein-artikel", 3).await;
    let user = app.user("Lesende Person", schrieb_api::Role::Reader).await;
    let target = app.comment_page("mein-artikel", "1").await.items[1].id;
    let reacted =
        app.send(reqwest::Method::PUT, &format!("/api/v1/comments/{target}/reactions/like"), Some(&user), None).await;
    assert!(reacted.status().is_success(), "{}", reacted.status());
    let page = app
        .client_raw()
        .get(format!("{}/a/mein-artikel", app.address))
        .header("cookie", user.cookie.as_str())
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("text");
    let first = first_screen(&parse(&page));
    let me: serde_json::Value = app.me(&user).await.body;
    assert_eq!(first["me"], me);
    let mine = &first["comments"]["items"][1]["reactions"][0];
    assert_eq!((&mine["kind"], &mine["mine"]), (&serde_json::json!("like"), &serde_json::json!(true)));
    assert!(!page.contains("reply-box__login"), "no login prompt for the logged-in reader");
}

/// A deleted comment keeps its place on the page, in the app's words.
#[tokio::test]
async fn a_deleted_comment_reads_as_in_the_app_without_javascript() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    schrieb_server::demo::seed(app.repository.as_ref(), chrono::Utc::now()).await.expect("demo");
    for (slug, language, deleted) in [
        ("pergola-lizenzwechsel", "de", "Dieser Kommentar wurde gelöscht."),
        ("harborview-transit-app-outage", "en", "This comment was deleted."),
    ] {
        let first = app.comment_page(slug, "1").await.items.remove(0);
        assert!(app.repository.delete_comment(first.id, first.author.id).await.expect("deleted"));
        let page = app
            .client_raw()
            .get(format!("{}{}", app.address, AppLink::Article(&self::slug(slug)).href()))
            .header("accept-language", language)
            .send()
            .await
            .expect("answered");
        let html = parse(&page.text().await.expect("text"));
        let item = &select(&html, "ol.comment-list > li.comment")[0];
        assert_eq!(item.value().attr("id"), Some(comment_anchor(first.id).as_str()));
        assert!(text(item).contains(deleted), "{slug}: {}", text(item));
    }
}

/// The service worker's page for a device that never loaded the app: the app's words in both
/// languages, each marked with its language.
#[tokio::test]
async fn the_offline_page_speaks_both_languages_in_the_apps_words() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    let worker = app.get("/sw.js").await.text().await.expect("text");
    let line = worker.lines().find_map(|line| line.strip_prefix("const OFFLINE_PAGE = ")).expect("the offline page");
    let page: String = serde_json::from_str(line.trim_end_matches(';')).expect("a JSON string");
    let html = scraper::Html::parse_document(&page);
    assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("de"));
    assert_eq!(select(&html, "title")[0].text().collect::<String>(), "Sie sind offline · You are offline – schrieb");
    let said: Vec<(Option<&str>, String)> = select(&html, "h1, p")
        .iter()
        .map(|element| (element.value().attr("lang"), element.text().collect::<String>()))
        .collect();
    assert_eq!(
        said,
        [
            (None, "Sie sind offline".to_owned()),
            (
                None,
                "schrieb wurde auf diesem Gerät noch nicht vollständig geladen und ist darum ohne Verbindung \
                 nicht verfügbar. Sobald die Verbindung zurück ist, lädt diese Seite neu."
                    .to_owned()
            ),
            (Some("en"), "You are offline".to_owned()),
            (
                Some("en"),
                "schrieb has not been fully loaded on this device yet, so it is not available offline. This \
                 page reloads once the connection is back."
                    .to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn unknown_articles_and_comments_get_the_app_with_404() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    let unknown = [AppLink::Article(&slug("gibt-es-nicht")).href(), AppLink::Comment(CommentId(999_999)).href()];
    for path in unknown.into_iter().chain(["/a/UNGÜLTIG".to_owned(), "/c/abc".to_owned()]) {
        let response = app.get(&path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(response.text().await.expect("text").contains("schrieb braucht JavaScript."), "{path}");
    }
}

/// Every XSS payload in every placement, through the page the server renders: nothing but the
/// markup views' own elements, attributes and URLs comes out of a comment, nothing anywhere
/// carries a handler, and the page's data cannot end its script element.
#[tokio::test]
async fn the_rendered_thread_lets_no_payload_through() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    let bodies = xss_rules::suite();
    let count = bodies.len();
    schrieb_server::synthetic::seed(
        app.repository.as_ref(),
        schrieb_api::Slug::parse("xss").expect("slug"),
        schrieb_server::synthetic::Thread::Bodies(bodies),
        chrono::Utc::now(),
    )
    .await
    .expect("seeded");
    let xss = slug("xss");
    let pages = count.div_ceil(PER_PAGE as usize) as u32;
    for page in 1..=pages {
        let source = app.get(&AppLink::ThreadPage(&xss, page).href()).await.text().await.expect("text");
        let html = parse(&source);
        let markup = select(&html, ".comment__body .markup, .comment__body .markup *");
        assert!(markup.len() >= PER_PAGE as usize || page == pages, "page {page} rendered its comments");
        for element in markup {
            let problem = xss_rules::element_problem(element.value().name(), element.value().attrs());
            assert_eq!(problem, None, "on page {page}");
        }
        for element in html.root_element().descendent_elements() {
            assert!(element.value().attrs().all(|(name, _)| !name.starts_with("on")), "a handler on page {page}");
        }
        // Scripts with content: the server's own early script, and the page's data.
        let scripts: Vec<_> = select(&html, "script")
            .into_iter()
            .filter(|s| !text(s).is_empty() && text(s) != schrieb_server::page_html::early_script())
            .collect();
        assert_eq!(scripts.len(), 1, "only the page's data is a script with content, on page {page}");
        assert_eq!(scripts[0].value().attr("type"), Some("application/json"));
        assert_eq!(first_screen(&html)["comments"]["page"], page);
    }
}
