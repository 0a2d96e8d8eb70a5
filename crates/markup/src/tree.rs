//! The typed document tree, and what can be read off it.

use serde::{Deserialize, Serialize};

/// A parsed comment body: a list of blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// Where a quote with source comes from: `[quote=123 author="Martin"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSource {
    /// The id of the quoted comment.
    pub comment: i64,
    /// The name of its author, as the quote names it; empty for an author who deleted their
    /// account.
    pub author: String,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content (headings become paragraphs too).
    Paragraph {
        /// The content.
        children: Vec<Inline>,
    },
    /// A quote: a `>` quote (no source) or a quote with source (`[quote=…]…[/quote]`).
    Quote {
        /// The quoted comment, when the quote names one.
        source: Option<QuoteSource>,
        /// The quoted blocks.
        children: Vec<Block>,
    },
    /// A fenced or indented code block, shown exactly as written.
    Code {
        /// The info string's first word (` ```rust `), if any.
        language: Option<String>,
        /// The code.
        code: String,
    },
    /// A bulleted or numbered list.
    List {
        /// The first number of a numbered list; `None` for bullets.
        start: Option<u64>,
        /// The items, each a list of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A horizontal rule (`---`).
    Rule,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, shown exactly as written.
    Text {
        /// The text.
        text: String,
    },
    /// `*emphasis*`
    Emphasis {
        /// The content.
        children: Vec<Inline>,
    },
    /// `**strong**`
    Strong {
        /// The content.
        children: Vec<Inline>,
    },
    /// `~~struck~~`
    Strikethrough {
        /// The content.
        children: Vec<Inline>,
    },
    /// `` `code` ``
    Code {
        /// The code.
        code: String,
    },
    /// A line break inside a paragraph (a single newline in the source).
    LineBreak,
    /// A link: `[text](url)`, `<url>`, an image (shown as a link) or a bare URL. Renderers
    /// pass `url` through [`crate::link_with`] (which a URL parser reads) and show plain text
    /// when it is refused.
    Link {
        /// The target.
        url: String,
        /// The link text; empty for a bare URL, which renderers label with [`crate::Link::label`].
        children: Vec<Inline>,
    },
    /// `@Name` or `@"Name with spaces"`.
    Mention {
        /// The name as written, without `@` and quotes.
        name: String,
    },
}

/// A quote with source and the text it quotes, as [`Document::quotes`] lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedText {
    /// Where the quote says it comes from.
    pub source: QuoteSource,
    /// The quoted text without markup, for checking it against the source comment: the
    /// quote's own words, without the quotes with source nested inside it.
    pub text: String,
    /// Whether it stands inside another quote with source: then it is part of that quote's
    /// text (the quoted comment's own quote), not something this document quotes itself.
    pub nested: bool,
}

