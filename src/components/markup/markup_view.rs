use leptos::prelude::*;
use schrieb_markup::{Block, parse};

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
    view! { <div class="markup">{blocks(document.blocks, Nesting::default(), &references)}</div> }
}

/// Where blocks stand among quotes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nesting {
    /// How many quotes deep (0 in the body itself).
    pub depth: usize,
    /// Whether inside a quote with source: quotes there belong to the quoted comment, which
    /// had them checked, so they take no check of this body's.
    pub in_sourced_quote: bool,
}

/// Renders blocks standing at `nesting`. The parser bounds the nesting, so the recursion is
/// bounded too; views are type-erased because the tree is recursive.
pub fn blocks(list: Vec<Block>, nesting: Nesting, references: &References) -> AnyView {
    list.into_iter()
        .map(|block| match block {
            Block::Paragraph { children } => view! { <p>{inlines(children, references)}</p> }.into_any(),
            Block::Quote { source, children } => {
                let check = (source.is_some() && !nesting.in_sourced_quote).then(|| references.next_check()).flatten();
                let inner = Nesting {
                    depth: nesting.depth + 1,
                    in_sourced_quote: nesting.in_sourced_quote || source.is_some(),
                };
                view! { <QuoteBlock source=source check=check children=children nesting=inner references=references.clone()/> }
                    .into_any()
            }
            Block::Code { code, .. } => view! {
                <pre class="markup__code" tabindex="0"><code>{code}</code></pre>
            }
            .into_any(),
            Block::List { start: Some(start), items } => {
                view! { <ol start=start>{list_items(items, nesting, references)}</ol> }.into_any()
            }
            Block::List { start: None, items } => {
                view! { <ul>{list_items(items, nesting, references)}</ul> }.into_any()
            }
            Block::Rule => view! { <hr/> }.into_any(),
        })
        .collect_view()
        .into_any()
}

fn list_items(items: Vec<Vec<Block>>, nesting: Nesting, references: &References) -> AnyView {
    items.into_iter().map(|item| view! { <li>{blocks(item, nesting, references)}</li> }).collect_view().into_any()
}
