use leptos::html::Textarea;
use leptos::prelude::*;

use super::textarea;
use super::transform::{Format, apply_format};
use crate::i18n::{t_string, use_i18n};

/// The formatting buttons above an editor. Each wraps the selection in our markup (or takes it
/// off again) as one undoable edit, and keeps the words selected.
#[component]
pub fn EditorToolbar(
    /// The textarea the buttons act on.
    textarea: NodeRef<Textarea>,
    /// Its DOM id, for `aria-controls`.
    #[prop(into)]
    controls: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let buttons = Format::ALL
        .into_iter()
        .map(|format| {
            let label = move || {
                let name = match format {
                    Format::Bold => t_string!(i18n, editor.bold),
                    Format::Italic => t_string!(i18n, editor.italic),
                    Format::Strikethrough => t_string!(i18n, editor.strikethrough),
                    Format::Link => t_string!(i18n, editor.link),
                    Format::Quote => t_string!(i18n, editor.quote),
                    Format::Code => t_string!(i18n, editor.code),
                    Format::List => t_string!(i18n, editor.list),
                };
                match shortcut_key(format) {
                    Some(key) => format!("{name} ({}+{key})", t_string!(i18n, editor.ctrl)),
                    None => name.to_owned(),
                }
            };
            let run = move |_| {
                if let Some(area) = textarea.get_untracked() {
                    apply(&area, format);
                }
            };
            view! {
                <button type="button" class=format!("editor-toolbar__button editor-toolbar__button--{}", class_name(format))
                    aria-label=label title=label aria-controls=controls.clone()
                    // Keeps the textarea's focus, and with it the caret on touch screens.
                    on:mousedown=|event| event.prevent_default()
                    on:click=run
                >
                    <span aria-hidden="true">{glyph(format)}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="editor-toolbar" role="toolbar" aria-label=move || t_string!(i18n, editor.toolbar)>{buttons}</div>
    }
}

/// Applies `format` to the textarea's selection.
pub fn apply(area: &web_sys::HtmlTextAreaElement, format: Format) {
    let (text, selection) = textarea::selection(area);
    textarea::apply(area, &apply_format(&text, selection, format));
}

/// The letter that, with Ctrl (Cmd on a Mac), applies `format`.
pub fn shortcut_key(format: Format) -> Option<char> {
    match format {
        Format::Bold => Some('B'),
        Format::Italic => Some('I'),
        Format::Link => Some('K'),
        _ => None,
    }
}

fn glyph(format: Format) -> &'static str {
    match format {
        Format::Bold => "B",
        Format::Italic => "I",
        Format::Strikethrough => "S",
        Format::Link => "Link",
        Format::Quote => "❝",
        Format::Code => "</>",
        Format::List => "•",
    }
}

fn class_name(format: Format) -> &'static str {
    match format {
        Format::Bold => "bold",
        Format::Italic => "italic",
        Format::Strikethrough => "strikethrough",
        Format::Link => "link",
        Format::Quote => "quote",
        Format::Code => "code",
        Format::List => "list",
    }
}
