//! The app rendered on the server (`render::page`, feature `ssr`): what readers without
//! JavaScript, crawlers and the app's first render get. Native tests; the server's own tests
//! check the pages it serves around this HTML.
#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "xss_rules.rs"]
mod xss_rules;

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{Article, Comment, CommentPage, PER_PAGE};
use schrieb_web::first_screen::FirstScreen;
use schrieb_web::render::{PageRequest, RenderedPage, page};
use scraper::{Html, Selector};
use serde_json::json;

const SLUG: &str = "server-render";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z").unwrap().with_timezone(&Utc)
}

fn article(total: u64) -> Article {
    serde_json::from_value(json!({
        "slug": SLUG, "lang": "de", "title": "Ein Artikel <über> Rendern", "author": "Katrin Wendeler",
        "published_at": "2026-12-01T08:00:00Z", "canonical_url": "https://example.org/artikel",
        "body": "Der **Text** des Artikels.", "note": null, "comment_count": total, "guest_comments": false,
    }))
    .unwrap()
}

/// Comment `position` of the thread, written `minutes_ago` before [`now`].
fn comment(position: u64, body: &str, minutes_ago: i64) -> Comment {
    serde_json::from_value(json!({
        "id": 1000 + position, "position": position,
        "author": { "id": 7, "display_name": format!("Leser {position}") },
        "body": body, "created_at": now() - Duration::minutes(minutes_ago), "edited_at": null,
        "edit_count": 0, "deleted": false,
    }))
    .unwrap()
}

/// Page `number` of a thread of `total` comments with these bodies.
fn thread_page(number: u32, total: u64, bodies: &[String]) -> CommentPage {
    let first = u64::from(number - 1) * u64::from(PER_PAGE) + 1;
    let items = bodies.iter().zip(first..).map(|(body, position)| comment(position, body, 5)).collect();
    let pages = u32::try_from(total.div_ceil(u64::from(PER_PAGE)).max(1)).unwrap();
    CommentPage { items, page: number, pages, total, per_page: PER_PAGE, held: Vec::new(), event: 0 }
}

fn render(path: &str, accept_language: Option<&str>, comments: CommentPage) -> RenderedPage {
    let first = FirstScreen { now: now(), me: None, article: Some(article(comments.total)), comments: Some(comments) };
    page(PageRequest { path_and_query: path, language_cookie: None, accept_language, first })
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: scraper::ElementRef<'_>) -> String {
    element.text().collect()
}

#[test]
fn an_article_page_holds_the_article_and_the_page_of_comments_asked_for() {
    let bodies: Vec<String> = (21..=40).map(|n| format!("Beitrag Nummer {n}")).collect();
    let rendered = render(&format!("/a/{SLUG}?page=2"), None, thread_page(2, 45, &bodies));
    let html = Html::parse_fragment(&rendered.body);

    assert_eq!(text(select(&html, "h1.article__title")[0]), "Ein Artikel <über> Rendern");
    let items = select(&html, "ol.comment-list > li.comment");
    let ids: Vec<_> = items.iter().map(|item| item.value().attr("id").unwrap_or_default()).collect();
    let expected: Vec<String> = (21..=40).map(|position| format!("c{}", 1000 + position)).collect();
    assert_eq!(ids, expected);
    assert!(text(items[0]).contains("Beitrag Nummer 21"));
    // Plain links to the other pages work without the app.
    let pages: Vec<_> =
        select(&html, "a.pagination__page, a.pagination__step").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(pages.iter().any(|href| href.starts_with(&format!("/a/{SLUG}?page=3"))), "{pages:?}");
    assert!(pages.iter().any(|href| href.starts_with(&format!("/a/{SLUG}?page=1"))), "{pages:?}");
    assert_eq!(rendered.title, "Ein Artikel <über> Rendern");
}

#[test]
fn the_page_speaks_the_readers_language_and_tells_time_by_the_servers_clock() {
    let bodies = vec!["Hallo".to_owned()];
    let german = render(&format!("/a/{SLUG}"), Some("de-DE,de;q=0.9"), thread_page(1, 1, &bodies));
    assert_eq!(german.lang, "de");
    let html = Html::parse_fragment(&german.body);
    assert!(text(select(&html, "#discussion-title")[0]).starts_with("Diskussion"));
    assert_eq!(text(select(&html, "li.comment time")[0]), "vor 5 Minuten");
    // The reader's time zone is the browser's to know: until the app takes over, UTC says so.
    let exact = select(&html, "li.comment time")[0].value().attr("title").unwrap_or_default().to_owned();
    assert_eq!(exact, "Mittwoch, 2. Dezember 2026 um 11:55 UTC");

    let english = render(&format!("/a/{SLUG}"), Some("en-GB,en;q=0.8"), thread_page(1, 1, &bodies));
    assert_eq!(english.lang, "en");
    let html = Html::parse_fragment(&english.body);
    assert!(text(select(&html, "#discussion-title")[0]).starts_with("Discussion"));
    assert_eq!(text(select(&html, "li.comment time")[0]), "5 minutes ago");
}

#[test]
fn the_widget_shows_the_thread_alone_in_the_host_pages_language() {
    let bodies = vec!["Hallo".to_owned()];
    let path = "/embed?url=https%3A%2F%2Fblog.example%2Fpost&title=Post&theme=dark&lang=en";
    let rendered = render(path, Some("de"), thread_page(1, 1, &bodies));
    assert_eq!(rendered.lang, "en");
    let html = Html::parse_fragment(&rendered.body);
    assert!(select(&html, "header.site-header").is_empty(), "no site chrome in the widget");
    assert_eq!(select(&html, "li.comment").len(), 1);
    assert!(text(select(&html, "#discussion-title")[0]).starts_with("Discussion"));
}

#[test]
fn no_xss_payload_becomes_markup_on_the_server_either() {
    let bodies = xss_rules::suite();
    assert!(bodies.len() >= 60 * 6);
    let total = u64::try_from(bodies.len()).unwrap();
    for (at, chunk) in bodies.chunks(PER_PAGE as usize).enumerate() {
        let number = u32::try_from(at + 1).unwrap();
        let rendered = render(&format!("/a/{SLUG}?page={number}"), None, thread_page(number, total, chunk));
        let html = Html::parse_fragment(&rendered.body);
        assert_eq!(select(&html, "li.comment").len(), chunk.len());
        let rendered_markup = select(&html, ".comment__body .markup, .comment__body .markup *");
        assert!(rendered_markup.len() > chunk.len(), "every body rendered");
        for element in rendered_markup {
            let problem = xss_rules::element_problem(element.value().name(), element.value().attrs());
            assert_eq!(problem, None, "on page {number}");
        }
        // Nothing anywhere on the page runs: no handlers, and the only script is the empty one
        // the translations leave.
        for element in html.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            assert!(
                element.value().attrs().all(|(name, _)| !name.starts_with("on")),
                "handler on <{}>",
                element.value().name()
            );
        }
        assert!(select(&html, "script").iter().all(|script| text(*script).is_empty()));
        // The page's JSON cannot end its `<script>` element.
        assert!(!rendered.first_screen.contains('<'));
        let first: FirstScreen = serde_json::from_str(&rendered.first_screen).unwrap();
        assert_eq!(first.comments.map(|page| page.items.len()), Some(chunk.len()));
    }
}
