//! Small DOM helpers the pages share.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Scrolls the element with DOM id `target` into the middle of the screen and focuses it, so
/// that keyboard and screen-reader users land there too. Does nothing without a target.
pub fn reveal(target: Option<&str>) {
    if let Some(element) = target.and_then(|id| document().get_element_by_id(id)) {
        reveal_element(&element);
    }
}

/// Scrolls `element` into the middle of the screen and focuses it without a second scroll.
pub fn reveal_element(element: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let focus = web_sys::FocusOptions::new();
        focus.set_prevent_scroll(true);
        let _ = element.focus_with_options(&focus);
    }
}

/// `message` as a plain JavaScript object, for `postMessage` to a window of another origin,
/// which reads it as an object (the loader script on a host page).
pub fn to_js_object(message: &impl serde::Serialize) -> wasm_bindgen::JsValue {
    serde_json::to_string(message)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

/// A message posted as a plain object, read back as `T`; `None` for anything else.
pub fn from_js_object<T: serde::de::DeserializeOwned>(value: &wasm_bindgen::JsValue) -> Option<T> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Tells the page's own scripts (and the end-to-end tests) that the app has taken the page
/// over and its controls work: `window.schriebReady` turns true and `document` hears
/// `schrieb-ready`.
pub fn announce_ready() {
    let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"schriebReady".into(), &true.into());
    if let Ok(event) = web_sys::Event::new("schrieb-ready") {
        let _ = document().dispatch_event(&event);
    }
}
