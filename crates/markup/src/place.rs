//! Where blocks stand in a document, and pairing each quote with source with what a list in
//! body order says about it (the server's quote checks, `Comment::quotes`).
//!
//! Renderers look a quote's entry up by where it stands instead of counting quotes as they
//! render: the same document rendered twice (a re-render, editing then cancelling) then finds
//! the same entries, and nothing is used up.

use std::collections::BTreeMap;

use crate::{Block, Document};

/// Where a block stands in a [`Document`]: the index taken at each step down from the
/// document's blocks. A quote's blocks are one step below the quote; a list's blocks are two
/// (the item, then the block in the item). Renderers build the same paths with
/// [`BlockPath::child`] as they walk the tree; the document's own blocks are children of
/// `BlockPath::default()`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockPath(Vec<usize>);

impl BlockPath {
    /// One step further down: the `index`-th block (or, under a list, item) below this path.
    pub fn child(&self, index: usize) -> Self {
        let mut steps = Vec::with_capacity(self.0.len() + 1);
        steps.extend_from_slice(&self.0);
        steps.push(index);
        Self(steps)
    }
}

impl Document {
    /// Where each quote with source that this document makes itself stands, in body order:
    /// the quotes [`Document::quotes`] lists as not nested. A quote inside a quote with source
    /// belongs to the quoted comment; one inside a `>` quote or a list is this document's.
    pub fn outer_quote_paths(&self) -> Vec<BlockPath> {
        let mut found = Vec::new();
        collect(&self.blocks, &BlockPath::default(), &mut found);
        found
    }
}

/// Pairs each of `document`'s outer quotes with source ([`Document::outer_quote_paths`]) with
/// the next of `items`, in body order, keyed by where the quote stands. Quotes past the last
/// item get nothing; items past the last quote are left out.
pub fn pair_outer_quotes<T>(document: &Document, items: impl IntoIterator<Item = T>) -> BTreeMap<BlockPath, T> {
    document.outer_quote_paths().into_iter().zip(items).collect()
}

