//! The app's pages as the server sends them: the head of Trunk's `index.html` (which names the
//! app's current, hashed files) around the HTML `schrieb_web::render` made of the page, and
//! the data it was made from, which the app takes the page over with.

use std::sync::LazyLock;

use schrieb_markup::escape_html;
use schrieb_web::first_screen::ELEMENT_ID;
use schrieb_web::render::RenderedPage;

use crate::wording::{Key, Language};

/// The early script (see the file): what a rendered page does before the app has taken it over.
const EARLY_JS: &str = include_str!("../assets/early.js");

/// The early script as it goes into every rendered page's `<head>`: the words and names it
/// shares with the app written in, its comments and indentation left out (every page view
/// carries it).
static EARLY: LazyLock<String> = LazyLock::new(|| {
    let script = EARLY_JS
        .replace("GETTING_READY_WORDS", &getting_ready_words())
        .replace("FRAME_PROTOCOL", &schrieb_api::frame::frame_protocol_names())
        .replace("CONTROLS_SELECTOR", &controls_selector());
    without_comments(&script)
});

/// One of our plain scripts as it is sent: its comment lines and indentation left out (every
/// page view carries it). The scripts keep comments on lines of their own for this.
pub fn without_comments(script: &str) -> String {
    let lines: Vec<&str> =
        script.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).collect();
    lines.join("\n")
}

/// What a button clicked before the app is ready says, by language (`locales/*.json`), as a
/// JavaScript object for the scripts; nothing in it can end a `<script>` element.
pub fn getting_ready_words() -> String {
    let words: serde_json::Map<String, serde_json::Value> = Language::ALL
        .iter()
        .map(|language| (language.tag().to_owned(), language.template(Key::GettingReady).into()))
        .collect();
    serde_json::Value::Object(words).to_string().replace('<', "\\u003c")
}

/// [`schrieb_api::frame::CONTROLS`] as a JavaScript string.
pub fn controls_selector() -> String {
    serde_json::Value::from(schrieb_api::frame::CONTROLS).to_string()
}

/// The early script's text as every rendered page carries it: the one script of a rendered
/// page that runs (besides the app's loader), for tests that check nothing else does.
pub fn early_script() -> &'static str {
    &EARLY
}

/// Trunk's `index.html`, split where a rendered page differs from it.
#[derive(Debug, Clone)]
pub struct PageShell {
    /// Everything inside `<head>` but the `<title>`, with the early script after the charset
    /// (before the stylesheets, which would hold it up).
    head: String,
    /// The app's stylesheets as one, for the widget's preview; `None` if one of them could not
    /// be written in.
    preview_css: Option<String>,
}

/// What a rendered page's `<html>` element says besides its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Frame<'a> {
    /// Inside another site's page (`/embed`): the widget's own layout.
    pub embedded: bool,
    /// The host page's theme, `light` or `dark`; the reader's system's otherwise.
    pub theme: Option<&'a str>,
    /// The page's Atom feed, address and title, linked in its head for feed readers.
    pub feed: Option<(&'a str, &'a str)>,
}

impl PageShell {
    /// Reads Trunk's `index.html`; `None` if it has no `<head>` to build pages from (the
    /// server then sends the index as it is, and the app renders every page itself).
    /// `stylesheet` gives the text of one of the app's stylesheets by its address, or `None`
    /// when it cannot: that one stays a link.
    pub fn from_index(index: &str, stylesheet: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let open = index.find("<head>")? + "<head>".len();
        let close = index.find("</head>")?;
        let (mut head, sheets) = inline_stylesheets(index.get(open..close)?, stylesheet);
        if let (Some(start), Some(end)) = (head.find("<title>"), head.find("</title>")) {
            head.replace_range(start..end + "</title>".len(), "");
        }
        let charset = head.find("<meta charset").and_then(|at| head[at..].find('>').map(|end| at + end + 1));
        head.insert_str(charset.unwrap_or(0), &format!("<script>{}</script>", *EARLY));
        Some(Self { head, preview_css: sheets.map(|sheets| preview_css(&sheets.join("\n"))) })
    }

    /// The widget's first page for its loader to draw into the host page while the frame loads
    /// (`/embed/preview`): the app's styles and `page`'s body, as the frame's page has them,
    /// with the body in an element of its own, which names the words for "getting ready".
    /// `None` without the styles.
    pub fn preview(&self, page: &RenderedPage) -> Option<String> {
        let css = self.preview_css.as_ref()?;
        let mut html = String::with_capacity(css.len() + page.body.len() + 96);
        html.push_str("<style>");
        html.push_str(css);
        // `js`: the loader runs, so hints for readers without scripts stay hidden. What a
        // control clicked before the frame is ready says comes along in the page's language.
        let language =
            Language::ALL.into_iter().find(|language| language.tag() == page.lang).unwrap_or(Language::German);
        html.push_str("</style><div class=\"widget-preview js\" lang=\"");
        html.push_str(page.lang);
        html.push_str("\" data-getting-ready=\"");
        html.push_str(&escape_html(language.template(Key::GettingReady)));
        html.push_str("\">");
        html.push_str(&page.body);
        html.push_str("</div>");
        Some(html)
    }

