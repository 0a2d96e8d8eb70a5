use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// Grey placeholders in the shape of comments while a page loads.
#[component]
pub fn CommentSkeletons(
    /// How many to draw.
    #[prop(default = 4)]
    count: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="comment-list comment-list--loading" aria-busy="true" aria-label=move || t_string!(i18n, loading)>
            {(0..count)
                .map(|n| {
                    let lines = 2 + n % 3;
                    view! {
                        <li class="comment skeleton" aria-hidden="true">
                            <div class="comment__card">
                                <div class="comment__header">
                                    <span class="avatar skeleton__block"></span>
                                    <span class="skeleton__line skeleton__line--short"></span>
                                </div>
                                {(0..lines).map(|_| view! { <span class="skeleton__line"></span> }).collect_view()}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
