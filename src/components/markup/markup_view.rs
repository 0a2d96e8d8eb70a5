use leptos::prelude::*;
use schrieb_markup::{Block, BlockPath, parse};

use super::{QuoteBlock, References, inlines};

/// A comment or article body, parsed with `schrieb-markup` and rendered as views.
#[component]
pub fn MarkupView(
    /// The body in schrieb markup.
    #[prop(into)]
    source: String,
    /// What the server knows of its quotes and mentions; none for a preview or an article.
    #[prop(optional)]
    references: References,
) -> impl IntoView {
    let document = parse(&source);
    // Each quote finds its check by where it stands, so rendering the body again finds the same.
    let references = references.placed_in(&document);
    view! { <div class="markup">{blocks(document.blocks, Nesting::default(), &references)}</div> }
}

/// Where blocks stand.
#[derive(Debug, Clone, Default)]
pub struct Nesting {
    /// How many quotes deep (0 in the body itself).
    pub depth: usize,
    /// Where in the body: the blocks are the children of this path, which is how their quotes
    /// find their checks ([`References`] placed them by path).
    pub path: BlockPath,
}

/// Renders blocks standing at `nesting`. The parser bounds the nesting, so the recursion is
/// bounded too; views are type-erased because the tree is recursive.
pub fn blocks(list: Vec<Block>, nesting: Nesting, references: &References) -> AnyView {
    list.into_iter()
        .enumerate()
        .map(|(index, block)| match block {
            Block::Paragraph { children } => view! { <p>{inlines(children, references)}</p> }.into_any(),
            Block::Quote { source, children } => {
                let path = nesting.path.child(index);
                // Only outer quotes with source were placed: a quote inside one belongs to the
                // quoted comment, which had it checked when it was saved.
                let check = references.check_at(&path);
                let inner = Nesting { depth: nesting.depth + 1, path };
                view! { <QuoteBlock source=source check=check children=children nesting=inner references=references.clone()/> }
                    .into_any()
            }
            Block::Code { code, .. } => view! {
                <pre class="markup__code" tabindex="0"><code>{code}</code></pre>
            }
            .into_any(),
            Block::List { start: Some(start), items } => {
                view! { <ol start=start>{list_items(items, nesting.at(index), references)}</ol> }.into_any()
            }
            Block::List { start: None, items } => {
                view! { <ul>{list_items(items, nesting.at(index), references)}</ul> }.into_any()
            }
            Block::Rule => view! { <hr/> }.into_any(),
        })
        .collect_view()
        .into_any()
}

/// A list's items; `list` is where the list stands.
fn list_items(items: Vec<Vec<Block>>, list: Nesting, references: &References) -> AnyView {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| view! { <li>{blocks(item, list.at(index), references)}</li> })
        .collect_view()
        .into_any()
}

impl Nesting {
    /// One step down at `index` without entering a quote: where a list's blocks stand, then
    /// its items'.
    fn at(&self, index: usize) -> Self {
        Self { depth: self.depth, path: self.path.child(index) }
    }
}
