use leptos::ev::{ClipboardEvent, KeyboardEvent};
use leptos::html::Textarea;
use leptos::prelude::*;
use schrieb_api::{BodyError, CommentBody, MAX_BODY_CHARS, Reason, Slug};

use super::textarea;
use super::toolbar::{EditorToolbar, apply};
use super::transform::{Format, insert_text, link_to, looks_like_url, pasted_address};
use super::{MentionList, use_mentions};
use crate::components::feedback::{grouped, reason_text};
use crate::components::markup::{MarkupView, References};
use crate::i18n::{Locale, t, t_string, use_i18n};
use leptos_use::use_debounce_fn;
use schrieb_markup::parse;

/// How long typing must pause before typed mentions are looked up for the preview.
const RESOLVE_DELAY_MS: f64 = 500.0;

/// A textarea for schrieb markup with everything around it: the toolbar, shortcuts (Ctrl/Cmd
/// +B, I, K; Ctrl/Cmd+Enter submits the form), @mention suggestions, pasting a link over words,
/// a character count, the shared validation as you type, and a live preview rendered by the
/// parser the server uses, so what it shows is what gets published.
#[component]
pub fn MarkupEditor(
    /// The text.
    text: RwSignal<String>,
    /// The textarea, for those who insert into it (quotes, mentions).
    textarea: NodeRef<Textarea>,
    /// The textarea's DOM id; the other parts' ids derive from it.
    #[prop(into)]
    id: String,
    /// What the field is for, for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// The article replied to, for mention suggestions from its thread.
    #[prop(optional_no_strip)]
    slug: Option<Slug>,
    /// Shown in the empty textarea.
    #[prop(into, optional)]
    placeholder: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    crate::dom::keep_typed(&id, text);
    let mentions = use_mentions(textarea, slug);
    // Mentions typed out rather than picked: looked up once typing pauses, for the preview.
    let resolve = use_debounce_fn(move || mentions.resolve(parse(&text.get_untracked()).mentions()), RESOLVE_DELAY_MS);
    Effect::new(move |_| {
        text.track();
        resolve();
    });
    let (count_id, list_id, preview_id) = (format!("{id}-count"), format!("{id}-mentions"), format!("{id}-preview"));
    let characters = Memo::new(move |_| text.with(|text| text.chars().count()));
    let over = Memo::new(move |_| characters.get() > MAX_BODY_CHARS);
    // Empty is no problem while typing; the submit says so if it comes to that.
    let problem = Memo::new(move |_| {
        text.with(|text| if text.trim().is_empty() { None } else { CommentBody::parse(text).err() })
    });
    let on_keydown = move |event: KeyboardEvent| {
        if mentions.key(&event.key()) {
            event.prevent_default();
            return;
        }
        let Some(area) = textarea.get_untracked() else { return };
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
            return;
        }
        let format = match event.key().to_ascii_lowercase().as_str() {
            "b" => Format::Bold,
            "i" => Format::Italic,
            "k" => Format::Link,
            "enter" => {
                event.prevent_default();
                if let Some(form) = area.form() {
                    let _ = form.request_submit();
                }
                return;
            }
            _ => return,
        };
        event.prevent_default();
        apply(&area, format);
    };
    // An address pasted over words makes them a link to it; pasted anywhere else it stays a
    // link to all of itself (in `<…>` where the bare-URL rule would stop short).
    let on_paste = move |event: ClipboardEvent| {
        let Some(area) = textarea.get_untracked() else { return };
        let pasted = event.clipboard_data().and_then(|data| data.get_data("text/plain").ok()).unwrap_or_default();
        let (text, selection) = textarea::selection(&area);
        let url = pasted.trim();
        if !looks_like_url(url) {
            return;
        }
        let edit = if selection.is_empty() || looks_like_url(&text[selection.clone()]) {
            let written = pasted_address(url);
            if written == pasted {
                return;
            }
            insert_text(selection, &written)
        } else {
            link_to(&text, selection, url)
        };
        event.prevent_default();
        textarea::apply(&area, &edit);
    };
    let preview = move || {
        let source = text.get();
        (!source.trim().is_empty()).then(|| {
            let references = References::preview(mentions.known.get());
            view! { <div class="comment__body"><MarkupView source=source references=references/></div> }
        })
    };
    let active_option = {
        let list_id = list_id.clone();
        move || mentions.open().then(|| format!("{list_id}-{}", mentions.active.get()))
    };
    view! {
        <div class="editor">
            <EditorToolbar textarea=textarea controls=id.clone()/>
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <textarea class="field__input editor__text" id=id name="body" rows="8" node_ref=textarea
                placeholder=placeholder
                aria-describedby=format!("{count_id} {preview_id}")
                // The suggestions as a textbox may offer them (no `aria-expanded`, which a
                // textbox must not carry, and no `combobox` role, which a textarea must not
                // take): the list it controls, its active option, their count in a live region.
                aria-autocomplete="list" aria-controls=list_id.clone()
                aria-activedescendant=active_option
                bind:value=text
                on:input=move |_| mentions.refresh()
                on:click=move |_| mentions.refresh()
                on:blur=move |_| mentions.close()
                on:keydown=on_keydown
                on:paste=on_paste
            ></textarea>
            <MentionList mentions=mentions id=list_id/>
            <p class="editor__count" id=count_id class:editor__count--over=over>
                {move || {
                    let (count, max) = (grouped(i18n, characters.get()), grouped(i18n, MAX_BODY_CHARS));
                    t!(i18n, thread.characters, count = count, max = max)
                }}
            </p>
            <p class="form-error editor__problem" aria-live="polite">
                {move || problem.get().map(|problem| describe_body_error(i18n, &problem))}
            </p>
            <section class="editor__preview" id=preview_id aria-label=move || t_string!(i18n, editor.preview)>
                <h3 class="editor__preview-title" aria-hidden="true">{t!(i18n, editor.preview)}</h3>
                {preview}
            </section>
        </div>
    }
}

/// Why a body cannot be posted, in the reader's language and naming the limit: the same words
/// as when the server refuses it.
pub fn describe_body_error(i18n: leptos_i18n::I18nContext<Locale>, error: &BodyError) -> String {
    reason_text(i18n, &Reason::from(error))
}
