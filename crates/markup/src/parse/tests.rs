use super::*;
use crate::Inline;

fn text(text: &str) -> Inline {
    Inline::Text { text: text.into() }
}

fn para(children: Vec<Inline>) -> Block {
    Block::Paragraph { children }
}

fn quote(children: Vec<Block>) -> Block {
    Block::Quote { source: None, children }
}

fn sourced(comment: i64, author: &str, children: Vec<Block>) -> Block {
    Block::Quote { source: Some(QuoteSource { comment, author: author.into() }), children }
}

#[test]
fn empty_and_blank_input_is_an_empty_document() {
    assert_eq!(parse(""), Document::default());
    assert_eq!(parse("\n \n\t\n"), Document::default());
}

#[test]
fn blank_lines_separate_paragraphs_and_single_newlines_are_breaks() {
    assert_eq!(
        parse("Erste Zeile\nzweite Zeile\n\nNeuer Absatz").blocks,
        vec![
            para(vec![text("Erste Zeile"), Inline::LineBreak, text("zweite Zeile")]),
            para(vec![text("Neuer Absatz")])
        ]
    );
}

#[test]
fn emphasis_strong_strikethrough_and_code() {
    assert_eq!(
        parse("*kursiv* **fett** ~~weg~~ `code`").blocks,
        vec![para(vec![
            Inline::Emphasis { children: vec![text("kursiv")] },
            text(" "),
            Inline::Strong { children: vec![text("fett")] },
            text(" "),
            Inline::Strikethrough { children: vec![text("weg")] },
            text(" "),
            Inline::Code { code: "code".into() },
        ])]
    );
}

#[test]
fn links_images_and_autolinks() {
    assert_eq!(
        parse("[Doku](https://example.org/doku) ![Bild](https://example.org/b.png) <https://example.com>").blocks,
        vec![para(vec![
            Inline::Link { url: "https://example.org/doku".into(), children: vec![text("Doku")] },
            text(" "),
            Inline::Link { url: "https://example.org/b.png".into(), children: vec![text("Bild")] },
            text(" "),
            Inline::Link { url: "https://example.com".into(), children: vec![text("https://example.com")] },
        ])]
    );
}

#[test]
fn bare_urls_and_mentions_are_whole_across_stray_delimiters() {
    let url = "https://de.wikipedia.org/wiki/Rust_(Programmiersprache)";
    assert_eq!(
        parse(&format!("siehe {url} und @a_*b")).blocks,
        vec![para(vec![
            text("siehe "),
            Inline::Link { url: url.into(), children: vec![] },
            text(" und "),
            Inline::Mention { name: "a_".into() },
            text("*b"),
        ])]
    );
}

#[test]
fn fenced_code_keeps_everything_literal() {
    let doc = parse("```rust\nlet x = *y*; // @Martin https://example.org\n[quote=1 author=\"A\"]\n```");
    assert_eq!(
        doc.blocks,
        vec![Block::Code {
            language: Some("rust".into()),
            code: "let x = *y*; // @Martin https://example.org\n[quote=1 author=\"A\"]\n".into()
        }]
    );
}

#[test]
fn lists_ordered_and_bulleted() {
    assert_eq!(
        parse("- eins\n- zwei\n\n3. drei\n4. vier").blocks,
        vec![
            Block::List { start: None, items: vec![vec![para(vec![text("eins")])], vec![para(vec![text("zwei")])]] },
            Block::List { start: Some(3), items: vec![vec![para(vec![text("drei")])], vec![para(vec![text("vier")])]] },
        ]
    );
}

#[test]
fn headings_and_html_become_text() {
    assert_eq!(
        parse("# Titel\n\n<script>alert(1)</script>\n\nText <b>fett</b>").blocks,
        vec![
            para(vec![text("Titel")]),
            para(vec![text("<script>alert(1)</script>")]),
            para(vec![text("Text <b>fett</b>")]),
        ]
    );
}

#[test]
fn plain_quotes_nest_and_the_reply_follows() {
    assert_eq!(
        parse("> > innen\n>\n> aussen\n\nich").blocks,
        vec![quote(vec![quote(vec![para(vec![text("innen")])]), para(vec![text("aussen")])]), para(vec![text("ich")])]
    );
}

#[test]
fn quotes_with_source_nest_and_hold_markup() {
    let doc = parse(
        "[quote=12 author=\"Martin\"]\n[quote=3 author=\"Frau Holle\"]\nAlt.\n[/quote]\nDas *stimmt*.\n[/quote]\nAntwort.",
    );
    assert_eq!(
        doc.blocks,
        vec![
            sourced(
                12,
                "Martin",
                vec![
                    sourced(3, "Frau Holle", vec![para(vec![text("Alt.")])]),
                    para(vec![text("Das "), Inline::Emphasis { children: vec![text("stimmt")] }, text(".")]),
                ]
            ),
            para(vec![text("Antwort.")]),
        ]
    );
}

