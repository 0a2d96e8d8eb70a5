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

/// Scrolls the element with DOM id `target` (a section's heading) to the top of the screen and
/// focuses it, as following a link to it would if it had been there when the page loaded; the
/// next Tab goes on from there. Does nothing without a target.
pub fn land_on(target: &str) {
    let Some(element) = document().get_element_by_id(target) else { return };
    element.scroll_into_view();
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

/// Keeps what a reader typed into the text field with DOM id `id` while the app was still
/// loading. Taking the server's page over writes the field's value from `text` (empty then),
/// so the typed words and their selection are read now, before that, and given back to the
/// field and to `text` (which a restored draft then leaves alone) once the page is the app's.
/// Does nothing once the app is ready: a field of that id then is one the app made.
pub fn keep_typed(id: &str, text: leptos::prelude::RwSignal<String>) {
    use leptos::prelude::{Effect, Set};
    if cfg!(feature = "ssr") || app_ready() {
        return;
    }
    let Some(typed) = document().get_element_by_id(id).and_then(|field| TextField::of(&field)?.typed()) else {
        return;
    };
    let id = id.to_owned();
    Effect::new(move |_| {
        text.set(typed.value.clone());
        // After the bindings have written the value (which puts the caret at its end): in the
        // frame before the next paint.
        let (id, typed) = (id.clone(), typed.clone());
        leptos::prelude::request_animation_frame(move || {
            if let Some(field) = document().get_element_by_id(&id).and_then(|field| TextField::of(&field)) {
                field.give_back(&typed);
            }
        });
    });
}

/// Whether the app has taken the page over ([`announce_ready`]).
fn app_ready() -> bool {
    js_sys::Reflect::get(&leptos::prelude::window(), &"schriebReady".into()).is_ok_and(|ready| ready.is_truthy())
}

/// A field's text and selection (UTF-16 offsets, as the DOM counts them).
#[derive(Clone)]
struct Typed {
    value: String,
    selection: (u32, u32),
}

/// A text field: a textarea or an input.
enum TextField {
    Area(web_sys::HtmlTextAreaElement),
    Input(web_sys::HtmlInputElement),
}

impl TextField {
    fn of(element: &web_sys::Element) -> Option<Self> {
        if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            return Some(Self::Area(area.clone()));
        }
        element.dyn_ref::<web_sys::HtmlInputElement>().map(|input| Self::Input(input.clone()))
    }

    /// Its text and selection, if anything was typed.
    fn typed(&self) -> Option<Typed> {
        let (value, start, end) = match self {
            Self::Area(area) => (area.value(), area.selection_start(), area.selection_end()),
            Self::Input(input) => (input.value(), input.selection_start(), input.selection_end()),
        };
        let length = u32::try_from(value.encode_utf16().count()).unwrap_or(u32::MAX);
        let start = start.ok().flatten().unwrap_or(length);
        let end = end.ok().flatten().unwrap_or(start);
        (!value.is_empty()).then_some(Typed { value, selection: (start, end) })
    }

    /// Sets its text and selection to `typed`'s. The value is set here, not only through the
    /// binding, so that the selection is set on the text it belongs to.
    fn give_back(&self, typed: &Typed) {
        let (start, end) = typed.selection;
        match self {
            Self::Area(area) => {
                area.set_value(&typed.value);
                let _ = area.set_selection_range(start, end);
            }
            Self::Input(input) => {
                input.set_value(&typed.value);
                let _ = input.set_selection_range(start, end);
            }
        }
    }
}

/// Waits `duration` on the browser's timer (polling a server job, say).
pub async fn sleep(duration: std::time::Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