    /// The whole document for `page`.
    pub fn document(&self, page: &RenderedPage, frame: Frame<'_>) -> String {
        let mut html = String::with_capacity(self.head.len() + page.body.len() + page.first_screen.len() + 256);
        html.push_str("<!doctype html><html lang=\"");
        html.push_str(page.lang);
        html.push('"');
        if frame.embedded {
            html.push_str(" class=\"embedded\"");
        }
        if let Some(theme @ ("light" | "dark")) = frame.theme {
            html.push_str(" data-theme=\"");
            html.push_str(theme);
            html.push('"');
        }
        html.push_str("><head>");
        html.push_str(&self.head);
        html.push_str("<title>");
        html.push_str(&escape_html(&page.title));
        html.push_str("</title>");
        if let Some((href, title)) = frame.feed {
            html.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"");
            html.push_str(&escape_html(href));
            html.push_str("\" title=\"");
            html.push_str(&escape_html(title));
            html.push_str("\">");
        }
        html.push_str("<script type=\"application/json\" id=\"");
        html.push_str(ELEMENT_ID);
        html.push_str("\">");
        // `render` wrote every `<` of it as `\u003c`: nothing in it can end the element.
        html.push_str(&page.first_screen);
        // The app takes the body over from its first node: nothing may stand between.
        html.push_str("</script></head><body>");
        html.push_str(&page.body);
        html.push_str("</body></html>");
        html
    }
}

/// The app's stylesheets for the widget's preview, a shadow root in the host page: there the
/// frame's viewport is the box the preview stands in, so width queries ask that box
/// (`:host` is a size container, see `style/main.css`).
fn preview_css(css: &str) -> String {
    css.replace("@media (max-width:", "@container (max-width:").replace("@media (min-width:", "@container (min-width:")
}

/// `head` with each `<link rel="stylesheet">` replaced by a `<style>` holding the sheet's text,
/// and those texts in their order (`None` if one stayed a link).
///
/// Why: a linked sheet holds the first paint until it arrives, and in a browser's fresh page
/// (a reader's first visit, every widget's frame) those requests take longer than the whole
/// page's answer; written in, they cost about 7 KB of brotli per page and no round trip. A
/// sheet that could end the element early (`</style`) stays a link.
fn inline_stylesheets(head: &str, stylesheet: impl Fn(&str) -> Option<String>) -> (String, Option<Vec<String>>) {
    let mut out = String::with_capacity(head.len());
    let mut sheets = Some(Vec::new());
    let mut rest = head;
    while let Some(at) = rest.find("<link ") {
        let Some(length) = rest[at..].find('>') else { break };
        let tag = &rest[at..at + length + 1];
        out.push_str(&rest[..at]);
        let is_sheet = attribute(tag, "rel") == Some("stylesheet");
        let css = attribute(tag, "href")
            .filter(|_| is_sheet)
            .and_then(&stylesheet)
            .filter(|css| !css.to_ascii_lowercase().contains("</style"));
        match css {
            Some(css) => {
                let css = css.trim_end();
                out.push_str("<style>");
                out.push_str(css);
                out.push_str("</style>");
                if let Some(sheets) = sheets.as_mut() {
                    sheets.push(css.to_owned());
                }
            }
            None => {
                out.push_str(tag);
                if is_sheet {
                    sheets = None;
                }
            }
        }
        rest = &rest[at + length + 1..];
    }
    out.push_str(rest);
    (out, sheets)
}

