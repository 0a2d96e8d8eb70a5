use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// "Nach oben" / "Back to top": scrolls up and moves focus to the page's top.
#[component]
pub fn BackToTop() -> impl IntoView {
    let i18n = use_i18n();
    let to_top = move |event: leptos::ev::MouseEvent| {
        // The router would treat "#top" as a navigation; scrolling is all we want.
        event.prevent_default();
        window().scroll_to_with_x_and_y(0.0, 0.0);
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    view! {
        <p class="back-to-top">
            <a href="#top" on:click=to_top>
                <span aria-hidden="true">"↑ "</span>
                {t!(i18n, site.back_to_top)}
            </a>
        </p>
    }
}
