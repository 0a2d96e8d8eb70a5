//! CommonMark (pulldown-cmark's events) to blocks, iteratively, with bounded nesting.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, TextMergeStream};

use crate::text::{push_text, split_text};
use crate::{Block, Inline};

/// Blocks (quotes and lists together) nest at most this deep; deeper ones are flattened into
/// their parent. Bounds every renderer's recursion whatever the input.
pub const MAX_BLOCK_DEPTH: usize = 8;
/// Inline markup (emphasis, links, ...) nests at most this deep.
const MAX_INLINE_DEPTH: usize = 8;

enum BlockFrame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List { start: Option<u64>, items: Vec<Vec<Block>> },
    Item(Vec<Block>),
}

enum InlineKind {
    Paragraph,
    Emphasis,
    Strong,
    Strikethrough,
    Link(String),
}

/// Parses `source` as CommonMark; the result is appended to `out`. `depth` is how deep in
/// quotes the text already stands.
pub(crate) fn parse_into(source: &str, depth: usize, out: &mut Vec<Block>) {
    let mut builder = Builder {
        blocks: vec![BlockFrame::Root(Vec::new())],
        inlines: Vec::new(),
        code: None,
        opened: Vec::new(),
        base_depth: depth,
    };
    // Merged, because pulldown-cmark splits text at delimiters that open nothing (the `_` in
    // `…/Rust_(Programmiersprache)`), and a bare URL or a mention must be found in one piece.
    for event in TextMergeStream::new(Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH)) {
        builder.event(event);
    }
    builder.close_paragraph();
    while builder.blocks.len() > 1 {
        builder.close_block();
    }
    if let Some(BlockFrame::Root(blocks)) = builder.blocks.pop() {
        out.extend(blocks);
    }
}