/// The parser bounds the nesting, so the recursion is bounded too.
fn collect(blocks: &[Block], at: &BlockPath, found: &mut Vec<BlockPath>) {
    for (index, block) in blocks.iter().enumerate() {
        let path = at.child(index);
        match block {
            // Its own quotes are the quoted comment's, checked when that comment was saved.
            Block::Quote { source: Some(_), .. } => found.push(path),
            Block::Quote { source: None, children } => collect(children, &path, found),
            Block::List { items, .. } => {
                items.iter().enumerate().for_each(|(item, blocks)| collect(blocks, &path.child(item), found))
            }
            Block::Paragraph { .. } | Block::Code { .. } | Block::Rule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Inline, QuoteSource, parse};

    fn path(steps: &[usize]) -> BlockPath {
        BlockPath(steps.to_vec())
    }

    /// The block a path leads to, walking the tree the way renderers do.
    fn block_at<'a>(document: &'a Document, at: &BlockPath) -> Option<&'a Block> {
        let mut blocks = &document.blocks;
        let mut steps = at.0.iter();
        loop {
            let block = blocks.get(*steps.next()?)?;
            if steps.len() == 0 {
                return Some(block);
            }
            blocks = match block {
                Block::Quote { children, .. } => children,
                Block::List { items, .. } => items.get(*steps.next()?)?,
                _ => return None,
            };
        }
    }

    fn source_at(document: &Document, at: &BlockPath) -> Option<i64> {
        match block_at(document, at)? {
            Block::Quote { source, .. } => source.as_ref().map(|source| source.comment),
            _ => None,
        }
    }

    const NESTED: &str = "[quote=12 author=\"Martin\"]\n[quote=3 author=\"Frau Holle\"]\nganz alt\n[/quote]\nDas stimmt.\n[/quote]\n\n\
        > ohne Quelle\n\n[quote=14 author=\"Otto\"]\nFTP\n[/quote]\n\nAntwort";

    #[test]
    fn only_outer_quotes_with_source_are_paired() {
        let document = parse(NESTED);
        let paired = pair_outer_quotes(&document, ["twelve", "fourteen"]);
        assert_eq!(paired, BTreeMap::from([(path(&[0]), "twelve"), (path(&[2]), "fourteen")]));
        assert_eq!(source_at(&document, &path(&[0])), Some(12));
        assert_eq!(source_at(&document, &path(&[2])), Some(14));
        assert!(!paired.contains_key(&path(&[0, 0])), "Frau Holle's quote is Martin's, not this body's");
        assert!(!paired.contains_key(&path(&[1])), "a > quote has no source");
    }

    #[test]
    fn a_quote_with_source_inside_a_plain_quote_is_the_documents_own() {
        let document = parse(
            "[quote]\nvorab\n\n[quote=5 author=\"A\"]\nx\n[/quote]\n[/quote]\n\n[quote=6 author=\"B\"]\ny\n[/quote]",
        );
        assert_eq!(document.outer_quote_paths(), [path(&[0, 1]), path(&[1])]);
        assert_eq!(source_at(&document, &path(&[0, 1])), Some(5));
    }

    /// The parser puts quotes with source on lines of their own, outside lists; a tree built by
    /// hand still gets paths the way renderers walk lists: the list, the item, the block.
    #[test]
    fn quotes_in_list_items_get_item_paths() {
        let quote = |comment| Block::Quote {
            source: Some(QuoteSource { comment, author: "A".into() }),
            children: vec![Block::Paragraph { children: vec![Inline::Text { text: "x".into() }] }],
        };
        let document = Document {
            blocks: vec![
                Block::Rule,
                Block::List { start: None, items: vec![vec![Block::Rule], vec![Block::Rule, quote(7)]] },
                quote(8),
            ],
        };
        assert_eq!(document.outer_quote_paths(), [path(&[1, 1, 1]), path(&[2])]);
        assert_eq!(source_at(&document, &path(&[1, 1, 1])), Some(7));
    }

    #[test]
    fn more_items_than_quotes_leave_the_rest_out_and_fewer_leave_quotes_without() {
        let document = parse(NESTED);
        assert_eq!(pair_outer_quotes(&document, 1..=5).into_values().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(pair_outer_quotes(&document, [1]), BTreeMap::from([(path(&[0]), 1)]));
        assert!(pair_outer_quotes(&document, Vec::<u8>::new()).is_empty());
        assert!(pair_outer_quotes(&parse("> nur\n\nText"), [1]).is_empty(), "no quote with source, nothing paired");
    }

    #[test]
    fn pairing_the_same_document_again_gives_the_same_pairs() {
        let document = parse(NESTED);
        assert_eq!(pair_outer_quotes(&document, ["a", "b"]), pair_outer_quotes(&document, ["a", "b"]));
    }

    /// The server lists its checks in the order of [`Document::quotes`] (the not nested ones);
    /// the paths must come in that order, or checks would land on the wrong quotes.
    #[test]
    fn paths_follow_the_order_the_server_lists_quotes_in() {
        let document = parse(
            "[quote=1 author=\"A\"]\n[quote=2 author=\"B\"]\nb\n[/quote]\na\n[/quote]\n\n\
             [quote]\n[quote=3 author=\"C\"]\nc\n[quote=4 author=\"D\"]\nd\n[/quote]\n[/quote]\n[quote=5 author=\"E\"]\ne\n[/quote]\n[/quote]\n\n\
             [quote=6 author=\"F\"]\nf\n[/quote]",
        );
        let listed: Vec<i64> =
            document.quotes().into_iter().filter(|quote| !quote.nested).map(|quote| quote.source.comment).collect();
        assert_eq!(listed, [1, 3, 5, 6]);
        let placed: Vec<Option<i64>> = document.outer_quote_paths().iter().map(|at| source_at(&document, at)).collect();
        assert_eq!(placed, [Some(1), Some(3), Some(5), Some(6)]);
    }
}
