//! The typed document tree.

use serde::{Deserialize, Serialize};

/// A parsed comment body: a list of blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// A block: a paragraph or a quote of further blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "children", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// A quote (`>` lines), holding blocks of its own.
    Quote(Vec<Block>),
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, shown exactly as written.
    Text {
        /// The text.
        text: String,
    },
    /// A line break inside a paragraph.
    LineBreak,
    /// A bare URL the parser found (`http` or `https`). Renderers still pass it through
    /// [`crate::safe_href`], since a tree may also come from elsewhere (deserialized, built).
    Link {
        /// The target URL.
        url: String,
    },
}

impl Document {
    /// The text of the document without any markup: paragraphs separated by blank lines,
    /// quotes included. For search, notifications and previews in lists.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        blocks_text(&self.blocks, &mut out);
        out.trim_end().to_owned()
    }
}

fn blocks_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines) => {
                for inline in inlines {
                    match inline {
                        Inline::Text { text } => out.push_str(text),
                        Inline::LineBreak => out.push('\n'),
                        Inline::Link { url } => out.push_str(url),
                    }
                }
                out.push_str("\n\n");
            }
            Block::Quote(inner) => blocks_text(inner, out),
        }
    }
}