struct Builder {
    blocks: Vec<BlockFrame>,
    inlines: Vec<(InlineKind, Vec<Inline>)>,
    code: Option<(Option<String>, String)>,
    /// For every Start event: whether it opened a frame (false when nesting was too deep).
    opened: Vec<bool>,
    base_depth: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.code {
                Some((_, code)) => code.push_str(&text),
                None => {
                    let in_link = self.inlines.iter().any(|(kind, _)| matches!(kind, InlineKind::Link(_)));
                    let target = self.inline_target();
                    if in_link { push_text(target, &text) } else { split_text(&text, target) }
                }
            },
            Event::Code(code) => self.inline_target().push(Inline::Code { code: code.into_string() }),
            // Raw HTML is text: it is shown, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => {
                let target = self.inline_target();
                let html = html.trim_end_matches('\n');
                push_text(target, html);
            }
            Event::SoftBreak | Event::HardBreak => self.inline_target().push(Inline::LineBreak),
            Event::Rule => {
                self.close_paragraph();
                self.current_blocks().push(Block::Rule);
            }
            Event::TaskListMarker(done) => push_text(self.inline_target(), if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                push_text(self.inline_target(), &text);
            }
        }
    }

    fn block_depth(&self) -> usize {
        self.base_depth
            + self.blocks.iter().filter(|f| matches!(f, BlockFrame::Quote(_) | BlockFrame::List { .. })).count()
    }

    fn start(&mut self, tag: Tag<'_>) {
        let opened = match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock => {
                self.close_paragraph();
                self.inlines.push((InlineKind::Paragraph, Vec::new()));
                true
            }
            Tag::BlockQuote(_) => self.open_block(BlockFrame::Quote(Vec::new())),
            Tag::List(start) => self.open_block(BlockFrame::List { start, items: Vec::new() }),
            Tag::Item => {
                self.close_paragraph();
                if matches!(self.blocks.last(), Some(BlockFrame::List { .. })) {
                    self.blocks.push(BlockFrame::Item(Vec::new()));
                    true
                } else {
                    false
                }
            }
            Tag::CodeBlock(kind) => {
                self.close_paragraph();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((language, String::new()));
                true
            }
            Tag::Emphasis => self.open_inline(InlineKind::Emphasis),
            Tag::Strong => self.open_inline(InlineKind::Strong),
            Tag::Strikethrough => self.open_inline(InlineKind::Strikethrough),
            // Images are shown as links to the image: no outside requests, no tracking pixels.
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.open_inline(InlineKind::Link(dest_url.into_string()))
            }
            _ => false,
        };
        self.opened.push(opened);
    }

    fn end(&mut self, tag: TagEnd) {
        if !self.opened.pop().unwrap_or(false) {
            return;
        }
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => self.close_paragraph(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.close_paragraph();
                self.close_block();
            }
            TagEnd::CodeBlock => {
                if let Some((language, code)) = self.code.take() {
                    self.current_blocks().push(Block::Code { language, code });
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image => {
                self.close_inline();
            }
            _ => {}
        }
    }

    fn open_block(&mut self, frame: BlockFrame) -> bool {
        self.close_paragraph();
        if self.block_depth() >= MAX_BLOCK_DEPTH {
            return false;
        }
        self.blocks.push(frame);
        true
    }

    fn close_block(&mut self) {
        let Some(frame) = self.blocks.pop() else { return };
        let block = match frame {
            BlockFrame::Quote(children) => Some(Block::Quote { source: None, children }),
            BlockFrame::List { start, items } => Some(Block::List { start, items }),
            BlockFrame::Item(blocks) => {
                if let Some(BlockFrame::List { items, .. }) = self.blocks.last_mut() {
                    items.push(blocks);
                }
                None
            }
            BlockFrame::Root(blocks) => {
                // Never popped while parsing; put it back.
                self.blocks.push(BlockFrame::Root(blocks));
                None
            }
        };
        if let Some(block) = block {
            self.current_blocks().push(block);
        }
    }

    fn current_blocks(&mut self) -> &mut Vec<Block> {
        if !matches!(self.blocks.last(), Some(BlockFrame::Root(_) | BlockFrame::Quote(_) | BlockFrame::Item(_))) {
            // Content directly in a list (not in an item) cannot happen in CommonMark; keep it anyway.
            self.blocks.push(BlockFrame::Item(Vec::new()));
        }
        match self.blocks.last_mut() {
            Some(BlockFrame::Root(blocks) | BlockFrame::Quote(blocks) | BlockFrame::Item(blocks)) => blocks,
            _ => unreachable!("a block container was just ensured"),
        }
    }

    fn open_inline(&mut self, kind: InlineKind) -> bool {
        if self.inlines.len() > MAX_INLINE_DEPTH {
            return false;
        }
        // Tight list items carry inline content without a paragraph: open one.
        if self.inlines.is_empty() {
            self.inlines.push((InlineKind::Paragraph, Vec::new()));
        }
        self.inlines.push((kind, Vec::new()));
        true
    }

    fn close_inline(&mut self) {
        let Some((kind, children)) = self.inlines.pop() else { return };
        let inline = match kind {
            InlineKind::Emphasis => Inline::Emphasis { children },
            InlineKind::Strong => Inline::Strong { children },
            InlineKind::Strikethrough => Inline::Strikethrough { children },
            InlineKind::Link(url) => Inline::Link { url, children },
            InlineKind::Paragraph => {
                self.inlines.push((InlineKind::Paragraph, children));
                return;
            }
        };
        self.inline_target().push(inline);
    }

    fn inline_target(&mut self) -> &mut Vec<Inline> {
        if self.inlines.is_empty() {
            self.inlines.push((InlineKind::Paragraph, Vec::new()));
        }
        match self.inlines.last_mut() {
            Some((_, children)) => children,
            None => unreachable!("an inline frame was just ensured"),
        }
    }

    fn close_paragraph(&mut self) {
        while self.inlines.len() > 1 {
            self.close_inline();
        }
        if let Some((_, children)) = self.inlines.pop() {
            let children = trim_breaks(children);
            if !children.is_empty() {
                self.current_blocks().push(Block::Paragraph { children });
            }
        }
    }
}

fn trim_breaks(mut children: Vec<Inline>) -> Vec<Inline> {
    while matches!(children.last(), Some(Inline::LineBreak)) {
        children.pop();
    }
    children
}