#[test]
fn quote_tags_are_case_insensitive_and_may_be_plain() {
    assert_eq!(parse("[QUOTE]\nx\n[/Quote]").blocks, vec![quote(vec![para(vec![text("x")])])]);
}

#[test]
fn malformed_quote_tags_are_text() {
    for line in
        ["[quote=abc author=\"M\"]", "[quote=0 author=\"M\"]", "[quote=1]", "[quote=1 author=M]", "text [quote] inline"]
    {
        assert!(matches!(&parse(line).blocks[..], [Block::Paragraph { .. }]), "{line}");
    }
    assert_eq!(parse("[/quote]").blocks, vec![para(vec![text("[/quote]")])]);
}

#[test]
fn a_quote_may_name_nobody() {
    // The quoted comment's author deleted their account: the quote keeps its source.
    assert_eq!(
        parse("[quote=9 author=\"\"]\nfrüher\n[/quote]").blocks,
        vec![sourced(9, "", vec![para(vec![text("früher")])])]
    );
}

#[test]
fn unclosed_quotes_end_with_the_body() {
    assert_eq!(parse("[quote=5 author=\"A\"]\noffen").blocks, vec![sourced(5, "A", vec![para(vec![text("offen")])])]);
}

#[test]
fn nesting_stops_at_the_limit() {
    let deep = "[quote]\n".repeat(MAX_QUOTE_DEPTH + 5) + "tief";
    let doc = parse(&deep);
    let mut depth = 0;
    let mut blocks = &doc.blocks;
    while let [Block::Quote { children, .. }] = &blocks[..] {
        depth += 1;
        blocks = children;
    }
    assert_eq!(depth, MAX_QUOTE_DEPTH);
    assert_eq!(parse(&">".repeat(50)).blocks.len(), 1);
}

#[test]
fn pathological_input_parses() {
    assert_eq!(parse(&">".repeat(100_000)).blocks.len(), 1);
    assert!(!parse(&"*".repeat(100_000)).blocks.is_empty());
    assert!(!parse(&"[quote]\n".repeat(10_000)).blocks.is_empty());
    assert!(!parse(&"- ".repeat(10_000)).blocks.is_empty());
    assert!(!parse(&"[".repeat(10_000)).blocks.is_empty());
}

#[test]
fn mentions_in_text_but_not_in_links_or_code() {
    let doc = parse("@Martin und @\"Frau Holle\": [@Link](https://example.org) `@code`");
    assert_eq!(doc.mentions(), vec!["Martin".to_owned(), "Frau Holle".to_owned()]);
}

#[test]
fn quotes_report_their_source_and_own_text() {
    let doc = parse("[quote=7 author=\"A\"]\n[quote=3 author=\"B\"]\nalt\n[/quote]\nneu *hier*\n[/quote]");
    let quotes = doc.quotes();
    assert_eq!(quotes.len(), 2);
    assert_eq!((quotes[0].source.comment, quotes[0].text.as_str()), (7, "neu hier"));
    assert_eq!((quotes[1].source.comment, quotes[1].text.as_str()), (3, "alt"));
}

#[test]
fn quote_depth_counts_both_kinds_of_quote() {
    assert_eq!(parse("kein Zitat").quote_depth(), 0);
    assert_eq!(parse("> eins").quote_depth(), 1);
    assert_eq!(parse("[quote=1 author=\"A\"]\n> > drei\n[/quote]").quote_depth(), 3);
    assert_eq!(parse("- > in einer Liste").quote_depth(), 1);
}

#[test]
fn plain_text_and_link_count() {
    let doc = parse("> zitat\n\n**antwort** mit https://example.org und [x](https://example.com)");
    assert_eq!(doc.plain_text(), "zitat\n\nantwort mit https://example.org und x");
    assert_eq!(doc.link_count(), 2);
}

#[test]
fn windows_line_endings() {
    assert_eq!(parse("a\r\nb").blocks, vec![para(vec![text("a"), Inline::LineBreak, text("b")])]);
}

#[test]
fn own_links_leave_out_quoted_comments_and_repeats() {
    let doc = parse(
        "[quote=7 author=\"A\"]\nsiehe https://quoted.example\n[/quote]\n> https://plain-quote.example\n\n\
         *erst* https://one.example dann [zwei](https://two.example) und https://one.example\n\n- https://three.example\n\n```\nhttps://code.example\n```",
    );
    assert_eq!(
        doc.own_links(),
        ["https://plain-quote.example", "https://one.example", "https://two.example", "https://three.example"]
    );
}