impl Document {
    /// The text without markup: blocks separated by blank lines, quotes and code included.
    /// For checking quotes, search, notifications and list previews.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        blocks_text(&self.blocks, &mut out);
        out.trim_end().to_owned()
    }

    /// Every name mentioned with `@`, in order, each once.
    pub fn mentions(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        self.walk_inlines(&mut |inline| {
            if let Inline::Mention { name } = inline
                && !names.iter().any(|known| known.eq_ignore_ascii_case(name))
            {
                names.push(name.clone());
            }
        });
        names
    }

    /// Every quote with source, outermost first, with its text.
    pub fn quotes(&self) -> Vec<QuotedText> {
        let mut found = Vec::new();
        collect_quotes(&self.blocks, false, &mut found);
        found
    }

    /// The words a quote of this document may contain: the plain text without the quotes with
    /// source it carries (those are other people's words, quoted from their own comments).
    pub fn own_text(&self) -> String {
        let mut out = String::new();
        own_blocks_text(&self.blocks, &mut out);
        out.trim_end().to_owned()
    }

    /// How deep quotes nest: 0 without quotes, 1 for a quote, 2 for a quote in a quote, ...
    pub fn quote_depth(&self) -> usize {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|block| match block {
                    Block::Quote { children, .. } => 1 + depth(children),
                    Block::List { items, .. } => items.iter().map(|item| depth(item)).max().unwrap_or(0),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        depth(&self.blocks)
    }

    /// How many links the document has (bare URLs included).
    pub fn link_count(&self) -> usize {
        let mut count = 0;
        self.walk_inlines(&mut |inline| count += usize::from(matches!(inline, Inline::Link { .. })));
        count
    }

    /// The targets of the links the author wrote, in order, each once: not those inside a
    /// quote with source (other people's words, quoted from their comments).
    pub fn own_links(&self) -> Vec<String> {
        fn blocks(list: &[Block], found: &mut Vec<String>) {
            for block in list {
                match block {
                    Block::Paragraph { children } => inlines(children, found),
                    Block::Quote { source: None, children } => blocks(children, found),
                    Block::List { items, .. } => items.iter().for_each(|item| blocks(item, found)),
                    Block::Quote { source: Some(_), .. } | Block::Code { .. } | Block::Rule => {}
                }
            }
        }
        fn inlines(list: &[Inline], found: &mut Vec<String>) {
            for inline in list {
                match inline {
                    Inline::Link { url, .. } if !found.contains(url) => found.push(url.clone()),
                    Inline::Emphasis { children }
                    | Inline::Strong { children }
                    | Inline::Strikethrough { children } => {
                        inlines(children, found);
                    }
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        blocks(&self.blocks, &mut found);
        found
    }

    fn walk_inlines(&self, visit: &mut dyn FnMut(&Inline)) {
        fn blocks(list: &[Block], visit: &mut dyn FnMut(&Inline)) {
            for block in list {
                match block {
                    Block::Paragraph { children } => inlines(children, visit),
                    Block::Quote { children, .. } => blocks(children, visit),
                    Block::List { items, .. } => items.iter().for_each(|item| blocks(item, visit)),
                    Block::Code { .. } | Block::Rule => {}
                }
            }
        }
        fn inlines(list: &[Inline], visit: &mut dyn FnMut(&Inline)) {
            for inline in list {
                visit(inline);
                match inline {
                    Inline::Emphasis { children }
                    | Inline::Strong { children }
                    | Inline::Strikethrough { children }
                    | Inline::Link { children, .. } => inlines(children, visit),
                    _ => {}
                }
            }
        }
        blocks(&self.blocks, visit);
    }
}

fn collect_quotes(blocks: &[Block], nested: bool, found: &mut Vec<QuotedText>) {
    for block in blocks {
        match block {
            Block::Quote { source, children } => {
                if let Some(source) = source {
                    // The quoted comment's own words: quotes nested inside it are its quotes.
                    let mut text = String::new();
                    own_blocks_text(children, &mut text);
                    found.push(QuotedText { source: source.clone(), text: text.trim_end().to_owned(), nested });
                }
                collect_quotes(children, nested || source.is_some(), found);
            }
            Block::List { items, .. } => items.iter().for_each(|item| collect_quotes(item, nested, found)),
            _ => {}
        }
    }
}

/// Like [`blocks_text`], leaving out quotes with source wherever they stand.
fn own_blocks_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Quote { source: Some(_), .. } => {}
            Block::Quote { source: None, children } => own_blocks_text(children, out),
            Block::List { items, .. } => items.iter().for_each(|item| own_blocks_text(item, out)),
            other => blocks_text(std::slice::from_ref(other), out),
        }
    }
}

fn blocks_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Paragraph { children } => {
                inlines_text(children, out);
                out.push_str("\n\n");
            }
            Block::Quote { children, .. } => blocks_text(children, out),
            Block::Code { code, .. } => {
                out.push_str(code.trim_end());
                out.push_str("\n\n");
            }
            Block::List { items, .. } => items.iter().for_each(|item| blocks_text(item, out)),
            Block::Rule => {}
        }
    }
}

fn inlines_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::LineBreak => out.push('\n'),
            Inline::Mention { name } => {
                out.push('@');
                out.push_str(name);
            }
            Inline::Link { url, children } if children.is_empty() => out.push_str(url),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Link { children, .. } => inlines_text(children, out),
        }
    }
}
