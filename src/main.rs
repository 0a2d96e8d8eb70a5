//! Entry point of the Wasm app: install the panic hook, then take over the page the server
//! rendered (hydration: its HTML stays, and comes alive) or, where the server sent only the
//! app's shell, render the app into it.

use leptos::prelude::document;
use schrieb_web::first_screen::FirstScreen;

fn main() {
    console_error_panic_hook::set_once();
    // Scripts run: hints for readers without them stay hidden (on a rendered page the early
    // script has said so before the first paint; the app's shell has no early script).
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1("js");
    }
    match FirstScreen::from_document() {
        Some(first) => leptos::mount::hydrate_body(move || leptos::view! { <schrieb_web::App first=Some(first)/> }),
        None => {
            // Built for hydration, the translations take the page's `<html lang>` as the
            // language the server rendered in. A shell was not rendered in any: without the
            // attribute they choose as ever (the reader's choice, then the browser's languages).
            if let Some(root) = document().document_element() {
                let _ = root.remove_attribute("lang");
            }
            leptos::mount::mount_to_body(|| leptos::view! { <schrieb_web::App/> });
        }
    }
}