/// The value of `name` in the tag `tag`, written `name="value"` as Trunk writes them.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<!doctype html>\n<html lang=\"de\">\n  <head>\n    <meta charset=\"utf-8\">\n    \
        <title>schrieb</title>\n    <link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>\n  </head>\n  \
        <body>\n    <noscript>…</noscript>\n  </body>\n</html>\n";

    /// A server that cannot read the app's stylesheets: they stay links.
    fn no_sheets(_: &str) -> Option<String> {
        None
    }

    fn rendered(title: &str) -> RenderedPage {
        RenderedPage {
            lang: "en",
            title: title.to_owned(),
            body: "<main>thread</main>".to_owned(),
            first_screen: "{\"now\":\"x\"}".to_owned(),
        }
    }

    #[test]
    fn a_pages_feed_is_linked_in_its_head_escaped() {
        let shell = PageShell::from_index(INDEX, no_sheets).unwrap();
        let frame =
            Frame { feed: Some(("/feeds/articles/x", "Kommentare zu „Tom & <Jerry>“")), ..Frame::default() };
        let page = shell.document(&rendered("x"), frame);
        let head = &page[..page.find("</head>").unwrap()];
        assert!(head.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/articles/x\" \
             title=\"Kommentare zu „Tom &amp; &lt;Jerry&gt;“\">"
        ));
        assert!(!shell.document(&rendered("x"), Frame::default()).contains("application/atom+xml"));
    }

    #[test]
    fn the_page_keeps_the_apps_head_and_gets_its_own_language_title_data_and_body() {
        let shell = PageShell::from_index(INDEX, no_sheets).unwrap();
        let page = shell.document(&rendered("Tom & <Jerry>"), Frame::default());
        assert!(page.starts_with("<!doctype html><html lang=\"en\"><head>"));
        assert!(page.contains("<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>"));
        assert_eq!(page.matches("<title>").count(), 1);
        assert!(page.contains("<title>Tom &amp; &lt;Jerry&gt;</title>"));
        assert!(
            page.contains("<script type=\"application/json\" id=\"schrieb-first\">{\"now\":\"x\"}</script></head>")
        );
        assert!(page.ends_with("<body><main>thread</main></body></html>"));
        assert!(!page.contains("noscript"));
    }

    #[test]
    fn the_early_script_comes_before_the_stylesheets_with_its_words_and_names_written_in() {
        let page = PageShell::from_index(INDEX, no_sheets).unwrap().document(&rendered("x"), Frame::default());
        let script = page.find("<script>(function").expect("the early script");
        assert!(page.find("<meta charset=\"utf-8\">").unwrap() < script);
        assert!(script < page.find("<link rel=\"stylesheet\"").unwrap());
        assert!(page.contains(r#"var GETTING_READY = {"de":"#), "{page}");
        assert!(page.contains(r#"var MESSAGE = {"Height":"schrieb:height""#));
        assert!(!page.contains("GETTING_READY_WORDS") && !page.contains("FRAME_PROTOCOL"));
        assert!(!page.contains("// "), "no comments");
    }

    #[test]
    fn the_widget_page_says_it_is_embedded_and_takes_only_known_themes() {
        let shell = PageShell::from_index(INDEX, no_sheets).unwrap();
        let dark = shell.document(&rendered("x"), Frame { embedded: true, theme: Some("dark"), feed: None });
        assert!(dark.starts_with("<!doctype html><html lang=\"en\" class=\"embedded\" data-theme=\"dark\">"));
        let odd = shell.document(&rendered("x"), Frame { embedded: true, theme: Some("\"><script>"), feed: None });
        assert!(odd.starts_with("<!doctype html><html lang=\"en\" class=\"embedded\"><head>"));
    }

    #[test]
    fn an_index_without_a_head_gives_no_shell() {
        assert!(PageShell::from_index("<html><body></body></html>", no_sheets).is_none());
    }

    #[test]
    fn the_apps_stylesheets_are_written_into_the_head_in_their_order() {
        let index = INDEX.replace(
            "<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>",
            "<link rel=\"stylesheet\" href=\"/a.css\" integrity=\"sha384-x\"/><link rel=\"manifest\" href=\"/m\"><link rel=\"stylesheet\" href=\"/b.css\"/>",
        );
        let sheets = |href: &str| match href {
            "/a.css" => Some("a { color: red }\n".to_owned()),
            "/b.css" => Some("b { color: blue }".to_owned()),
            _ => None,
        };
        let page = PageShell::from_index(&index, sheets).unwrap().document(&rendered("x"), Frame::default());
        assert!(
            page.contains(
                "<style>a { color: red }</style><link rel=\"manifest\" href=\"/m\"><style>b { color: blue }</style>"
            ),
            "{page}"
        );
        assert!(!page.contains("stylesheet"));
        assert!(page.find("<script>(function").unwrap() < page.find("<style>").unwrap());
    }

    #[test]
    fn the_widget_preview_is_the_body_with_the_apps_styles_asking_its_box_for_widths() {
        let sheets = |href: &str| match href {
            "/a.css" => Some("p { margin: 0 }\n@media (max-width: 30rem) { p { margin: 1px } }\n".to_owned()),
            _ => Some("b { color: blue }".to_owned()),
        };
        let index =
            INDEX.replace("/main-0123456789abcdef.css\"/>", "/a.css\"/><link rel=\"stylesheet\" href=\"/b.css\"/>");
        let shell = PageShell::from_index(&index, sheets).unwrap();
        assert_eq!(
            shell.preview(&rendered("x")).unwrap(),
            "<style>p { margin: 0 }\n@container (max-width: 30rem) { p { margin: 1px } }\nb { color: blue }</style>\
             <div class=\"widget-preview js\" lang=\"en\" data-getting-ready=\"getting ready …\"><main>thread</main></div>"
        );
        // The page itself keeps its media query.
        assert!(shell.document(&rendered("x"), Frame::default()).contains("@media (max-width: 30rem)"));
        assert!(PageShell::from_index(INDEX, no_sheets).unwrap().preview(&rendered("x")).is_none());
    }

    #[test]
    fn a_sheet_that_is_missing_or_could_end_its_element_stays_a_link() {
        let sheets = |_: &str| Some("p::after { content: \"</STYLE><script>\" }".to_owned());
        let page = PageShell::from_index(INDEX, sheets).unwrap().document(&rendered("x"), Frame::default());
        assert!(page.contains("<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>"));
        assert!(!page.contains("<style>"));
    }
}
