use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::feedback::{Missing, NotFoundNotice};
use crate::i18n::{t_string, use_i18n};

/// Any path no route has.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string()/>
        <NotFoundNotice what=Missing::Page/>
    }
}
