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
