#![allow(dead_code)] // each test binary uses a different part of it
//! Shared helpers for the component tests: a container in the page, a fixed clock, a fixed
//! language.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use schrieb_web::clock::Now;
use schrieb_web::i18n::{I18nContextProvider, Locale, use_i18n};
use wasm_bindgen::JsCast;

/// A fresh element appended to the test page's body.
pub fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&element).expect("append");
    element.unchecked_into()
}

/// Renders `children` with translations in `locale`, the clock stopped at `now`, and a router
/// (components that link or navigate need one).
#[component]
pub fn Fixture(locale: Locale, now: DateTime<Utc>, children: ChildrenFn) -> impl IntoView {
    provide_context(Now(Signal::stored(now)));
    view! {
        <I18nContextProvider>
            <SetLocale locale=locale/>
            <leptos_router::components::Router>{children()}</leptos_router::components::Router>
        </I18nContextProvider>
    }
}

#[component]
fn SetLocale(locale: Locale) -> impl IntoView {
    // The provider applies the browser's language in an effect; ours runs after it.
    let i18n = use_i18n();
    Effect::new(move |_| i18n.set_locale(locale));
}

/// Lets effects run and the DOM settle.
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

/// The text of the first element matching `selector`, or a panic naming it.
pub fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}: {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}
