//! Text to [`Document`], in one pass over the lines.

use crate::links::split_links;
use crate::{Block, Document, Inline};

/// Quotes nest at most this deep; further `>` markers stay in the text. This bounds the tree's
/// depth (and every renderer's recursion) whatever the input.
pub const MAX_QUOTE_DEPTH: usize = 8;

/// Parses a comment body. Never fails: every input is some document, and the work is linear
/// in the input's length.
pub fn parse(source: &str) -> Document {
    let mut builder = Builder::default();
    for line in source.lines() {
        let (depth, content) = quote_depth(line);
        builder.line(depth, content.trim_end());
    }
    builder.finish()
}

/// Counts the leading `>` markers of a line (each may be followed by one space) up to
/// [`MAX_QUOTE_DEPTH`], and returns the rest of the line.
fn quote_depth(line: &str) -> (usize, &str) {
    let mut rest = line;
    let mut depth = 0;
    while depth < MAX_QUOTE_DEPTH {
        let indented = rest.trim_start_matches(' ');
        // Four spaces would be an indented code block in CommonMark, never a quote marker.
        if rest.len() - indented.len() > 3 {
            break;
        }
        let Some(after) = indented.strip_prefix('>') else { break };
        rest = after.strip_prefix(' ').unwrap_or(after);
        depth += 1;
    }
    (depth, rest)
}

/// The open blocks while parsing: `levels[0]` is the document, `levels[d]` the quote at depth d.
#[derive(Default)]
struct Builder {
    levels: Vec<Vec<Block>>,
    paragraph: Vec<Inline>,
}

impl Builder {
    fn depth(&self) -> usize {
        self.levels.len().saturating_sub(1)
    }

    fn line(&mut self, depth: usize, content: &str) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        if content.trim().is_empty() {
            // A blank line ends the paragraph; a blank line outside any quote ends the quotes.
            self.close_paragraph();
            self.close_quotes_to(depth);
            return;
        }
        if depth != self.depth() {
            self.close_paragraph();
            self.close_quotes_to(depth);
            while self.depth() < depth {
                self.levels.push(Vec::new());
            }
        } else if !self.paragraph.is_empty() {
            self.paragraph.push(Inline::LineBreak);
        }
        split_links(content, &mut self.paragraph);
    }

    fn close_paragraph(&mut self) {
        if self.paragraph.is_empty() {
            return;
        }
        let paragraph = Block::Paragraph(std::mem::take(&mut self.paragraph));
        if let Some(level) = self.levels.last_mut() {
            level.push(paragraph);
        }
    }

    fn close_quotes_to(&mut self, depth: usize) {
        while self.depth() > depth {
            let Some(inner) = self.levels.pop() else { return };
            if inner.is_empty() {
                continue;
            }
            if let Some(parent) = self.levels.last_mut() {
                parent.push(Block::Quote(inner));
            }
        }
    }

    fn finish(mut self) -> Document {
        self.close_paragraph();
        self.close_quotes_to(0);
        Document { blocks: self.levels.pop().unwrap_or_default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph(inlines)
    }

    #[test]
    fn empty_and_blank_input_is_an_empty_document() {
        assert_eq!(parse(""), Document::default());
        assert_eq!(parse("\n \n\t\n"), Document::default());
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_single_breaks_stay() {
        let doc = parse("Erste Zeile\nzweite Zeile\n\nNeuer Absatz");
        assert_eq!(
            doc.blocks,
            vec![
                para(vec![text("Erste Zeile"), Inline::LineBreak, text("zweite Zeile")]),
                para(vec![text("Neuer Absatz")]),
            ]
        );
    }

    #[test]
    fn windows_line_endings_are_line_breaks() {
        assert_eq!(parse("a\r\nb").blocks, vec![para(vec![text("a"), Inline::LineBreak, text("b")])]);
    }

    #[test]
    fn quote_lines_form_a_quote_then_the_reply_follows() {
        let doc = parse("> Das stimmt nicht.\n> Zweite Zeile\nAntwort darauf");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Quote(vec![para(vec![text("Das stimmt nicht."), Inline::LineBreak, text("Zweite Zeile")])]),
                para(vec![text("Antwort darauf")]),
            ]
        );
    }

    #[test]
    fn nested_quotes_and_paragraphs_inside_quotes() {
        let doc = parse("> > innen\n> aussen\n>\n> zweiter Absatz\n\nich");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Quote(vec![
                    Block::Quote(vec![para(vec![text("innen")])]),
                    para(vec![text("aussen")]),
                    para(vec![text("zweiter Absatz")]),
                ]),
                para(vec![text("ich")]),
            ]
        );
    }

    #[test]
    fn markers_without_space_and_with_indent_count() {
        assert_eq!(parse(">a").blocks, vec![Block::Quote(vec![para(vec![text("a")])])]);
        assert_eq!(parse("   > a").blocks, vec![Block::Quote(vec![para(vec![text("a")])])]);
        assert_eq!(parse("    > a").blocks, vec![para(vec![text("    > a")])]);
    }

    #[test]
    fn a_blank_line_ends_a_quote() {
        let doc = parse("> zitat\n\n> neues zitat");
        assert_eq!(
            doc.blocks,
            vec![Block::Quote(vec![para(vec![text("zitat")])]), Block::Quote(vec![para(vec![text("neues zitat")])])]
        );
    }

    #[test]
    fn nesting_stops_at_the_limit_and_keeps_the_rest_as_text() {
        let line = ">".repeat(MAX_QUOTE_DEPTH + 3) + " tief";
        let doc = parse(&line);
        let mut block = &doc.blocks[0];
        for _ in 1..MAX_QUOTE_DEPTH {
            let Block::Quote(inner) = block else { panic!("expected a quote: {block:?}") };
            block = &inner[0];
        }
        let Block::Quote(innermost) = block else { panic!("expected a quote") };
        assert_eq!(innermost, &vec![para(vec![text(">>> tief")])]);
    }

    #[test]
    fn pathological_nesting_parses_without_overflowing_the_stack() {
        let doc = parse(&">".repeat(100_000));
        assert_eq!(doc.blocks.len(), 1);
        let doc = parse(&"> x\n".repeat(50_000));
        assert_eq!(doc.blocks.len(), 1);
    }

    #[test]
    fn links_in_paragraphs_and_quotes() {
        let doc = parse("> siehe https://example.org/x\nhttps://example.com");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Quote(vec![para(vec![text("siehe "), Inline::Link { url: "https://example.org/x".into() }])]),
                para(vec![Inline::Link { url: "https://example.com".into() }]),
            ]
        );
    }

    #[test]
    fn html_is_just_text() {
        let doc = parse("<script>alert(1)</script>");
        assert_eq!(doc.blocks, vec![para(vec![text("<script>alert(1)</script>")])]);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(parse("> zitat\n\nantwort\nzeile").plain_text(), "zitat\n\nantwort\nzeile");
    }
}
