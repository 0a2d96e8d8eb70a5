//! The HTML renderer, for feeds, emails and the `<noscript>` fallback: every piece of user text
//! is escaped, and only vetted `http(s)` URLs reach an attribute.

use crate::{Block, Document, Inline, link_label, safe_href};

/// Renders a document as HTML. Safe to embed anywhere HTML is expected.
pub fn to_html(document: &Document) -> String {
    let mut out = String::new();
    blocks(&document.blocks, &mut out);
    out
}

fn blocks(list: &[Block], out: &mut String) {
    for block in list {
        match block {
            Block::Paragraph(inlines) => {
                out.push_str("<p>");
                for inline in inlines {
                    match inline {
                        Inline::Text { text } => escape(text, out),
                        Inline::LineBreak => out.push_str("<br>"),
                        Inline::Link { url } => match safe_href(url) {
                            Some(href) => {
                                out.push_str("<a href=\"");
                                escape(href, out);
                                out.push_str("\" rel=\"nofollow ugc noopener\">");
                                escape(&link_label(href), out);
                                out.push_str("</a>");
                            }
                            None => escape(url, out),
                        },
                    }
                }
                out.push_str("</p>");
            }
            Block::Quote(inner) => {
                out.push_str("<blockquote>");
                blocks(inner, out);
                out.push_str("</blockquote>");
            }
        }
    }
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse;

    use super::*;

    #[test]
    fn renders_blocks() {
        let html = to_html(&parse("> zitat\n\nhallo\nwelt https://example.org/?a=1&b=2"));
        assert_eq!(
            html,
            "<blockquote><p>zitat</p></blockquote><p>hallo<br>welt <a href=\"https://example.org/?a=1&amp;b=2\" \
             rel=\"nofollow ugc noopener\">example.org/?a=1&amp;b=2</a></p>"
        );
    }

    #[test]
    fn escapes_markup_and_attribute_breakouts() {
        let html = to_html(&parse("<img src=x onerror=alert(1)> https://x.example/\"onmouseover=alert(1)"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img"));
        assert!(html.contains("https://x.example/&quot;onmouseover=alert(1)"));
    }

    #[test]
    fn a_tree_from_elsewhere_cannot_smuggle_a_script_url() {
        let document =
            Document { blocks: vec![Block::Paragraph(vec![Inline::Link { url: "javascript:alert(1)".into() }])] };
        assert_eq!(to_html(&document), "<p>javascript:alert(1)</p>");
    }
}
