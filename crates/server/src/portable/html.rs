//! Comment bodies that other systems keep as HTML, made schrieb markup: paragraphs, line breaks,
//! links, emphasis, strike-through, code, quotes and lists carry over; every other element
//! gives its text, scripts and styles give nothing. The result is markup, never HTML: the
//! page renders it through the markup crate like every other comment, and characters that
//! markup would read as syntax are escaped so that the text shows as it was written.

use scraper::{ElementRef, Html, Node};

/// Elements whose content is not text a reader saw.
const DROPPED: [&str; 9] = ["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "head"];

/// Elements that begin a block of their own.
const BLOCKS: [&str; 16] =
    ["p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "section"];

/// `html` as schrieb markup.
pub fn to_markup(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut blocks = Vec::new();
    container(fragment.root_element(), &mut blocks);
    blocks.retain(|block| !block.trim().is_empty());
    blocks.join("\n\n")
}

/// Markdown as other systems keep it (Isso) as schrieb markup: rendered to HTML by
/// pulldown-cmark (raw HTML in it passes through, and is then read like any other HTML), then
/// read as HTML, so what it may carry is exactly what an HTML body may.
pub fn markdown_to_markup(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    to_markup(&html)
}

/// Plain text as schrieb markup (formats whose bodies are text): line breaks stay, and
/// characters markup would read as syntax are escaped.
pub fn text_to_markup(text: &str) -> String {
    text.replace("\r\n", "\n").split('\n').map(|line| escape_line(line.trim_end())).collect::<Vec<_>>().join("\n")
}

/// The blocks of `element`'s children: runs of inline content become paragraphs.
fn container(element: ElementRef<'_>, blocks: &mut Vec<String>) {
    let mut inline_run = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => push_text(&mut inline_run, text),
            Node::Element(tag) if DROPPED.contains(&tag.name()) => {}
            Node::Element(tag) if BLOCKS.contains(&tag.name()) => {
                flush(&mut inline_run, blocks);
                if let Some(child) = ElementRef::wrap(child) {
                    block(child, blocks);
                }
            }
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    inline(child, &mut inline_run);
                }
            }
            _ => {}
        }
    }
    flush(&mut inline_run, blocks);
}

fn flush(inline_run: &mut String, blocks: &mut Vec<String>) {
    let paragraph = tidy(inline_run);
    if !paragraph.is_empty() {
        blocks.push(paragraph);
    }
    inline_run.clear();
}

/// A block element's markup, pushed onto `blocks`.
fn block(element: ElementRef<'_>, blocks: &mut Vec<String>) {
    match element.value().name() {
        "blockquote" => {
            let mut inner = Vec::new();
            container(element, &mut inner);
            let text = inner.join("\n\n");
            if !text.trim().is_empty() {
                blocks.push(
                    text.lines()
                        .map(|line| if line.is_empty() { ">".to_owned() } else { format!("> {line}") })
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
        }
        "pre" => {
            let code: String = element.text().collect();
            let code = code.trim_matches('\n');
            if !code.trim().is_empty() {
                // A fence longer than any run of backticks inside.
                let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                blocks.push(format!("{fence}\n{code}\n{fence}"));
            }
        }
        list @ ("ul" | "ol") => {
            let mut items = Vec::new();
            for (index, item) in element.children().filter_map(ElementRef::wrap).enumerate() {
                let mut inner = Vec::new();
                container(item, &mut inner);
                let text = inner.join("\n\n");
                if text.trim().is_empty() {
                    continue;
                }
                let marker = if list == "ol" { format!("{}. ", index + 1) } else { "- ".to_owned() };
                let indent = " ".repeat(marker.len());
                let mut lines = text.lines();
                let mut item_text = format!("{marker}{}", lines.next().unwrap_or_default());
                for line in lines {
                    item_text.push('\n');
                    if !line.is_empty() {
                        item_text.push_str(&indent);
                        item_text.push_str(line);
                    }
                }
                items.push(item_text);
            }
            if !items.is_empty() {
                blocks.push(items.join("\n"));
            }
        }
        "hr" => blocks.push("---".to_owned()),
        _ => container(element, blocks),
    }
}

/// An inline element's markup, appended to `out`.
fn inline(element: ElementRef<'_>, out: &mut String) {
    let name = element.value().name();
    if name == "br" {
        out.push('\n');
        return;
    }
    if name == "img" {
        if let Some(src) = element.value().attr("src").and_then(safe_url) {
            let alt = element.value().attr("alt").map(str::trim).filter(|alt| !alt.is_empty()).unwrap_or("Bild");
            out.push_str(&format!("[{}]({src})", escape_inline(alt)));
        }
        return;
    }
    let mut inner = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => push_text(&mut inner, text),
            Node::Element(tag) if DROPPED.contains(&tag.name()) => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    inline(child, &mut inner);
                }
            }
            _ => {}
        }
    }
    let (lead, core, trail) = split_space(&inner);
    if core.is_empty() {
        out.push_str(&inner);
        return;
    }
    out.push_str(lead);
    match name {
        "a" => match element.value().attr("href").and_then(safe_url) {
            Some(href) if href == element.text().collect::<String>().trim() => out.push_str(&href),
            Some(href) => out.push_str(&format!("[{core}]({href})")),
            None => out.push_str(core),
        },
        "strong" | "b" => out.push_str(&format!("**{core}**")),
        "em" | "i" | "cite" => out.push_str(&format!("*{core}*")),
        "s" | "del" | "strike" => out.push_str(&format!("~~{core}~~")),
        "code" | "tt" | "kbd" => {
            let code: String = element.text().collect();
            let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let ticks = "`".repeat(longest + 1);
            let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
            out.push_str(&format!("{ticks}{pad}{}{pad}{ticks}", code.trim()));
        }
        _ => out.push_str(core),
    }
    out.push_str(trail);
}

