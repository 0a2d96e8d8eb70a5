//! A thread as plain HTML, for readers without JavaScript and for crawlers: the server puts it
//! into `index.html`'s `<noscript>` for `/a/{slug}` pages. Built from the same markup tree as
//! the app, through the escaping renderer: user text is never HTML here either.

use chrono::{DateTime, Utc};
use schrieb_api::{Article, Comment, CommentPage};
use schrieb_markup::{HtmlOptions, escape_html, parse, safe_href, to_html_with};

/// The words of the fallback page, in the article's language.
struct Wording {
    wrote: fn(&str) -> String,
    discussion: &'static str,
    page: fn(u32, u32) -> String,
    edited: &'static str,
    deleted: &'static str,
    full_article: &'static str,
    needs_script: &'static str,
    date_format: &'static str,
}

const GERMAN: Wording = Wording {
    wrote: |author| format!("{author} schrieb:"),
    discussion: "Diskussion",
    page: |page, pages| format!("Seite {page} von {pages}"),
    edited: "Zuletzt bearbeitet:",
    deleted: "Dieser Beitrag wurde gelöscht.",
    full_article: "Zum vollständigen Artikel",
    needs_script: "Zum Mitdiskutieren braucht schrieb JavaScript.",
    date_format: "%d.%m.%Y, %H:%M UTC",
};

const ENGLISH: Wording = Wording {
    wrote: |author| format!("{author} wrote:"),
    discussion: "Discussion",
    page: |page, pages| format!("Page {page} of {pages}"),
    edited: "Last edited:",
    deleted: "This comment was deleted.",
    full_article: "Read the full article",
    needs_script: "schrieb needs JavaScript to join the discussion.",
    date_format: "%b %-d, %Y, %H:%M UTC",
};

/// The article and one page of its thread as HTML (the inside of a `<noscript>`).
pub fn render(article: &Article, page: &CommentPage) -> String {
    let words = if article.lang.starts_with("de") { &GERMAN } else { &ENGLISH };
    let wrote = |author: &str| (words.wrote)(author);
    let options = HtmlOptions { comment_base: "", wrote: &wrote };
    let date = |time: DateTime<Utc>| time.format(words.date_format).to_string();
    let mut out = String::new();
    out.push_str("<article class=\"noscript\"><h1>");
    out.push_str(&escape_html(&article.title));
    out.push_str(&format!("</h1><p>{} · {}</p>", escape_html(&article.author), date(article.published_at)));
    out.push_str(&to_html_with(&parse(&article.body), &options));
    if let Some(href) = safe_href(&article.canonical_url) {
        out.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape_html(href), words.full_article));
    }
    out.push_str(&format!(
        "<h2>{} ({})</h2><p>{}</p>",
        words.discussion,
        article.comment_count,
        (words.page)(page.page, page.pages)
    ));
    let first = page.items.first().map_or(1, |comment| comment.position);
    out.push_str(&format!("<ol start=\"{first}\">"));
    for comment in &page.items {
        out.push_str(&comment_html(comment, words, &options, &date));
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
    out.push_str(&format!("<p>{}</p></article>", words.needs_script));
    out
}

fn comment_html(
    comment: &Comment,
    words: &Wording,
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
        out.push_str(&format!("<p><em>{}</em></p>", words.deleted));
    } else {
        out.push_str(&to_html_with(&parse(&comment.body), options));
        if let Some(edited) = comment.edited_at {
            out.push_str(&format!("<p><em>{} {}</em></p>", words.edited, date(edited)));
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
