//! Small DOM helpers the pages share.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Scrolls the element with DOM id `target` into the middle of the screen and focuses it, so
/// that keyboard and screen-reader users land there too. Does nothing without a target.
pub fn reveal(target: Option<&str>) {
    let Some(element) = target.and_then(|id| document().get_element_by_id(id)) else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let focus = web_sys::FocusOptions::new();
        focus.set_prevent_scroll(true);
        let _ = element.focus_with_options(&focus);
    }
}