/// `text` as HTML shows it (runs of white space one space), escaped, appended to `out`.
fn push_text(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        if is_dropped(c) {
            continue;
        }
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '~' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A paragraph's lines trimmed, and what would open a block at a line's start escaped.
fn tidy(paragraph: &str) -> String {
    paragraph
        .split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(escape_line_start)
        .collect::<Vec<_>>()
        .join("\n")
}

fn split_space(text: &str) -> (&str, &str, &str) {
    let core = text.trim();
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    (lead, core, trail)
}

/// A line of plain text escaped: inline syntax and what would open a block.
fn escape_line(line: &str) -> String {
    let mut escaped = String::new();
    for c in line.chars().filter(|c| !is_dropped(*c)) {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '~' | '|') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escape_line_start(&escaped)
}

fn escape_inline(text: &str) -> String {
    escape_line(text).replace('\n', " ")
}

/// `#`, `-`, `+`, `=` and `1.` at a line's start would make a heading, list or rule.
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = line[digits..].chars().next();
    if line.starts_with(['#', '-', '+', '=']) {
        format!("\\{line}")
    } else if digits > 0 && matches!(after_digits, Some('.' | ')')) {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        line.to_owned()
    }
}

/// Direction overrides and isolates: they make text read other than it is stored.
pub fn is_dropped(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `raw` when it is an address a link may have (http, https, mailto), made safe to stand
/// inside `(…)`.
fn safe_url(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "mailto") {
        return None;
    }
    Some(url.as_str().replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_emphasis_and_links_carry_over() {
        let html = "<p>Hallo <b>Welt</b>, das ist <em>wichtig</em>.<br>Zweite Zeile</p>\n<p>Siehe <a href=\"https://example.org/a\" rel=\"nofollow\">hier</a> und https://example.org/b</p>";
        assert_eq!(
            to_markup(html),
            "Hallo **Welt**, das ist *wichtig*.\nZweite Zeile\n\nSiehe [hier](https://example.org/a) und https://example.org/b"
        );
    }

    #[test]
    fn scripts_are_dropped_and_unsafe_links_become_text() {
        let html = "<p>a<script>alert(1)</script> <a href=\"javascript:alert(1)\">klick</a> <img src=x onerror=alert(1)></p><style>p{}</style>";
        let markup = to_markup(html);
        assert_eq!(markup, "a klick");
        let document = schrieb_markup::parse(&markup);
        assert_eq!(document.link_count(), 0);
    }

    #[test]
    fn markup_syntax_in_text_stays_text() {
        let html = "<p>*nicht fett* [quote=1 author=\"x\"] &lt;b&gt; _x_ `y`</p><p># keine Überschrift</p><p>1. keine Liste</p><p>@Martin bleibt Text</p>";
        let markup = to_markup(html);
        let document = schrieb_markup::parse(&markup);
        assert!(document.quotes().is_empty(), "{markup}");
        assert_eq!(
            document.plain_text(),
            "*nicht fett* [quote=1 author=\"x\"] <b> _x_ `y`\n\n# keine Überschrift\n\n1. keine Liste\n\n@Martin bleibt Text"
        );
    }

    #[test]
    fn quotes_lists_and_code_become_blocks() {
        let html = "<blockquote><p>zitiert</p><p>zwei</p></blockquote><ul><li>eins</li><li>zwei</li></ul><pre><code>let x = `a`;\nfn main() {}</code></pre><p>Ende <code>x*y</code></p>";
        assert_eq!(
            to_markup(html),
            "> zitiert\n>\n> zwei\n\n- eins\n- zwei\n\n```\nlet x = `a`;\nfn main() {}\n```\n\nEnde `x*y`"
        );
    }

    #[test]
    fn direction_overrides_are_dropped_and_other_scripts_kept() {
        let html = "<p>\u{202E}gnp.exe مرحبا Привет 你好</p>";
        assert_eq!(to_markup(html), "gnp.exe مرحبا Привет 你好");
    }

    #[test]
    fn markdown_keeps_its_emphasis_links_and_lists_and_loses_its_scripts() {
        let markdown = "Ein *Wort* und **mehr**, [Link](https://example.org) und `code`.\n\n- eins\n- zwei\n\n<script>alert(1)</script>";
        assert_eq!(
            markdown_to_markup(markdown),
            "Ein *Wort* und **mehr**, [Link](https://example.org/) und `code`.\n\n- eins\n- zwei"
        );
    }

    #[test]
    fn plain_text_keeps_its_lines_and_shows_as_written() {
        let text = "Zeile *eins*\r\n- zwei\n[quote=3]";
        let markup = text_to_markup(text);
        assert_eq!(schrieb_markup::parse(&markup).plain_text(), "Zeile *eins*\n- zwei\n[quote=3]");
    }
}
