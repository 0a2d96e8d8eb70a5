//! The web app's files: deep links get `index.html`, hashed files are cached for a year and
//! served precompressed.

use schrieb_api::paths::{AppLink, comment_anchor};
use schrieb_api::{CommentId, PER_PAGE, UserId};

use crate::helpers::{TestApp, slug};

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

/// The `<noscript>` of an HTML page, parsed as the HTML a browser without scripts would see.
fn noscript(page: &str) -> scraper::Html {
    let open = page.find("<noscript>").expect("a noscript") + "<noscript>".len();
    let close = page.find("</noscript>").expect("closed");
    scraper::Html::parse_fragment(&page[open..close])
}

fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&scraper::Selector::parse(selector).expect("selector")).collect()
}

#[tokio::test]
async fn article_pages_carry_their_thread_for_readers_without_javascript() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    schrieb_server::demo::seed(app.repository.as_ref(), chrono::Utc::now()).await.expect("demo");
    let pergola = slug("pergola-lizenzwechsel");
    let response = app.get(&AppLink::ThreadPage(&pergola, 3).href()).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let page = response.text().await.expect("text");
    assert!(page.contains("<title>Pergola wechselt die Lizenz"), "the title names the article");
    assert!(page.contains("<html lang=\"de\">"));
    let html = noscript(&page);
    assert!(select(&html, "h1")[0].text().collect::<String>().starts_with("Pergola wechselt die Lizenz"));
    let items = select(&html, "ol > li");
    assert_eq!(items.len(), 12, "page 3 holds comments 41 to 52 of the demo thread's 52, at 20 a page");
    assert_eq!(select(&html, "ol")[0].value().attr("start"), Some("41"));
    let attribution =
        select(&html, "cite a").into_iter().find(|a| a.text().collect::<String>() == "Onkel Otto schrieb:");
    let href = attribution.expect("the quote names Onkel Otto").value().attr("href").expect("href");
    assert!(href.starts_with("/c/"));
    let text: String = html.root_element().text().collect();
    assert!(text.contains("Zuletzt bearbeitet:") && text.contains("Seite 3 von 3"));
    assert_eq!(select(&html, "h2")[0].text().collect::<String>(), "Diskussion (52 Kommentare)");
    assert!(text.ends_with("Zum Mitdiskutieren braucht schrieb JavaScript."));
    let pages: Vec<&str> = select(&html, "nav a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(pages, ["/a/pergola-lizenzwechsel?page=1", "/a/pergola-lizenzwechsel?page=2"]);

    // The attribution's permalink leads to the quoted comment's place without the app.
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(format!("{}{href}", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(redirect.status().as_u16(), 303);
    let id = href.trim_start_matches("/c/");
    let id = CommentId(id.parse().expect("a comment id"));
    assert_eq!(redirect.headers()["location"], AppLink::InThread(&pergola, 3, id).href().as_str());

    let english = app.get(&AppLink::Article(&slug("harborview-transit-app-outage")).href()).await;
    let english = english.text().await.expect("text");
    assert!(english.contains("<html lang=\"en\">"));
    let english: String = noscript(&english).root_element().text().collect();
    assert!(english.contains("packet_loss wrote:") && english.contains("Page 1 of 1"), "{english}");
    assert!(english.ends_with("schrieb needs JavaScript to join the discussion."), "{english}");
}

/// A deleted comment keeps its place in the no-script thread, in the app's words.
#[tokio::test]
async fn a_deleted_comment_reads_as_in_the_app_without_javascript() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    schrieb_server::demo::seed(app.repository.as_ref(), chrono::Utc::now()).await.expect("demo");
    for (slug, deleted) in [
        ("pergola-lizenzwechsel", "Dieser Kommentar wurde gelöscht."),
        ("harborview-transit-app-outage", "This comment was deleted."),
    ] {
        let first = app.comment_page(slug, "1").await.items.remove(0);
        assert!(app.repository.delete_comment(first.id, first.author.id).await.expect("deleted"));
        let page = app.get(&AppLink::Article(&self::slug(slug)).href()).await;
        let html = noscript(&page.text().await.expect("text"));
        let item = &select(&html, "ol > li")[0];
        assert_eq!(item.value().attr("id"), Some(comment_anchor(first.id).as_str()));
        assert_eq!(select(&html, "ol > li:first-child em")[0].text().collect::<String>(), deleted, "{slug}");
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

/// Every XSS payload in every placement, through the no-script page: nothing but the
/// renderer's own elements, attributes and URLs comes out.
#[tokio::test]
async fn the_noscript_thread_lets_no_payload_through() {
    let dist = app_index();
    let app = TestApp::with_assets(dist.path()).await;
    let payloads = include_str!("../../../markup/tests/xss/payloads.txt");
    let placements = include_str!("../../../markup/tests/xss/placements.txt");
    let bodies: Vec<String> = payloads
        .lines()
        .filter(|line| !line.trim().is_empty())
        .flat_map(|payload| placements.lines().map(move |t| t.replace("{payload}", payload).replace("\\n", "\n")))
        .collect();
    let count = bodies.len();
    schrieb_server::synthetic::seed(
        app.repository.as_ref(),
        schrieb_api::Slug::parse("xss").expect("slug"),
        schrieb_server::synthetic::Thread::Bodies(bodies),
        chrono::Utc::now(),
    )
    .await
    .expect("seeded");
    const ALLOWED: &[(&str, &[&str])] = &[
        ("html", &[]),
        ("article", &["class"]),
        ("h1", &[]),
        ("h2", &[]),
        ("p", &[]),
        ("br", &[]),
        ("a", &["href", "rel"]),
        ("blockquote", &[]),
        ("cite", &[]),
        ("em", &[]),
        ("strong", &[]),
        ("del", &[]),
        ("code", &[]),
        ("pre", &[]),
        ("ul", &[]),
        ("ol", &["start"]),
        ("li", &["id"]),
        ("hr", &[]),
        ("nav", &[]),
    ];
    let xss = slug("xss");
    let pages = count.div_ceil(PER_PAGE as usize) as u32;
    for page in 1..=pages {
        let html = noscript(&app.get(&AppLink::ThreadPage(&xss, page).href()).await.text().await.expect("text"));
        for element in html.root_element().descendent_elements() {
            let name = element.value().name();
            let allowed =
                ALLOWED.iter().find(|(tag, _)| *tag == name).unwrap_or_else(|| panic!("<{name}> on page {page}"));
            for (attribute, value) in element.value().attrs() {
                assert!(allowed.1.contains(&attribute), "{attribute} on <{name}> on page {page}");
                if attribute == "href" {
                    let own = value.starts_with("/c/") || value.starts_with("/a/xss?page=");
                    assert!(
                        own || value.starts_with("https://")
                            || value.starts_with("http://")
                            || value.starts_with("mailto:"),
                        "{value}"
                    );
                }
            }
        }
    }
}
