//! What a linked page says of itself: OpenGraph and Twitter card tags, `<title>`, the
//! description, the picture and the icon. Read from at most the first [`MAX_PAGE_BYTES`] of
//! the page, decoded in the charset it declares, parsed as browsers parse HTML (html5ever:
//! malformed pages too). Everything is text, cleaned and cut ([`schrieb_api::clean_text`]).

use schrieb_api::{MAX_PREVIEW_DESCRIPTION_CHARS, MAX_PREVIEW_SITE_CHARS, MAX_PREVIEW_TITLE_CHARS, clean_text};
use scraper::{Html, Selector};
use url::Url;

/// The most bytes of a page read: the head, where the tags are, comes first.
pub const MAX_PAGE_BYTES: usize = 512 * 1024;

/// What a page says of itself, cleaned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Its title: `og:title`, `twitter:title` or `<title>`.
    pub title: Option<String>,
    /// Its site's name (`og:site_name`).
    pub site: Option<String>,
    /// Its description: `og:description`, `twitter:description` or `description`.
    pub description: Option<String>,
    /// Its picture: `og:image` (or its `secure_url`), `twitter:image`; http(s) only.
    pub image: Option<Url>,
    /// Its icon: `apple-touch-icon`, `icon`, else `/favicon.ico`.
    pub icon: Option<Url>,
}

/// The text of `body` in the charset it declares: a byte-order mark, the `Content-Type`'s
/// `charset`, a `<meta charset>` in its first kilobyte; else UTF-8.
pub fn decode(body: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type
        .and_then(charset_parameter)
        .or_else(|| meta_charset(&body[..body.len().min(1024)]))
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // A byte-order mark wins over what the page declares, as in browsers.
    let (text, _, _) = declared.decode(body);
    text.into_owned()
}

fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// The label after the first `charset=` of `head`, as the HTML prescan finds it.
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|window| window == b"charset=")? + 8;
    let rest = lower[at..].strip_prefix(b"\"").or_else(|| lower[at..].strip_prefix(b"'")).unwrap_or(&lower[at..]);
    let label: Vec<u8> =
        rest.iter().copied().take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b)).collect();
    (!label.is_empty()).then(|| String::from_utf8_lossy(&label).into_owned())
}

/// What the page `body` (read from `page`) says of itself.
pub fn extract(body: &[u8], content_type: Option<&str>, page: &Url) -> PageMeta {
    let text = decode(&body[..body.len().min(MAX_PAGE_BYTES)], content_type);
    // The tags are in the head: the body, however long, is not parsed.
    let head = match find_ignoring_case(&text, "<body") {
        Some(at) => &text[..at],
        None => &text,
    };
    let document = Html::parse_document(head);
    let base = base_url(&document, page);
    let mut tags: Vec<(String, String)> = Vec::new();
    for element in document.select(&selector("meta[content]")) {
        let key = element.attr("property").or_else(|| element.attr("name")).unwrap_or_default();
        if let Some(content) = element.attr("content") {
            tags.push((key.trim().to_ascii_lowercase(), content.to_owned()));
        }
    }
    let tag = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| tags.iter().find(|(key, value)| key == name && !value.trim().is_empty()))
            .map(|(_, value)| value.as_str())
    };
    let title_element = document.select(&selector("title")).next().map(|title| title.text().collect::<String>());
    let title = tag(&["og:title", "twitter:title"])
        .map(str::to_owned)
        .or(title_element)
        .and_then(|title| clean_text(&title, MAX_PREVIEW_TITLE_CHARS));
    let site = tag(&["og:site_name", "application-name"]).and_then(|site| clean_text(site, MAX_PREVIEW_SITE_CHARS));
    let description = tag(&["og:description", "twitter:description", "description"])
        .and_then(|text| clean_text(text, MAX_PREVIEW_DESCRIPTION_CHARS));
    let image = tag(&["og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"])
        .and_then(|href| web_url(&base, href));
    PageMeta { title, site, description, image, icon: icon(&document, &base, page) }
}

fn selector(css: &str) -> Selector {
    // The selectors are constants of this file; the tests parse each one.
    Selector::parse(css).unwrap_or_else(|_| unreachable!("{css} is a valid selector"))
}

fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes().windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Where the page's relative links start: its `<base href>` when that is http(s), else itself.
fn base_url(document: &Html, page: &Url) -> Url {
    document
        .select(&selector("base[href]"))
        .next()
        .and_then(|base| web_url(page, base.attr("href")?))
        .unwrap_or_else(|| page.clone())
}

