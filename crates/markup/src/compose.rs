//! Writing markup rather than reading it: the snippets the reply editor inserts when a reader
//! quotes a comment or answers its author. They live beside the parser so that what they
//! write is exactly what [`crate::parse`] reads back.

use crate::parse::{Tag, closes_fence, opens_fence, quote_tag};

/// `@name` as the parser reads it back as a mention of `name`: bare when the name is made of
/// letters, digits, `_`, `-` and `.` and does not end in `.` or `-` (which would belong to the
/// sentence); in double quotes otherwise (`@"Frau Holle"`).
pub fn mention(name: &str) -> String {
    let bare = name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.ends_with(['.', '-'])
        && !name.is_empty();
    if bare { format!("@{name}") } else { format!("@\"{name}\"") }
}

/// A quote-with-source block of `text`, written by `author` in comment `comment`, on lines of
/// its own and ending with a line break, ready to be inserted at the start of a line.
///
/// Lines of `text` that would read as quote tags are escaped with a backslash, which keeps
/// them text and shows them as written; a code fence
/// that `text` leaves open is closed, so it cannot swallow the closing tag.
pub fn quote_block(comment: i64, author: &str, text: &str) -> String {
    let mut out = format!("[quote={comment} author=\"{author}\"]\n");
    let mut fence = None;
    for line in text.trim_matches('\n').lines() {
        match fence {
            Some(open) if closes_fence(line, open) => fence = None,
            Some(_) => {}
            None => fence = opens_fence(line),
        }
        // A backslash keeps a tag-like line text; CommonMark shows `\[` as `[`.
        if fence.is_none() && quote_tag(line.trim()).is_some() {
            out.push('\\');
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some((marker, run)) = fence {
        out.extend(std::iter::repeat_n(marker, run));
        out.push('\n');
    }
    out.push_str("[/quote]\n");
    out
}

/// `source` in its own words: without the quotes of other comments it carries (quote-with-source
/// blocks), as the reader quotes a whole comment. Quoting the quotes too would nest them one
/// level deeper each time, and they are not this author's words: [`crate::quote_occurs_in`]
/// leaves them out the same way. Quotes without source stay. Runs of blank lines left behind
/// become one.
pub fn own_words(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    // One entry per open quote tag: whether it names a source.
    let mut open_tags: Vec<bool> = Vec::new();
    let mut fence = None;
    let mut blank_run = true;
    for line in source.lines() {
        let inside_sourced = open_tags.contains(&true);
        if let Some(open) = fence {
            if !inside_sourced {
                push_line(&mut out, line, &mut blank_run);
            }
            if closes_fence(line, open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
        } else {
            let skip = match quote_tag(line.trim()) {
                Some(Tag::Open(source)) => {
                    open_tags.push(source.is_some());
                    source.is_some()
                }
                // The closing tag of a sourced quote, or any tag inside one, goes with it.
                Some(Tag::Close) => open_tags.pop() == Some(true) || open_tags.contains(&true),
                None => false,
            };
            if skip {
                continue;
            }
        }
        if !inside_sourced {
            push_line(&mut out, line, &mut blank_run);
        }
    }
    out.trim().to_owned()
}

/// `body` with the comment each quote-with-source tag names replaced by `renumbered(id)`: an
/// import stores comments under new ids, and the quotes in their bodies must name the new ones.
/// Tags inside code blocks are code, and stay as written; so does every other line.
pub fn renumber_quotes(body: &str, mut renumbered: impl FnMut(i64) -> i64) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence = None;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if let Some(open) = fence {
            if closes_fence(text, open) {
                fence = None;
            }
        } else if let Some(open) = opens_fence(text) {
            fence = Some(open);
        } else if let Some(Tag::Open(Some(source))) = quote_tag(text.trim()) {
            let indent = &text[..text.len() - text.trim_start().len()];
            out.push_str(&format!(
                "{indent}[quote={} author=\"{}\"]{}",
                renumbered(source.comment),
                source.author,
                &line[text.len()..]
            ));
            continue;
        }
        out.push_str(line);
    }
    out
}

fn push_line(out: &mut String, line: &str, blank_run: &mut bool) {
    let blank = line.trim().is_empty();
    if blank && *blank_run {
        return;
    }
    *blank_run = blank;
    out.push_str(line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, parse, quote_occurs_in};

    #[test]
    fn mentions_read_back_as_the_same_name() {
        for name in ["Martin", "nordlicht_83", "T-800", "Frau Holle", "Dr. Datei", "Ende.", "Jörg", "a\"b"] {
            let written = mention(name);
            let parsed = parse(&format!("{written} schreibt"));
            if name.contains('"') {
                // No form can carry a double quote; such names cannot be registered either.
                continue;
            }
            assert_eq!(parsed.mentions(), [name], "{written}");
        }
        assert_eq!(mention("Martin"), "@Martin");
        assert_eq!(mention("Frau Holle"), "@\"Frau Holle\"");
        assert_eq!(mention("Ende."), "@\"Ende.\"");
    }

    #[test]
    fn renumbering_changes_the_ids_of_quote_tags_only() {
        let body = "[quote=7 author=\"Frau Holle\"]\n[quote=3 author=\"Martin\"]\nalt\n[/quote]\nneu\n[/quote]\n\
                    [quote=7] steht im Text\n```\n[quote=7 author=\"Code\"]\n```\nEnde";
        let renumbered = renumber_quotes(body, |id| id * 100);
        assert_eq!(
            renumbered,
            "[quote=700 author=\"Frau Holle\"]\n[quote=300 author=\"Martin\"]\nalt\n[/quote]\nneu\n[/quote]\n\
             [quote=7] steht im Text\n```\n[quote=7 author=\"Code\"]\n```\nEnde"
        );
        let sources: Vec<i64> = parse(&renumbered).quotes().iter().map(|quote| quote.source.comment).collect();
        assert_eq!(sources, [700, 300]);
        assert_eq!(renumber_quotes("ohne Zitat\r\n", |id| id + 1), "ohne Zitat\r\n");
    }

    #[test]
    fn a_quote_block_reads_back_with_its_source_and_text() {
        let block = quote_block(7, "Frau Holle", "Erste Zeile\n\n**Zweite** Zeile");
        assert_eq!(block, "[quote=7 author=\"Frau Holle\"]\nErste Zeile\n\n**Zweite** Zeile\n[/quote]\n");
        let quotes = parse(&format!("{block}Antwort")).quotes();
        assert_eq!((quotes[0].source.comment, quotes[0].source.author.as_str()), (7, "Frau Holle"));
        assert!(quote_occurs_in(&quotes[0].text, &parse("Erste Zeile\n\n**Zweite** Zeile")));
    }

    #[test]
    fn tag_lines_and_open_fences_in_the_text_cannot_break_the_block() {
        let block = quote_block(3, "A", "vorher\n[/quote]\n```\ncode ohne Ende");
        let document = parse(&format!("{block}danach"));
        let [Block::Quote { source: Some(_), .. }, Block::Paragraph { .. }] = document.blocks.as_slice() else {
            panic!("the reply must follow the quote: {document:?}");
        };
        assert!(block.contains("\n\\[/quote]\n"));
        // Inside the fence the tag line is code, and stays as written.
        let fenced = quote_block(3, "A", "```\n[/quote]\n```");
        assert!(fenced.contains("\n[/quote]\n```\n[/quote]\n"));
    }

    #[test]
    fn whole_comments_are_quoted_in_their_own_words() {
        let source = "[quote=1 author=\"A\"]\nalt\n[quote=2 author=\"B\"]\nälter\n[/quote]\n[/quote]\n\nMeine Meinung.\n\n> ohne Quelle\n> zweite Zeile\n\nUnd **mehr**.";
        assert_eq!(own_words(source), "Meine Meinung.\n\n> ohne Quelle\n> zweite Zeile\n\nUnd **mehr**.");
        // Tags inside code are code, and quotes without source are the author's own choice.
        let code = "Schau:\n```\n[quote=1 author=\"A\"]\n```\n[quote]\nZitat\n[/quote]";
        assert_eq!(own_words(code), code);
        // What is left is what the source said in its own words, so the quote checks out.
        let own = own_words(source);
        assert!(quote_occurs_in(&parse(&quote_block(9, "C", &own)).quotes()[0].text, &parse(source)));
    }
}
