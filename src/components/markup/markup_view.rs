use leptos::prelude::*;
use schrieb_markup::{Block, Inline, parse};

use super::{link_label, safe_href};
use crate::i18n::{t, use_i18n};

/// A comment or article body, parsed with `schrieb-markup` and rendered as views.
#[component]
pub fn MarkupView(
    /// The body in schrieb markup.
    #[prop(into)]
    source: String,
) -> impl IntoView {
    let document = parse(&source);
    view! { <div class="markup">{blocks(document.blocks)}</div> }
}

// Quotes nest (to `MAX_QUOTE_DEPTH`), so the renderer recurses and returns type-erased views.
fn blocks(list: Vec<Block>) -> AnyView {
    list.into_iter()
        .map(|block| match block {
            Block::Paragraph(inlines) => view! { <p>{inlines.into_iter().map(inline).collect_view()}</p> }.into_any(),
            Block::Quote(inner) => view! { <blockquote class="markup__quote">{blocks(inner)}</blockquote> }.into_any(),
        })
        .collect_view()
        .into_any()
}

fn inline(item: Inline) -> AnyView {
    match item {
        Inline::Text { text } => text.into_any(),
        Inline::LineBreak => view! { <br/> }.into_any(),
        Inline::Link { url } => match safe_href(&url) {
            Some(href) => {
                let label = link_label(href);
                let i18n = use_i18n();
                view! {
                    <a class="markup__link" href=href.to_owned() rel="nofollow ugc noopener" target="_blank">
                        {label}
                        // Screen readers are told that the link leaves this tab.
                        <span class="visually-hidden">" (" {t!(i18n, comment.link_hint)} ")"</span>
                    </a>
                }
                .into_any()
            }
            None => url.into_any(),
        },
    }
}
