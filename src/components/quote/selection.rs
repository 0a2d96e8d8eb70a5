//! The reader's text selection inside a comment, as a quote with its source.

use leptos::prelude::window;
use schrieb_api::CommentId;

use super::Authors;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// Rendered parts of a comment that are not its words: a link's host, the hint that a link
/// opens a new tab, a quote's attribution, status and toggle. A quote leaves them out.
const NOT_WORDS: &str =
    ".markup__link-host, .visually-hidden, .markup__quote-source, .markup__quote-status, .markup__quote-toggle";

/// Words selected in one comment, ready to quote.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedQuote {
    /// The comment whose words they are: the comment selected in, or the comment it quotes
    /// when the selection lies within one of its quotes.
    pub source: CommentId,
    /// That comment's author.
    pub author: String,
    /// The comment (list item) the selection is in.
    pub shown_in: CommentId,
    /// The selected words, paragraphs kept apart by blank lines.
    pub text: String,
    /// Where the selection ends on the page (document coordinates), for the popover.
    pub bottom: f64,
    /// Where it starts horizontally (document coordinates).
    pub left: f64,
}

/// The current selection, if it lies within one comment's body and holds some words; `authors`
/// names whose words they are.
pub fn selected_quote(authors: Authors) -> Option<SelectedQuote> {
    let selection = window().get_selection().ok().flatten()?;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?.clone_range();
    let start = element_of(&range.start_container().ok()?)?;
    let body = start.closest(".comment__body").ok()??;
    // A triple click selects a paragraph up to the start of whatever follows, which may lie
    // outside the comment: what counts is the part inside it.
    let end = range.end_container().ok()?;
    if !body.contains(Some(&end)) {
        range.set_end(&body, body.child_nodes().length()).ok()?;
    }
    let ancestor = element_of(&range.common_ancestor_container().ok()?)?;
    let item = body.closest("li.comment").ok()??;
    let shown_in = item.id().strip_prefix('c')?.parse().ok().map(CommentId)?;
    // Inside a quote with source, the words are the quoted comment's.
    let quote = ancestor.closest("blockquote[data-source]").ok().flatten().filter(|quote| body.contains(Some(quote)));
    let in_quote = quote.is_some();
    let source = match quote {
        Some(quote) => quote.get_attribute("data-source")?.parse().ok().map(CommentId)?,
        None => shown_in,
    };
    let author = authors.of(source)?;
    let fragment = range.clone_contents().ok()?;
    remove_all(&fragment, NOT_WORDS);
    // Quotes of other comments inside a selection are not this author's words either.
    if !in_quote {
        remove_all(&fragment, "blockquote[data-source]");
    }
    let mut text = String::new();
    collect_text(&fragment, &mut text);
    let text = tidy(&text);
    if text.is_empty() {
        return None;
    }
    let rect = range.get_bounding_client_rect();
    let (scroll_x, scroll_y) = (window().scroll_x().unwrap_or(0.0), window().scroll_y().unwrap_or(0.0));
    Some(SelectedQuote {
        source,
        author,
        shown_in,
        text,
        bottom: rect.bottom() + scroll_y,
        left: rect.left() + scroll_x,
    })
}

/// Removes the reader's selection (after it was quoted).
pub fn clear_selection() {
    if let Ok(Some(selection)) = window().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}

/// Takes every element matching `selector` out of `fragment`.
fn remove_all(fragment: &web_sys::DocumentFragment, selector: &str) {
    let Ok(found) = fragment.query_selector_all(selector) else { return };
    for index in 0..found.length() {
        if let Some(node) = found.item(index)
            && let Some(parent) = node.parent_node()
        {
            let _ = parent.remove_child(&node);
        }
    }
}

fn element_of(node: &Node) -> Option<Element> {
    match node.dyn_ref::<Element>() {
        Some(element) => Some(element.clone()),
        None => node.parent_element(),
    }
}

/// The text of `node` as a reader sees its lines: blocks apart by blank lines, `<br>` a break.
fn collect_text(node: &Node, out: &mut String) {
    let children = node.child_nodes();
    for index in 0..children.length() {
        let Some(child) = children.item(index) else { continue };
        match child.node_type() {
            Node::TEXT_NODE => out.push_str(&child.text_content().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                let name = child.node_name().to_ascii_lowercase();
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                collect_text(&child, out);
                if matches!(name.as_str(), "p" | "li" | "pre" | "blockquote" | "div" | "ul" | "ol") {
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
}

/// Trims the text and keeps at most one blank line between blocks.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_lines += 1;
            if blank_lines > 1 {
                continue;
            }
        } else {
            blank_lines = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn blank_lines_between_blocks_collapse_to_one() {
        assert_eq!(tidy("\n eins\n\n\n\nzwei  \n\n"), "eins\n\nzwei");
    }
}
