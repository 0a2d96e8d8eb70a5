//! What the XSS suite may produce, shared by the browser's test (`xss.rs`) and the server's
//! (`server_render.rs`): the suite's bodies, and the elements and attributes the markup views
//! create.
#![allow(dead_code)]

const PAYLOADS: &str = include_str!("../crates/markup/tests/xss/payloads.txt");
const PLACEMENTS: &str = include_str!("../crates/markup/tests/xss/placements.txt");

/// Elements the markup views create, with the attributes each may carry.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("div", &["class"]),
    ("p", &["class", "role"]),
    ("br", &[]),
    ("a", &["class", "href", "rel", "target"]),
    ("span", &["class"]),
    ("blockquote", &["class", "data-source"]),
    ("button", &["type", "class", "aria-expanded"]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("code", &["class"]),
    ("pre", &["class", "tabindex"]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("hr", &[]),
];

/// Every payload in every placement, as comment bodies.
pub fn suite() -> Vec<String> {
    PAYLOADS.lines().filter(|line| !line.trim().is_empty()).flat_map(placements).collect()
}

fn placements(payload: &str) -> Vec<String> {
    PLACEMENTS.lines().map(|template| template.replace("{payload}", payload).replace("\\n", "\n")).collect()
}

/// What is wrong with an element a comment body was rendered to, in words: an element or an
/// attribute the markup views never create, or a value they never write. `None` if nothing.
pub fn element_problem<N: AsRef<str>, V: AsRef<str>>(
    name: &str,
    attributes: impl IntoIterator<Item = (N, V)>,
) -> Option<String> {
    let Some((_, allowed)) = ALLOWED.iter().find(|(tag, _)| *tag == name) else {
        return Some(format!("<{name}> appeared"));
    };
    attributes.into_iter().find_map(|(attribute, value)| {
        let (attribute, value) = (attribute.as_ref(), value.as_ref());
        if !allowed.contains(&attribute) {
            Some(format!("{attribute} on <{name}>"))
        } else if !value_is_safe(attribute, value) {
            Some(format!("{attribute}={value:?} on <{name}>"))
        } else {
            None
        }
    })
}

/// Whether a rendered attribute's value is one the views may write: a quote's source is a
/// comment id the parser read as a number, a link leads to the web, a mail address or a
/// quoted comment's anchor (`#c{id}`), never anywhere else.
fn value_is_safe(attribute: &str, value: &str) -> bool {
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    match attribute {
        "data-source" => digits(value),
        "href" => {
            let href = value.to_ascii_lowercase();
            href.strip_prefix("#c").is_some_and(digits)
                || href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
        }
        _ => true,
    }
}
