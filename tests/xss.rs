//! The XSS suite in a real browser: every payload of `crates/markup/tests/xss/payloads.txt` in
//! every place a comment can carry it, rendered by the app's markup views. No payload may
//! create an element or attribute of its own, and none may run (`window.__xss` stays unset).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;
#[path = "xss_rules.rs"]
mod xss_rules;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_web::components::markup::MarkupView;
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn no_payload_creates_an_element_or_attribute_or_runs() {
    let bodies = xss_rules::suite();
    assert!(bodies.len() >= 60 * 6);
    let root = container();
    let rendered = bodies.clone();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                {rendered.iter().map(|body| view! { <MarkupView source=body.clone()/> }).collect_view()}
            </Fixture>
        }
    });
    settle().await;
    // Give anything that might load or fire (onerror, onload, ontoggle, autofocus) a moment.
    sleep(300).await;

    let markups = root.query_selector_all(".markup").unwrap();
    assert_eq!(markups.length() as usize, bodies.len(), "every body rendered");
    let elements = root.query_selector_all(".markup, .markup *").unwrap();
    for index in 0..elements.length() {
        let element: web_sys::Element = elements.item(index).unwrap().unchecked_into();
        let names = element.get_attribute_names();
        let attributes = (0..names.length()).map(|position| {
            let attribute = names.get(position).as_string().unwrap();
            let value = element.get_attribute(&attribute).unwrap();
            (attribute, value)
        });
        if let Some(problem) = xss_rules::element_problem(&element.local_name(), attributes) {
            panic!("{problem}: {}", element.outer_html());
        }
    }
    let canary = js_sys::Reflect::get(&window(), &JsValue::from_str("__xss")).unwrap();
    assert!(canary.is_undefined(), "a payload ran: window.__xss = {canary:?}");
}