/// `href` read against `base`, when it is an http(s) link.
fn web_url(base: &Url, href: &str) -> Option<Url> {
    let url = base.join(href.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The page's icon: the first `apple-touch-icon` (the largest usually), else `icon`, else
/// `/favicon.ico` of the page's origin.
fn icon(document: &Html, base: &Url, page: &Url) -> Option<Url> {
    let links: Vec<(Vec<String>, &str)> = document
        .select(&selector("link[rel][href]"))
        .filter_map(|link| {
            let rel = link.attr("rel")?.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
            Some((rel, link.attr("href")?))
        })
        .collect();
    let with = |kind: &str| links.iter().find(|(rel, _)| rel.iter().any(|token| token == kind));
    match with("apple-touch-icon").or_else(|| with("icon")) {
        Some((_, href)) => web_url(base, href),
        None => page.join("/favicon.ico").ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://news.example/artikel/1?x=1").unwrap()
    }

    #[test]
    fn opengraph_tags_win_and_relative_links_are_read_against_the_page() {
        let html = br#"<!doctype html><html><head>
            <title>Fallback</title>
            <meta property="og:title" content="  Der   Titel ">
            <meta property="og:site_name" content="Nachrichten">
            <meta name="description" content="Plain">
            <meta property="og:description" content="Die Beschreibung">
            <meta property="og:image" content="/bilder/titel.jpg">
            <link rel="icon" href="favicon.png">
            </head><body><p>Text</p></body></html>"#;
        let meta = extract(html, Some("text/html"), &page());
        assert_eq!(meta.title.as_deref(), Some("Der Titel"));
        assert_eq!(meta.site.as_deref(), Some("Nachrichten"));
        assert_eq!(meta.description.as_deref(), Some("Die Beschreibung"));
        assert_eq!(meta.image.unwrap().as_str(), "https://news.example/bilder/titel.jpg");
        assert_eq!(meta.icon.unwrap().as_str(), "https://news.example/artikel/favicon.png");
    }

    #[test]
    fn twitter_cards_and_the_title_element_stand_in() {
        let html = br#"<html><head><title>Nur &amp; Titel</title>
            <meta name="twitter:description" content="Vom Vogel">
            <meta name="twitter:image" content="https://cdn.example/v.png"></head></html>"#;
        let meta = extract(html, None, &page());
        assert_eq!(meta.title.as_deref(), Some("Nur & Titel"));
        assert_eq!(meta.site, None);
        assert_eq!(meta.description.as_deref(), Some("Vom Vogel"));
        assert_eq!(meta.image.unwrap().as_str(), "https://cdn.example/v.png");
        assert_eq!(meta.icon.unwrap().as_str(), "https://news.example/favicon.ico");
    }

    #[test]
    fn missing_tags_leave_fields_empty() {
        let meta = extract(b"<html><body>Kein Kopf</body></html>", None, &page());
        assert_eq!((meta.title, meta.site, meta.description, meta.image), (None, None, None, None));
        let meta = extract(b"", None, &page());
        assert_eq!(meta.title, None);
    }

    #[test]
    fn charsets_from_the_header_the_meta_tag_and_the_byte_order_mark() {
        // "Grüße" in ISO-8859-1.
        let latin = b"<html><head><title>Gr\xfc\xdfe</title></head></html>";
        assert_eq!(extract(latin, Some("text/html; charset=ISO-8859-1"), &page()).title.as_deref(), Some("Grüße"));
        let declared = b"<html><head><meta charset=\"windows-1252\"><title>Gr\xfc\xdfe \x80</title></head></html>";
        assert_eq!(extract(declared, Some("text/html"), &page()).title.as_deref(), Some("Grüße €"));
        let http_equiv = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\">\
            <title>\x93\xfa\x96\x7b</title></head></html>";
        assert_eq!(extract(http_equiv, None, &page()).title.as_deref(), Some("日本"));
        let bom = b"\xef\xbb\xbf<html><head><title>Gr\xc3\xbc\xc3\x9fe</title></head></html>";
        assert_eq!(extract(bom, Some("text/html; charset=ISO-8859-1"), &page()).title.as_deref(), Some("Grüße"));
        let broken = b"<html><head><title>kaputt \xff\xfe</title></head></html>";
        assert_eq!(extract(broken, None, &page()).title.as_deref(), Some("kaputt \u{FFFD}\u{FFFD}"));
    }

    #[test]
    fn malformed_html_is_read_as_browsers_read_it() {
        let html = b"<title>Offen<meta property=og:description content=ohne-Anf\xc3\xbchrung><p>und <b>mehr";
        let meta = extract(html, None, &page());
        assert!(meta.title.is_some());
        let html =
            "<html><head><meta property=\"og:title\" content=\"<script>alert(1)</script>\u{202e}txt.exe\"></head>";
        assert_eq!(extract(html.as_bytes(), None, &page()).title.as_deref(), Some("<script>alert(1)</script>txt.exe"));
    }

    #[test]
    fn huge_pages_are_cut_and_long_text_is_shortened() {
        let mut html = format!(
            "<html><head><title>{}</title><meta property=\"og:image\" content=\"javascript:alert(1)\"></head><body>",
            "Wort ".repeat(1000)
        )
        .into_bytes();
        html.extend(std::iter::repeat_n(b'x', 4 * MAX_PAGE_BYTES));
        let meta = extract(&html, None, &page());
        assert_eq!(meta.title.unwrap().chars().count(), MAX_PREVIEW_TITLE_CHARS);
        assert_eq!(meta.image, None, "only http(s) pictures");
    }
}
