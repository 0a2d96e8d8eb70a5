use leptos::prelude::*;
use schrieb_markup::quote_block;

use super::use_multi_quote;
use crate::components::editor::use_composer;
use crate::i18n::{t, t_string, use_i18n};

/// The quotes collected with "+ Quote", above the reply editor: each can be dropped, and
/// "Insert 3 quotes" writes them all into the editor in the order collected.
#[component]
pub fn MultiQuoteBar() -> impl IntoView {
    let i18n = use_i18n();
    let (Some(multi), Some(composer)) = (use_multi_quote(), use_composer()) else { return ().into_any() };
    let count = Memo::new(move |_| multi.items.with(Vec::len));
    let has_quotes = Memo::new(move |_| count.get() != 0);
    let insert = move |_| {
        let blocks: Vec<String> =
            multi.take().into_iter().map(|quote| quote_block(quote.comment.0, &quote.author, &quote.text)).collect();
        composer.insert_block(&blocks.join("\n"));
    };
    let items = move || {
        multi
            .items
            .get()
            .into_iter()
            .map(|quote| {
                let excerpt: String = quote.text.chars().take(80).collect();
                let author = quote.author.clone();
                view! {
                    <li class="multi-quote__item">
                        <a class="multi-quote__source" href=format!("/c/{}", quote.comment)>{quote.author}</a>
                        <span class="multi-quote__excerpt">{excerpt}</span>
                        <button type="button" class="multi-quote__remove" on:click=move |_| multi.remove(quote.comment)>
                            <span aria-hidden="true">"×"</span>
                            <span class="visually-hidden">{t!(i18n, quote.remove, author = author)}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || has_quotes.get()>
            <section class="multi-quote" aria-label=move || t_string!(i18n, quote.collection)>
                <ul class="multi-quote__list">{items}</ul>
                <div class="multi-quote__buttons">
                    <button type="button" class="button" on:click=insert>
                        {move || if count.get() == 1 {
                            t!(i18n, quote.insert_one, count = 1).into_any()
                        } else {
                            t!(i18n, quote.insert_many, count = count.get()).into_any()
                        }}
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| { multi.take(); }>
                        {t!(i18n, quote.clear)}
                    </button>
                </div>
            </section>
        </Show>
    }
    .into_any()
}
