use leptos::prelude::*;
use schrieb_markup::Inline;

use super::{References, link};
use crate::i18n::{t, use_i18n};

/// Renders inline content. A link whose URL [`link`] refuses shows its text only; a mention
/// links to the person when the server found their account.
pub fn inlines(list: Vec<Inline>, references: &References) -> AnyView {
    list.into_iter().map(|item| inline(item, references)).collect_view().into_any()
}

fn inline(item: Inline, references: &References) -> AnyView {
    match item {
        Inline::Text { text } => text.into_any(),
        Inline::LineBreak => view! { <br/> }.into_any(),
        Inline::Code { code } => view! { <code class="markup__inline-code">{code}</code> }.into_any(),
        Inline::Emphasis { children } => view! { <em>{inlines(children, references)}</em> }.into_any(),
        Inline::Strong { children } => view! { <strong>{inlines(children, references)}</strong> }.into_any(),
        Inline::Strikethrough { children } => view! { <del>{inlines(children, references)}</del> }.into_any(),
        Inline::Mention { name } => match references.mentioned(&name) {
            Some(user) => view! { <a class="markup__mention" href=format!("/u/{user}")>"@"{name}</a> }.into_any(),
            None => view! { <span class="markup__mention">"@"{name}</span> }.into_any(),
        },
        Inline::Link { url, children } => match link(&url) {
            Some(link) => {
                let i18n = use_i18n();
                // Link text may claim anything; the host beside it says where the link goes.
                let host = link.host.clone().filter(|_| !children.is_empty()).map(|host| {
                    view! { <span class="markup__link-host">" (" {host} ")"</span> }
                });
                let label = if children.is_empty() { link.label().into_any() } else { inlines(children, references) };
                view! {
                    <a class="markup__link" href=link.href rel="nofollow ugc noopener" target="_blank">
                        {label}
                        {host}
                        // Screen readers are told that the link leaves this tab.
                        <span class="visually-hidden">" (" {t!(i18n, comment.link_hint)} ")"</span>
                    </a>
                }
                .into_any()
            }
            None if children.is_empty() => url.into_any(),
            None => inlines(children, references),
        },
    }
}
