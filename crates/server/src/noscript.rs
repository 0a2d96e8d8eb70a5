//! A thread as plain HTML, for readers without JavaScript and for crawlers: the server puts it
//! into `index.html`'s `<noscript>` for `/a/{slug}` pages. Built from the same markup tree as
//! the app, through the escaping renderer: user text is never HTML here either.

use chrono::{DateTime, Utc};
use schrieb_api::{Article, Comment, CommentPage};
use schrieb_markup::{HtmlOptions, escape_html, parse, safe_href, to_html_with};

use crate::wording::{Key, Language};

/// How dates read without the app's `Intl` formatting: "05.03.2026, 14:07 UTC" /
/// "Mar 5, 2026, 14:07 UTC".
fn date_format(language: Language) -> &'static str {
    match language {
        Language::German => "%d.%m.%Y, %H:%M UTC",
        Language::English => "%b %-d, %Y, %H:%M UTC",
    }
}

/// The article and one page of its thread as HTML (the inside of a `<noscript>`), in the
/// article's language, with the app's words.
pub fn render(article: &Article, page: &CommentPage) -> String {
    let language = Language::of(&article.lang);
    // The renderer escapes the attribution itself.
    let wrote = |author: &str| language.text(Key::Wrote, &[("author", author)]);
    let options = HtmlOptions { comment_base: "", wrote: &wrote };
    let date = |time: DateTime<Utc>| time.format(date_format(language)).to_string();
    let say = |key: Key| escape_html(&language.text(key, &[]));
    let mut out = String::new();
    out.push_str("<article class=\"noscript\"><h1>");
    out.push_str(&escape_html(&article.title));
    out.push_str(&format!("</h1><p>{} · {}</p>", escape_html(&article.author), date(article.published_at)));
    out.push_str(&to_html_with(&parse(&article.body), &options));
    if let Some(href) = safe_href(&article.canonical_url) {
        out.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape_html(href), say(Key::ReadFull)));
    }
    let (number, pages) = (page.page.to_string(), page.pages.to_string());
    out.push_str(&format!(
        "<h2>{} ({})</h2><p>{}</p>",
        say(Key::Discussion),
        escape_html(&language.comment_count(article.comment_count)),
        escape_html(&language.text(Key::PageOf, &[("page", &number), ("pages", &pages)]))
    ));
    let first = page.items.first().map_or(1, |comment| comment.position);
    out.push_str(&format!("<ol start=\"{first}\">"));
    for comment in &page.items {
        out.push_str(&comment_html(comment, &say, &options, &date));
    }
    out.push_str("</ol>");
    if page.pages > 1 {
        out.push_str("<nav><p>");
        for number in 1..=page.pages {
            if number == page.page {
                out.push_str(&format!("<strong>{number}</strong> "));
            } else {
                let slug = escape_html(article.slug.as_str());
                out.push_str(&format!("<a href=\"/a/{slug}?page={number}\">{number}</a> "));
            }
        }
        out.push_str("</p></nav>");
    }
    out.push_str(&format!("<p>{}</p></article>", say(Key::NeedsScript)));
    out
}

fn comment_html(
    comment: &Comment,
    say: &dyn Fn(Key) -> String,
    options: &HtmlOptions<'_>,
    date: &dyn Fn(DateTime<Utc>) -> String,
) -> String {
    let mut out = format!(
        "<li id=\"c{}\"><p><strong>{}</strong> · {}</p>",
        comment.id,
        escape_html(&comment.author.display_name),
        date(comment.created_at)
    );
    if comment.deleted {
        out.push_str(&format!("<p><em>{}</em></p>", say(Key::Deleted)));
    } else {
        out.push_str(&to_html_with(&parse(&comment.body), options));
        if let Some(edited) = comment.edited_at {
            out.push_str(&format!("<p><em>{} {}</em></p>", say(Key::Edited), date(edited)));
        }
    }
    out.push_str("</li>");
    out
}

