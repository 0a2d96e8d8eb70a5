//! What the widget's preview (`/embed/preview`) may hold once the loader on the host page has
//! cleaned it: the elements and attributes the app's components render, nothing else. The
//! server writes these lists into the loader, and a test renders a thread with every kind of
//! markup and checks that the preview uses nothing outside them, so a new component cannot be
//! dropped from the preview unnoticed.

/// The elements the frame page renders (`src/components`), in upper case as the DOM names them.
pub const ELEMENTS: &[&str] = &[
    "A",
    "ARTICLE",
    "ASIDE",
    "BLOCKQUOTE",
    "BR",
    "BUTTON",
    "CODE",
    "DD",
    "DEL",
    "DETAILS",
    "DIV",
    "DL",
    "DT",
    "EM",
    "FOOTER",
    "FORM",
    "H1",
    "H2",
    "H3",
    "HEADER",
    "HR",
    "INPUT",
    "INS",
    "LABEL",
    "LI",
    "MAIN",
    "NAV",
    "OL",
    "P",
    "PRE",
    "SECTION",
    "SPAN",
    "STRONG",
    "SUMMARY",
    "TEXTAREA",
    "TIME",
    "UL",
];

/// The attributes they carry that matter to a read-only preview, besides `aria-*` and
/// `data-*`; none of them runs or loads anything (`href` is checked on its own).
pub const ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "href",
    "lang",
    "title",
    "datetime",
    "role",
    "tabindex",
    "hidden",
    "disabled",
    "type",
    "value",
    "placeholder",
    "rows",
    "rel",
    "target",
    "start",
    "for",
];

/// The attributes they carry that do nothing in a preview whose fields take no typing and
/// whose forms are not sent (fields' names, autofill hints): the loader drops them, which saves
/// it their bytes. (A label's `for` stays: it names its field for screen readers.)
pub const INERT_ATTRIBUTES: &[&str] = &["name", "autocomplete", "selected"];

/// Whether the loader keeps an element named `name` (as the DOM names it).
pub fn keeps_element(name: &str) -> bool {
    ELEMENTS.contains(&name)
}

/// Whether the loader keeps an attribute named `name`.
pub fn keeps_attribute(name: &str) -> bool {
    ATTRIBUTES.contains(&name)
        || ["aria-", "data-"].iter().any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        })
}

/// The two lists as the loader's JavaScript regular expressions, anchored at both ends.
pub fn patterns() -> (String, String) {
    (format!("/^({})$/", ELEMENTS.join("|")), format!("/^({}|(aria|data)-[a-z-]+)$/", ATTRIBUTES.join("|")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaders_patterns_say_what_the_lists_say() {
        let (elements, attributes) = patterns();
        assert!(elements.starts_with("/^(A|ARTICLE|") && elements.ends_with("|UL)$/"));
        assert!(attributes.ends_with("|start|for|(aria|data)-[a-z-]+)$/"));
        assert!(keeps_attribute("aria-label") && keeps_attribute("data-theme") && keeps_attribute("href"));
        assert!(!keeps_attribute("onclick") && !keeps_attribute("data-") && !keeps_attribute("style"));
        assert!(keeps_element("BLOCKQUOTE") && !keeps_element("SCRIPT") && !keeps_element("IMG"));
    }
}
