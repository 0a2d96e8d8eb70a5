use leptos::prelude::*;
use schrieb_markup::{Block, parse};

use super::{QuoteBlock, inlines};

/// A comment or article body, parsed with `schrieb-markup` and rendered as views.
#[component]
pub fn MarkupView(
    /// The body in schrieb markup.
    #[prop(into)]
    source: String,
) -> impl IntoView {
    let document = parse(&source);
    view! { <div class="markup">{blocks(document.blocks, 0)}</div> }
}

/// Renders blocks standing `quote_depth` quotes deep. The parser bounds the nesting, so the
/// recursion is bounded too; views are type-erased because the tree is recursive.
pub fn blocks(list: Vec<Block>, quote_depth: usize) -> AnyView {
    list.into_iter()
        .map(|block| match block {
            Block::Paragraph { children } => view! { <p>{inlines(children)}</p> }.into_any(),
            Block::Quote { source, children } => {
                view! { <QuoteBlock source=source children=children depth=quote_depth + 1/> }.into_any()
            }
            Block::Code { code, .. } => view! {
                <pre class="markup__code" tabindex="0"><code>{code}</code></pre>
            }
            .into_any(),
            Block::List { start: Some(start), items } => {
                view! { <ol start=start>{list_items(items, quote_depth)}</ol> }.into_any()
            }
            Block::List { start: None, items } => view! { <ul>{list_items(items, quote_depth)}</ul> }.into_any(),
            Block::Rule => view! { <hr/> }.into_any(),
        })
        .collect_view()
        .into_any()
}

fn list_items(items: Vec<Vec<Block>>, quote_depth: usize) -> AnyView {
    items.into_iter().map(|item| view! { <li>{blocks(item, quote_depth)}</li> }).collect_view().into_any()
}
