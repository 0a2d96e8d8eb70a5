//! Text to [`Document`]: quote-with-source blocks first, CommonMark inside them.

use crate::cmark::{MAX_BLOCK_DEPTH, parse_into};
use crate::{Block, Document, QuoteSource};

/// Quotes nest at most this deep, `[quote]` blocks and `>` quotes together; further quote
/// tags stay text. Bounds the tree's depth (and every renderer's recursion) whatever the input.
pub const MAX_QUOTE_DEPTH: usize = MAX_BLOCK_DEPTH;

/// Parses a comment body. Never fails: every input is some document, and the work is linear
/// in the input's length.
///
/// `[quote=ID author="NAME"]` and `[/quote]` stand on lines of their own (so they can never be
/// confused with text that mentions them); inside fenced code blocks they are text. An
/// unclosed quote ends with the body. `author=""` names nobody: the quoted comment's author
/// deleted their account, and readers see it signed "deleted account".
pub fn parse(source: &str) -> Document {
    let mut stack = vec![Frame { source: None, blocks: Vec::new(), pending: String::new() }];
    let mut fence: Option<(char, usize)> = None;
    for line in source.split_inclusive('\n') {
        let depth = stack.len();
        let Some(top) = stack.last_mut() else { break };
        if let Some(open) = fence {
            top.pending.push_str(line);
            if closes_fence(line, open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
            top.pending.push_str(line);
            continue;
        }
        let trimmed = line.trim();
        match quote_tag(trimmed) {
            Some(Tag::Open(source)) if depth <= MAX_QUOTE_DEPTH => {
                top.flush(depth - 1);
                stack.push(Frame { source, blocks: Vec::new(), pending: String::new() });
            }
            Some(Tag::Close) if depth > 1 => close(&mut stack),
            _ => top.pending.push_str(line),
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let mut root = stack.pop().unwrap_or(Frame { source: None, blocks: Vec::new(), pending: String::new() });
    root.flush(0);
    Document { blocks: root.blocks }
}

struct Frame {
    source: Option<QuoteSource>,
    blocks: Vec<Block>,
    pending: String,
}

impl Frame {
    /// Parses the CommonMark collected so far into blocks.
    fn flush(&mut self, depth: usize) {
        if !self.pending.trim().is_empty() {
            parse_into(&self.pending, depth, &mut self.blocks);
        }
        self.pending.clear();
    }
}

fn close(stack: &mut Vec<Frame>) {
    let depth = stack.len() - 1;
    let Some(mut frame) = stack.pop() else { return };
    frame.flush(depth);
    if let Some(parent) = stack.last_mut() {
        parent.flush(depth - 1);
        parent.blocks.push(Block::Quote { source: frame.source, children: frame.blocks });
    }
}

pub(crate) enum Tag {
    Open(Option<QuoteSource>),
    Close,
}

/// `[quote]`, `[quote=123 author="Martin"]` or `[/quote]`, any case.
pub(crate) fn quote_tag(line: &str) -> Option<Tag> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    if inner.eq_ignore_ascii_case("/quote") {
        return Some(Tag::Close);
    }
    if inner.eq_ignore_ascii_case("quote") {
        return Some(Tag::Open(None));
    }
    let head = inner.get(..6)?;
    if !head.eq_ignore_ascii_case("quote=") {
        return None;
    }
    let (id, rest) = inner[6..].split_once(char::is_whitespace)?;
    let comment: i64 = id.parse().ok().filter(|id| *id > 0)?;
    let author = rest.trim().strip_prefix("author=\"")?.strip_suffix('"')?;
    if author.contains('"') {
        return None;
    }
    Some(Tag::Open(Some(QuoteSource { comment, author: author.to_owned() })))
}

/// A fence opening line: up to three spaces, then three or more backticks or tildes.
pub(crate) fn opens_fence(line: &str) -> Option<(char, usize)> {
    let indented = line.trim_start_matches(' ');
    if line.len() - indented.len() > 3 {
        return None;
    }
    let marker = indented.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = indented.chars().take_while(|c| *c == marker).count();
    // A backtick fence's info string may not contain backticks.
    let info_ok = marker == '~' || !indented[run..].contains('`');
    (run >= 3 && info_ok).then_some((marker, run))
}

pub(crate) fn closes_fence(line: &str, (marker, run): (char, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.chars().count() >= run && trimmed.chars().all(|c| c == marker)
}

#[cfg(test)]
mod tests;
