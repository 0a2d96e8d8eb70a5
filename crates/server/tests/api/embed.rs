//! The embed widget: a page of a registered site gets one thread, made on its first view; only
//! that site may frame `/embed`; its scripts and comment counts are served to its pages.

use std::collections::BTreeMap;

use chrono::Utc;
use schrieb_api::paths::{AppLink, EMBED_PAGE, EMBED_PREVIEW, Endpoint, api};
use schrieb_api::{ApiError, Article, CommentId, ErrorKind, Slug, UserId};
use schrieb_server::db::NewComment;
use serde_json::json;

use crate::helpers::{TestApp, slug};

const PAGE: &str = "https://blog.example/2026/hallo-welt";

async fn blog() -> TestApp {
    let app = TestApp::empty().await;
    app.register_site("Mein Blog", &["https://blog.example", "http://localhost:8080"]).await;
    app
}

async fn thread(app: &TestApp, url: &str, title: &str) -> Article {
    let answer = app.embed_thread::<Article>(json!({"url": url, "title": title})).await;
    assert_eq!(answer.status, 200, "the thread of {url}");
    answer.body
}

async fn article_count(app: &TestApp) -> usize {
    app.articles().await.items.len()
}

#[tokio::test]
async fn the_first_view_makes_the_thread_and_later_views_find_it() {
    let app = blog().await;
    let first = thread(&app, PAGE, "Hallo, Welt").await;
    assert_eq!(first.canonical_url, PAGE);
    assert_eq!((first.title.as_str(), first.author.as_str(), first.lang.as_str()), ("Hallo, Welt", "Mein Blog", "de"));
    assert_eq!((first.body.as_str(), first.note.as_ref(), first.comment_count), ("", None, 0));
    assert!(Slug::parse(first.slug.as_str()).is_ok());
    assert!((Utc::now() - first.published_at).num_seconds() < 60);

    // A later view with another title and language changes nothing.
    let again = app.embed_thread::<Article>(json!({"url": PAGE, "title": "Umbenannt", "lang": "en"})).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body, first);
    assert_eq!(article_count(&app).await, 1);
    // The thread is an article like any other.
    let by_slug = app.get_json::<Article>(&api::article(&first.slug)).await;
    assert_eq!(by_slug.body, first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_views_make_one_thread() {
    let app = blog().await;
    let views: Vec<_> = (0..8)
        .map(|n| {
            let address = app.address.clone();
            tokio::spawn(async move {
                let response = reqwest::Client::new()
                    .post(format!("{address}{}", Endpoint::EmbedThreads.template()))
                    .header("origin", address.as_str())
                    .json(&json!({"url": PAGE, "title": format!("Sicht {n}")}))
                    .send()
                    .await
                    .expect("answered");
                assert_eq!(response.status().as_u16(), 200);
                response.json::<Article>().await.expect("the thread")
            })
        })
        .collect();
    let mut slugs = std::collections::BTreeSet::new();
    for view in views {
        slugs.insert(view.await.expect("the view ran").slug.to_string());
    }
    assert_eq!(slugs.len(), 1, "{slugs:?}");
    assert_eq!(article_count(&app).await, 1);
}

#[tokio::test]
async fn an_unregistered_origin_is_refused_and_nothing_is_made() {
    let app = blog().await;
    for url in ["https://other.example/post", "https://blog.example:8443/post", "http://blog.example/post"] {
        let answer = app.embed_thread::<ApiError>(json!({"url": url, "title": "x"})).await;
        assert_eq!((answer.status, answer.body.error), (403, ErrorKind::Forbidden), "{url}");
        assert_eq!(answer.body.message, "this site is not registered with schrieb");
    }
    assert_eq!(article_count(&app).await, 0);
}

#[tokio::test]
async fn query_and_fragment_do_not_split_a_thread() {
    let app = blog().await;
    let plain = thread(&app, PAGE, "Hallo").await;
    let tracked = thread(&app, &format!("{PAGE}?utm=1#x"), "Hallo").await;
    let shouting = thread(&app, "HTTPS://BLOG.EXAMPLE:443/2026/hallo-welt", "Hallo").await;
    assert_eq!(plain.slug, tracked.slug);
    assert_eq!(plain.slug, shouting.slug);
    assert_eq!(article_count(&app).await, 1);
}

#[tokio::test]
async fn a_bad_address_is_refused_naming_url() {
    let app = blog().await;
    for url in ["blog.example/post", "javascript:alert(1)", "https://anna@blog.example/x", ""] {
        let answer = app.embed_thread::<ApiError>(json!({"url": url, "title": "x"})).await;
        assert_eq!((answer.status, answer.body.field.as_deref()), (422, Some("url")), "{url:?}");
    }
    let long = format!("https://blog.example/{}", "a".repeat(2_000));
    let answer = app.embed_thread::<ApiError>(json!({"url": long, "title": "x"})).await;
    assert_eq!((answer.status, answer.body.field.as_deref()), (422, Some("url")));
    assert!(answer.body.message.contains("2,000"), "{}", answer.body.message);
    let untitled = app.embed_thread::<ApiError>(json!({"url": PAGE})).await;
    assert_eq!(untitled.status, 422, "title is required");
}

#[tokio::test]
async fn titles_are_cleaned_and_languages_narrowed() {
    let app = blog().await;
    let messy = thread(&app, "https://blog.example/a", "  Zeile\none\u{0007}  ").await;
    assert_eq!(messy.title, "Zeile one");
    let long = thread(&app, "https://blog.example/b", &"Ä".repeat(500)).await;
    assert_eq!(long.title.chars().count(), 300);
    let empty = thread(&app, "https://blog.example/gr%C3%BC%C3%9Fe/", " ").await;
    assert_eq!(empty.title, "/grüße/");
    for (path, lang, expected) in [("c", "en-GB", "en"), ("d", "EN", "en"), ("e", "fr", "de"), ("f", "de-AT", "de")] {
        let url = format!("https://blog.example/{path}");
        let made = app.embed_thread::<Article>(json!({"url": url, "title": "t", "lang": lang})).await;
        assert_eq!(made.body.lang, expected, "{lang}");
    }
}

#[tokio::test]
async fn addresses_differing_in_case_get_their_own_valid_slugs() {
    let app = blog().await;
    let upper = thread(&app, "https://blog.example/Über/Post", "A").await;
    let lower = thread(&app, "https://blog.example/über/post", "B").await;
    assert_ne!(upper.slug, lower.slug);
    for slug in [&upper.slug, &lower.slug] {
        assert!(slug.as_str().starts_with("blog-example-ueber-post-"), "{slug}");
        assert!(Slug::parse(slug.as_str()).is_ok());
    }
    let local = thread(&app, "http://localhost:8080/", "Lokal").await;
    assert!(local.slug.as_str().starts_with("localhost-8080-"), "{}", local.slug);
}

#[tokio::test]
async fn new_threads_are_limited_per_address_but_views_are_not() {
    let app = blog().await; // rate limits are on by default
    for n in 0..30 {
        thread(&app, &format!("https://blog.example/seite-{n}"), "t").await;
    }
    let refused = app.embed_thread::<ApiError>(json!({"url": "https://blog.example/seite-30", "title": "t"})).await;
    assert_eq!((refused.status, refused.body.error), (429, ErrorKind::RateLimited));
    assert_eq!(article_count(&app).await, 30, "nothing made once refused");
    for _ in 0..40 {
        thread(&app, "https://blog.example/seite-0", "t").await;
    }
}

#[tokio::test]
async fn the_host_page_itself_cannot_make_threads() {
    let app = blog().await;
    // The host page itself cannot make threads; only the iframe (schrieb's origin) can.
    let from_blog = app
        .client_raw()
        .post(format!("{}{}", app.address, Endpoint::EmbedThreads.template()))
        .header("origin", "https://blog.example")
        .json(&json!({"url": PAGE, "title": "x"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(from_blog.status().as_u16(), 403);
    let error: ApiError = from_blog.json().await.expect("shared shape");
    assert!(error.message.starts_with("cross-site request refused"), "{}", error.message);
    assert_eq!(article_count(&app).await, 0);
    let ours = app.embed_thread::<Article>(json!({"url": PAGE, "title": "x"})).await;
    assert_eq!(ours.status, 200, "the embed iframe's own origin passes the cross-site check");
}

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>schrieb</title>").expect("write");
    dir
}

#[tokio::test]
async fn only_the_pages_site_may_frame_the_embed_page() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    app.register_site("Mein Blog", &["https://blog.example", "http://localhost:8080"]).await;
    app.register_site("Anderes", &["https://other.example"]).await;
    let query = "url=https%3A%2F%2Fblog.example%2Fpost%3Fa%3D1&title=Hallo&theme=auto&lang=de";
    let framed = app.get(&format!("{EMBED_PAGE}?{query}")).await;
    assert_eq!(framed.status().as_u16(), 200);
    let headers = framed.headers();
    // In byte order, as either store lists them.
    assert_eq!(headers["content-security-policy"], "frame-ancestors http://localhost:8080 https://blog.example");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(framed.text().await.unwrap().contains("<title>schrieb</title>"));
    let other = app.get(&format!("{EMBED_PAGE}?url=https://other.example/x")).await;
    assert_eq!(other.headers()["content-security-policy"], "frame-ancestors https://other.example");

    for query in ["", "?url=https://unknown.example/x", "?url=kaputt", "?url=%FF&url"] {
        let path = format!("{EMBED_PAGE}{query}");
        let response = app.get(&path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["content-security-policy"], "frame-ancestors 'none'", "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test]
async fn no_other_page_may_be_framed() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    app.article_with_comments("ein-artikel", 1).await;
    let (known, unknown) = (slug("ein-artikel"), slug("gibt-es-nicht"));
    let pages = [
        AppLink::Home,
        AppLink::Login { next: None },
        AppLink::Article(&known),
        AppLink::Article(&unknown),
        AppLink::Comment(CommentId(999)),
        AppLink::User(UserId(1)),
    ];
    for path in pages.map(|page| page.href()) {
        let response = app.get(&path).await;
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(response.headers()["content-security-policy"], "frame-ancestors 'none'", "{path}");
    }
}

#[tokio::test]
async fn the_widget_scripts_are_served_even_without_the_app() {
    let app = TestApp::empty().await;
    // Minified: the names and paths written in are what is left to see.
    for (path, marker) in [("/embed.js", "`/embed/preview`"), ("/count.js", "`/api/v1/counts`")] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "text/javascript; charset=utf-8");
        assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
        assert!(response.text().await.unwrap().contains(marker), "{path}");
    }
    let dist = dist();
    let with_app = TestApp::with_assets(dist.path()).await;
    let compressed = with_app
        .client_raw()
        .get(format!("{}/embed.js", with_app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("answered");
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
}

async fn counts_of(response: reqwest::Response) -> BTreeMap<String, u64> {
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.expect("an object of counts")
}

#[tokio::test]
async fn counts_answer_each_address_as_given() {
    let app = blog().await;
    let article = thread(&app, PAGE, "Hallo").await;
    thread(&app, "https://blog.example/leer", "Leer").await;
    let key = app.repository.article_key(&article.slug).await.unwrap().expect("the thread");
    let author = app.repository.ensure_user("Leserin", Utc::now()).await.unwrap();
    let comment = |body: &str| NewComment {
        author_id: author,
        body: body.into(),
        created_at: Utc::now(),
        edited_at: None,
        earlier: vec![],
        quotes: vec![],
        mentions: vec![],
        guest_name: None,
        state: schrieb_api::CommentState::Published,
        findings: vec![],
    };
    let appended = app.repository.append_comments(key, &[comment("eins"), comment("zwei"), comment("drei")]).await;
    app.repository.delete_comment(appended.unwrap()[0].id, author).await.unwrap();

    let tracked = format!("{PAGE}?utm_source=feed#kommentare");
    let asked = [PAGE, tracked.as_str(), PAGE, "https://blog.example/leer", "https://blog.example/nie", "kaputt"];
    let counts = counts_of(app.counts(&asked, None).await).await;
    let expected = BTreeMap::from([
        (PAGE.to_owned(), 2),
        (tracked.clone(), 2),
        ("https://blog.example/leer".to_owned(), 0),
        ("https://blog.example/nie".to_owned(), 0),
        ("kaputt".to_owned(), 0),
    ]);
    assert_eq!(counts, expected);
}

#[tokio::test]
async fn counts_take_one_to_fifty_addresses() {
    let app = blog().await;
    let fifty: Vec<String> = (0..50).map(|n| format!("https://blog.example/{n}")).collect();
    let fifty: Vec<&str> = fifty.iter().map(String::as_str).collect();
    assert_eq!(counts_of(app.counts(&fifty, None).await).await.len(), 50);
    let mut fifty_one = fifty.clone();
    fifty_one.push("https://blog.example/50");
    for urls in [&fifty_one[..], &[][..]] {
        let response = app.counts(urls, None).await;
        assert_eq!(response.status().as_u16(), 422);
        let error: ApiError = response.json().await.unwrap();
        assert_eq!((error.error, error.field.as_deref()), (ErrorKind::Validation, Some("url")));
    }
    // An address given twice counts twice, as the document's `maxItems` counts it.
    let mut doubled = fifty.clone();
    doubled.push(fifty[0]);
    assert_eq!(app.counts(&doubled, None).await.status().as_u16(), 422);
}

#[tokio::test]
async fn counts_may_be_read_by_registered_sites_only() {
    let app = blog().await;
    let registered = app.counts(&[PAGE], Some("http://localhost:8080")).await;
    assert_eq!(registered.headers()["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(registered.headers()["vary"], "origin");
    let stranger = app.counts(&[PAGE], Some("https://evil.example")).await;
    assert!(stranger.headers().get("access-control-allow-origin").is_none());
    assert_eq!(stranger.headers()["vary"], "origin");
    assert_eq!(counts_of(stranger).await[PAGE], 0, "the answer itself is public");
    let refused = app.counts(&[], Some("https://blog.example")).await;
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(refused.headers()["access-control-allow-origin"], "https://blog.example", "the page may read why");
}

/// The widget's preview (`/embed/preview`, the frame's query): the frame page's first page and
/// the app's styles, for the loader on the site's own pages only; kept until the thread
/// changes; nothing to draw where the frame would have no thread to show.
#[tokio::test]
async fn the_widget_preview_is_the_frames_first_page_for_the_sites_pages_only() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html lang=\"de\"><head><title>schrieb</title>\
                 <link rel=\"stylesheet\" href=\"/main-0123.css\"/></head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("main-0123.css"), "@media (max-width: 30rem) { p { margin: 0 } }\n").unwrap();
    let app = TestApp::with_assets(dist.path()).await;
    app.register_site("Mein Blog", &["https://blog.example"]).await;
    let preview = |page: &str, origin: &str| {
        let query = format!("url={}&lang=de&theme=dark", page.replace(':', "%3A").replace('/', "%2F"));
        let request = app.client_raw().get(format!("{}{EMBED_PREVIEW}?{query}", app.address)).header("origin", origin);
        async move { request.send().await.unwrap() }
    };

    // No thread yet: the frame makes it, the loader goes straight to the frame.
    let none = preview("https://blog.example/neu", "https://blog.example").await;
    assert_eq!(none.status().as_u16(), 204);
    assert_eq!(none.headers()["access-control-allow-origin"], "https://blog.example");

    let url = "https://blog.example/vorschau";
    let article = thread(&app, url, "Vorschau").await;
    let user = app.user("Vorschauleserin", schrieb_api::Role::Reader).await;
    app.posted(article.slug.as_str(), &user, "Im <b>Vorschau</b>bild.").await;
    app.settle().await;
    let shown = preview(url, "https://blog.example").await;
    assert_eq!(shown.status().as_u16(), 200);
    let headers = shown.headers().clone();
    assert_eq!(headers["access-control-allow-origin"], "https://blog.example");
    assert_eq!(headers["vary"], "accept-encoding, origin");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = shown.text().await.unwrap();
    assert!(
        html.starts_with(
            "<style>@container (max-width: 30rem) { p { margin: 0 } }</style><div class=\"widget-preview js\" lang=\"de\" data-getting-ready=\"wird vorbereitet …\">"
        ),
        "{html}"
    );
    assert!(html.ends_with("</div>"));
    assert!(html.contains("Im &lt;b&gt;Vorschau&lt;/b&gt;bild."), "escaped as everywhere");
    // Nothing that runs (Leptos leaves an empty script behind, which the loader drops too).
    assert_eq!(html.matches("<script").count(), html.matches("<script></script>").count());
    assert!(!html.contains("<title>"));

    // Another site's page may not read it; the answer is kept, and a new comment shows at once.
    let stranger = preview(url, "https://other.example").await;
    assert_eq!(stranger.status().as_u16(), 200);
    assert!(stranger.headers().get("access-control-allow-origin").is_none());
    app.posted(article.slug.as_str(), &user, "Gleich danach.").await;
    app.settle().await;
    assert!(preview(url, "https://blog.example").await.text().await.unwrap().contains("Gleich danach."));
}

/// The loader keeps only the elements and attributes of `schrieb_server::embed::preview`'s
/// lists: a preview of a thread with every kind of markup uses nothing else, so nothing the
/// app renders goes missing from the preview (which would shift the page when the frame takes
/// its place).
#[tokio::test]
async fn the_widget_preview_holds_nothing_its_loader_drops() {
    use schrieb_server::embed::preview::{INERT_ATTRIBUTES, keeps_attribute, keeps_element};

    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html lang=\"de\"><head><title>schrieb</title>\
                 <link rel=\"stylesheet\" href=\"/main-0123.css\"/></head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("main-0123.css"), "p { margin: 0 }\n").unwrap();
    let app = TestApp::with_assets(dist.path()).await;
    app.register_site("Mein Blog", &["https://blog.example"]).await;
    let url = "https://blog.example/alles";
    let article = thread(&app, url, "Alles, was ein Beitrag sein kann").await;
    let martin = app.user("Martin", schrieb_api::Role::Reader).await;
    let anna = app.user("Anna", schrieb_api::Role::Reader).await;
    let first = app.posted(article.slug.as_str(), &martin, "Erster Gedanke, *betont* und **fett**.").await;
    let body = format!(
        "[quote={} author=\"Martin\"]\nErster Gedanke, *betont* und **fett**.\n[/quote]\n\
         > Ein Zitat ohne Quelle\n\n@Martin siehe https://example.org und [dort](https://example.com/x).\n\n\
         - eins\n- zwei\n\n3. drei\n4. vier\n\n`code` und ~~durch~~\n\n```\nfn main() {{}}\n```\n\n---\n\nZeile  \numbruch",
        first.comment.id.0
    );
    app.posted(article.slug.as_str(), &anna, &body).await;
    app.settle().await;

    let query = format!("url={}&lang=de", url.replace(':', "%3A").replace('/', "%2F"));
    let response = app.client_raw().get(format!("{}{EMBED_PREVIEW}?{query}", app.address)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let html = scraper::Html::parse_fragment(&response.text().await.unwrap());
    let mut seen = BTreeMap::<String, usize>::new();
    let root =
        html.select(&scraper::Selector::parse("div.widget-preview").unwrap()).next().expect("the preview's root");
    for element in root.descendants().filter_map(scraper::ElementRef::wrap) {
        let name = element.value().name().to_ascii_uppercase();
        // Leptos leaves an empty script behind; the loader drops it, as it should.
        if name == "SCRIPT" && element.inner_html().is_empty() {
            continue;
        }
        assert!(keeps_element(&name), "<{name}> is rendered but the loader drops it");
        *seen.entry(name).or_default() += 1;
        for (attribute, _) in element.value().attrs() {
            assert!(
                keeps_attribute(attribute) || INERT_ATTRIBUTES.contains(&attribute),
                "{attribute}= on <{}> is rendered but the loader drops it",
                element.value().name()
            );
        }
    }
    // The thread's markup was all there to be checked.
    for name in ["BLOCKQUOTE", "UL", "OL", "CODE", "PRE", "DEL", "EM", "STRONG", "HR", "BR", "A", "TIME", "BUTTON"] {
        assert!(seen.contains_key(name), "no <{name}> in {seen:?}");
    }
}
