use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, use_i18n};

/// "Import from a text file": reads the file the admin picks (one entry per line) and hands
/// its text to `on_text`; nothing is uploaded as a file, the lines join the list shown.
#[component]
pub fn FileImport(
    /// The field's DOM id.
    id: String,
    /// Told the file's text.
    on_text: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                on_text.run(text.as_string().unwrap_or_default());
            }
            // The same file again is another import.
            input.set_value("");
        });
    };
    view! {
        <div class="field field--file">
            <label class="field__label" for=id.clone()>{t!(i18n, admin.import_file)}</label>
            <input class="field__input" type="file" id=id accept=".txt,text/plain" on:change=on_change/>
        </div>
    }
}

/// Adds the entries of an imported list file (one per line; blank lines and `#` comments left
/// out) to the end of the list `list` shows.
pub fn append_lines(list: RwSignal<String>, text: &str) {
    let imported = schrieb_api::list_file(text).collect::<Vec<_>>().join("\n");
    list.update(|list| {
        if !list.trim().is_empty() && !imported.is_empty() {
            list.push('\n');
        }
        list.push_str(&imported);
    });
}
