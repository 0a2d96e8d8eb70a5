//! The HTML renderer, for feeds, emails and a `<noscript>` fallback: every piece of user text
//! is escaped, and only URLs that [`link`] makes links of reach an attribute, in the form the
//! `url` crate serialized them.

use crate::{Block, Document, Inline, link};

/// How [`to_html_with`] words and links the attribution of a quote with source.
pub struct HtmlOptions<'a> {
    /// Put before `/c/{id}` in links to quoted comments: empty on the same site, the site's
    /// origin in feeds and emails.
    pub comment_base: &'a str,
    /// The attribution line for an author, in the reader's language ("Martin schrieb:").
    pub wrote: &'a dyn Fn(&str) -> String,
}

impl Default for HtmlOptions<'_> {
    fn default() -> Self {
        Self { comment_base: "", wrote: &|author| format!("{author}:") }
    }
}

/// Renders a document as HTML with [`HtmlOptions::default`]. Safe to embed anywhere HTML is
/// expected.
pub fn to_html(document: &Document) -> String {
    to_html_with(document, &HtmlOptions::default())
}

/// Renders a document as HTML: user text is escaped, links pass [`link`] and show the host
/// they open after their text, and a quote's attribution links to the quoted comment.
pub fn to_html_with(document: &Document, options: &HtmlOptions<'_>) -> String {
    let mut out = String::new();
    blocks(&document.blocks, options, &mut out);
    out
}

fn blocks(list: &[Block], options: &HtmlOptions<'_>, out: &mut String) {
    for block in list {
        match block {
            Block::Paragraph { children } => {
                out.push_str("<p>");
                inlines(children, out);
                out.push_str("</p>");
            }
            Block::Quote { source, children } => {
                out.push_str("<blockquote>");
                if let Some(source) = source {
                    out.push_str("<p><cite><a href=\"");
                    escape(options.comment_base, out);
                    // The id is a number: nothing of the author's reaches the attribute.
                    out.push_str(&format!("/c/{}\">", source.comment));
                    escape(&(options.wrote)(&source.author), out);
                    out.push_str("</a></cite></p>");
                }
                blocks(children, options, out);
                out.push_str("</blockquote>");
            }
            Block::Code { code, .. } => {
                out.push_str("<pre><code>");
                escape(code, out);
                out.push_str("</code></pre>");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>"),
                    Some(start) => out.push_str(&format!("<ol start=\"{start}\">")),
                    None => out.push_str("<ul>"),
                }
                for item in items {
                    out.push_str("<li>");
                    blocks(item, options, out);
                    out.push_str("</li>");
                }
                out.push_str(if start.is_some() { "</ol>" } else { "</ul>" });
            }
            Block::Rule => out.push_str("<hr>"),
        }
    }
}

fn inlines(list: &[Inline], out: &mut String) {
    for inline in list {
        match inline {
            Inline::Text { text } => escape(text, out),
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Code { code } => {
                out.push_str("<code>");
                escape(code, out);
                out.push_str("</code>");
            }
            Inline::Emphasis { children } => wrap("em", children, out),
            Inline::Strong { children } => wrap("strong", children, out),
            Inline::Strikethrough { children } => wrap("del", children, out),
            Inline::Mention { name } => {
                out.push_str("<strong>@");
                escape(name, out);
                out.push_str("</strong>");
            }
            Inline::Link { url, children } => match link(url) {
                Some(link) => {
                    out.push_str("<a href=\"");
                    escape(&link.href, out);
                    out.push_str("\" rel=\"nofollow ugc noopener\">");
                    if children.is_empty() {
                        escape(&link.label(), out);
                        out.push_str("</a>");
                    } else {
                        inlines(children, out);
                        out.push_str("</a>");
                        // Link text may claim anything; the host beside it says where it goes.
                        if let Some(host) = &link.host {
                            out.push_str(" (");
                            escape(host, out);
                            out.push(')');
                        }
                    }
                }
                None if children.is_empty() => escape(url, out),
                None => inlines(children, out),
            },
        }
    }
}

fn wrap(tag: &str, children: &[Inline], out: &mut String) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    inlines(children, out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// `text` with `& < > " '` escaped, safe as HTML text and inside a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, &mut out);
    out
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
    use super::*;
    use crate::parse;

    #[test]
    fn renders_every_construct() {
        let html = to_html(&parse(
            "[quote=3 author=\"Frau <Holle>\"]\nzitat\n[/quote]\n\n*a* **b** ~~c~~ `d` @Martin\nx https://example.org/?a=1&b=2\n\n2. zwei\n\n```\n<code>\n```\n\n---",
        ));
        assert_eq!(
            html,
            "<blockquote><p><cite><a href=\"/c/3\">Frau &lt;Holle&gt;:</a></cite></p><p>zitat</p></blockquote>\
             <p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code> <strong>@Martin</strong><br>x \
             <a href=\"https://example.org/?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">example.org/?a=1&amp;b=2</a></p>\
             <ol start=\"2\"><li><p>zwei</p></li></ol><pre><code>&lt;code&gt;\n</code></pre><hr>"
        );
    }

    #[test]
    fn attributions_follow_the_options_and_links_show_their_host() {
        let wrote = |author: &str| format!("{author} schrieb:");
        let options = HtmlOptions { comment_base: "https://forum.example", wrote: &wrote };
        let html = to_html_with(
            &parse("[quote=12 author=\"Martin\"]\nja\n[/quote]\n\n[Doku](https://docs.example.org/x)"),
            &options,
        );
        assert_eq!(
            html,
            "<blockquote><p><cite><a href=\"https://forum.example/c/12\">Martin schrieb:</a></cite></p><p>ja</p></blockquote>\
             <p><a href=\"https://docs.example.org/x\" rel=\"nofollow ugc noopener\">Doku</a> (docs.example.org)</p>"
        );
    }

    #[test]
    fn links_name_the_host_the_browser_opens_and_carry_the_parsed_address() {
        // `\\` in a link destination is one backslash; `%40` in a host is no address at all.
        let html = to_html(&parse(
            "[bank](HTTPS://evil.example) [bank](https://evil.example\\\\@bank.example) [bank](https://bank.example%40evil.example) https://bank.example@www.evil.example/x",
        ));
        assert_eq!(
            html,
            "<p><a href=\"https://evil.example/\" rel=\"nofollow ugc noopener\">bank</a> (evil.example) \
             <a href=\"https://evil.example/@bank.example\" rel=\"nofollow ugc noopener\">bank</a> (evil.example) \
             bank \
             <a href=\"https://bank.example@www.evil.example/x\" rel=\"nofollow ugc noopener\">evil.example/x</a></p>"
        );
    }

    #[test]
    fn escapes_markup_and_refuses_script_urls() {
        let html = to_html(&parse("<img src=x onerror=alert(1)> [klick](javascript:alert(1)) https://x.example/\"a"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("javascript:alert(1)\""));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains(">klick<") || html.contains(" klick "));
    }

    #[test]
    fn a_tree_from_elsewhere_cannot_smuggle_a_script_url() {
        let document = Document {
            blocks: vec![Block::Paragraph {
                children: vec![Inline::Link { url: "javascript:alert(1)".into(), children: vec![] }],
            }],
        };
        assert_eq!(to_html(&document), "<p>javascript:alert(1)</p>");
    }
}
