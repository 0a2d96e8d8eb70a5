//! Any text parses without panicking, within the nesting bound, deterministically; the tree
//! survives a serde round trip unchanged (it is what the server could send the app); and the
//! HTML renderer never lets markup through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schrieb_markup::{Document, MAX_QUOTE_DEPTH, parse, to_html};

/// Every tag `to_html` writes; any other `<` in its output would be user text escaping.
const OUR_TAGS: &[&str] = &[
    "p>", "/p>", "br>", "a href=\"", "/a>", "blockquote>", "/blockquote>", "cite>", "/cite>", "em>", "/em>",
    "strong>", "/strong>", "del>", "/del>", "code>", "/code>", "pre>", "/pre>", "ul>", "/ul>", "ol>", "ol start=\"",
    "/ol>", "li>", "/li>", "hr>",
];

fuzz_target!(|source: &str| {
    let document = parse(source);
    assert!(document.quote_depth() <= MAX_QUOTE_DEPTH);
    assert_eq!(parse(source), document, "parsing is deterministic");

    let json = serde_json::to_string(&document).expect("a document serializes");
    let back: Document = serde_json::from_str(&json).expect("and deserializes");
    assert_eq!(back, document);

    let html = to_html(&document);
    for (at, _) in html.match_indices('<') {
        let tag = &html[at + 1..];
        assert!(OUR_TAGS.iter().any(|ours| tag.starts_with(ours)), "foreign markup at {at}: {html}");
    }
    let _ = (document.plain_text(), document.mentions(), document.quotes(), document.link_count());
});
