//! The XSS suite for the HTML renderer: every payload of `xss/payloads.txt` (kinds from the
//! OWASP filter evasion cheat sheet) in every place a comment can carry it, rendered by
//! `to_html` and read back by a real HTML5 parser. Nothing may come out but our own elements
//! and attributes, and every `href` must be a vetted URL.
#![allow(clippy::unwrap_used, missing_docs)]

use scraper::{Html, Node};

const PAYLOADS: &str = include_str!("xss/payloads.txt");
const PLACEMENTS: &str = include_str!("xss/placements.txt");

/// Elements `to_html` writes, with the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    // The parser's own frame around a fragment.
    ("html", &[]),
    ("head", &[]),
    ("body", &[]),
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
    ("li", &[]),
    ("hr", &[]),
];

/// A payload in every place user text reaches (see `xss/README.md`).
fn placements(payload: &str) -> Vec<String> {
    PLACEMENTS.lines().map(|template| template.replace("{payload}", payload).replace("\\n", "\n")).collect()
}

#[test]
fn the_suite_is_big_enough() {
    assert!(PAYLOADS.lines().filter(|l| !l.trim().is_empty()).count() >= 60);
}

#[test]
fn no_payload_creates_an_element_or_attribute() {
    for payload in PAYLOADS.lines().filter(|l| !l.trim().is_empty()) {
        for body in placements(payload) {
            let html = schrieb_markup::to_html(&schrieb_markup::parse(&body));
            let fragment = Html::parse_fragment(&html);
            for node in fragment.tree.nodes() {
                let Node::Element(element) = node.value() else { continue };
                let name = element.name();
                let allowed = ALLOWED.iter().find(|(tag, _)| *tag == name);
                let Some((_, attributes)) = allowed else {
                    panic!("<{name}> from {body:?}\n{html}");
                };
                for (attribute, value) in element.attrs() {
                    assert!(attributes.contains(&attribute), "{attribute} on <{name}> from {body:?}\n{html}");
                    if attribute == "href" {
                        let lower = value.to_ascii_lowercase();
                        // A vetted URL, or our own link to a quoted comment (its id is a number).
                        let own = value.strip_prefix("/c/").is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit()));
                        assert!(
                            own || lower.starts_with("https://")
                                || lower.starts_with("http://")
                                || lower.starts_with("mailto:"),
                            "href {value:?} from {body:?}"
                        );
                        assert!(!value.chars().any(char::is_whitespace), "href {value:?} from {body:?}");
                    }
                }
            }
        }
    }
}