/// `index` with `fallback` inside its `<noscript>`, `title` as its title and `lang` as the
/// page language. `lang` must be a language tag; the others are inserted as given.
pub fn into_index(index: &str, fallback: &str, title: &str, lang: &str) -> String {
    let mut page = index.to_owned();
    if let (Some(open), Some(close)) = (page.find("<noscript>"), page.find("</noscript>")) {
        page.replace_range(open + "<noscript>".len()..close, fallback);
    }
    if let (Some(open), Some(close)) = (page.find("<title>"), page.find("</title>")) {
        page.replace_range(open + "<title>".len()..close, &format!("{} – schrieb", escape_html(title)));
    }
    if lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && let Some(at) = page.find("<html lang=\"")
    {
        let start = at + "<html lang=\"".len();
        if let Some(len) = page[start..].find('"') {
            page.replace_range(start..start + len, lang);
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article in `lang` with a page of three comments: one quoting another, one edited, one
    /// deleted; page 2 of 3.
    fn thread(lang: &str) -> (Article, CommentPage) {
        let article = serde_json::from_value(serde_json::json!({
            "slug": "pergola", "lang": lang, "title": "Pergola <3", "author": "Ada & Co",
            "published_at": "2026-03-05T14:07:00Z", "canonical_url": "https://blog.example/pergola",
            "body": "Text.", "note": null, "comment_count": 1
        }))
        .unwrap();
        let comment = |id: i64, body: &str, edited: Option<&str>, deleted: bool| {
            serde_json::json!({
                "id": id, "position": id, "author": {"id": 1, "display_name": "Onkel Otto"}, "body": body,
                "created_at": "2026-03-06T09:30:00Z", "edited_at": edited, "edit_count": u32::from(edited.is_some()),
                "deleted": deleted
            })
        };
        let page = serde_json::from_value(serde_json::json!({
            "items": [
                comment(21, "Ja.", Some("2026-03-07T10:00:00Z"), false),
                comment(22, "[quote=21 author=\"Onkel Otto\"]\nJa.\n[/quote]\nNein.", None, false),
                comment(23, "", None, true),
            ],
            "page": 2, "pages": 3, "total": 60, "per_page": 20
        }))
        .unwrap();
        (article, page)
    }

    #[test]
    fn the_thread_reads_in_the_apps_german() {
        let (article, page) = thread("de");
        assert_eq!(
            render(&article, &page),
            "<article class=\"noscript\"><h1>Pergola &lt;3</h1><p>Ada &amp; Co · 05.03.2026, 14:07 UTC</p><p>Text.</p>\
             <p><a href=\"https://blog.example/pergola\">Zum vollständigen Artikel</a></p>\
             <h2>Diskussion (1 Kommentar)</h2><p>Seite 2 von 3</p><ol start=\"21\">\
             <li id=\"c21\"><p><strong>Onkel Otto</strong> · 06.03.2026, 09:30 UTC</p><p>Ja.</p>\
             <p><em>Zuletzt bearbeitet: 07.03.2026, 10:00 UTC</em></p></li>\
             <li id=\"c22\"><p><strong>Onkel Otto</strong> · 06.03.2026, 09:30 UTC</p>\
             <blockquote><p><cite><a href=\"/c/21\">Onkel Otto schrieb:</a></cite></p><p>Ja.</p></blockquote><p>Nein.</p></li>\
             <li id=\"c23\"><p><strong>Onkel Otto</strong> · 06.03.2026, 09:30 UTC</p>\
             <p><em>Dieser Kommentar wurde gelöscht.</em></p></li></ol>\
             <nav><p><a href=\"/a/pergola?page=1\">1</a> <strong>2</strong> <a href=\"/a/pergola?page=3\">3</a> </p></nav>\
             <p>Zum Mitdiskutieren braucht schrieb JavaScript.</p></article>"
        );
    }

    #[test]
    fn the_thread_reads_in_the_apps_english() {
        let (mut article, page) = thread("en-GB");
        article.comment_count = 52;
        let html = render(&article, &page);
        for words in [
            "<a href=\"https://blog.example/pergola\">Read the full article</a>",
            "<h2>Discussion (52 comments)</h2><p>Page 2 of 3</p>",
            "<a href=\"/c/21\">Onkel Otto wrote:</a>",
            "<p><em>Last edited: Mar 7, 2026, 10:00 UTC</em></p>",
            "<p><em>This comment was deleted.</em></p>",
            "<p>schrieb needs JavaScript to join the discussion.</p></article>",
        ] {
            assert!(html.contains(words), "{words} in {html}");
        }
    }

    #[test]
    fn the_index_gets_the_fallback_title_and_language() {
        let index = "<html lang=\"de\"><head><title>schrieb</title></head><body><noscript>JS!</noscript><script></script></body></html>";
        let page = into_index(index, "<p>Thread</p>", "Ärger & <Frust>", "en");
        assert_eq!(
            page,
            "<html lang=\"en\"><head><title>Ärger &amp; &lt;Frust&gt; – schrieb</title></head>\
             <body><noscript><p>Thread</p></noscript><script></script></body></html>"
        );
        assert!(into_index(index, "x", "t", "e\"n").contains("lang=\"de\""), "a strange language tag is not inserted");
    }
}
