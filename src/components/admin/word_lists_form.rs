use leptos::prelude::*;
use schrieb_api::{WordEntry, WordLists, WordSeverity, word_list_file};

use super::{FileImport, append_lines};
use crate::api;
use crate::components::feedback::{ErrorMessage, ErrorPanel, reason_text};
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// A site's word lists: banned words refuse a comment, suspect ones hold it. One entry per
/// line (`*` at an entry's start or end matches inside longer words), edited here or imported
/// from text files; entries with no letters or digits are pointed out, as they match nothing.
/// The lists are checked before sending and replaced whole.
#[component]
pub fn WordListsForm(
    /// The site.
    site: String,
) -> impl IntoView {
    let site = StoredValue::new(site);
    let loaded = LocalResource::new(move || async move { api::site_words(&site.get_value()).await });
    view! {
        {move || match loaded.get() {
            None => ().into_any(),
            Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
            Some(Ok(lists)) => view! { <WordFields site=site.get_value() lists=lists/> }.into_any(),
        }}
    }
}

/// The lists of `severity`, a line each.
fn lines(lists: &WordLists, severity: WordSeverity) -> String {
    lists
        .words
        .iter()
        .filter(|word| word.severity == severity)
        .map(|word| word.entry.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
fn WordFields(site: String, lists: WordLists) -> impl IntoView {
    let i18n = use_i18n();
    let banned = RwSignal::new(lines(&lists, WordSeverity::Banned));
    let suspect = RwSignal::new(lines(&lists, WordSeverity::Suspect));
    let problem = RwSignal::new(None::<String>);
    let site = StoredValue::new(site);
    let entries = move || {
        let mut words = word_list_file(&banned.get(), WordSeverity::Banned);
        words.extend(word_list_file(&suspect.get(), WordSeverity::Suspect));
        words
    };
    let save = use_write(move |lists: &WordLists| {
        let lists = lists.clone();
        async move { api::set_site_words(&site.get_value(), &lists).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lists = WordLists { words: entries() };
        match lists.check() {
            Ok(()) => {
                problem.set(None);
                save.send(lists);
            }
            Err(error) => problem.set(Some(reason_text(i18n, &error.reason))),
        }
    };
    let matching_nothing = move || {
        entries()
            .into_iter()
            .filter(|word| !word.matches_something())
            .map(|word: WordEntry| word.entry)
            .collect::<Vec<_>>()
    };
    let saved = move || {
        save.success.get().map(|lists| {
            let banned = lists.words.iter().filter(|word| word.severity == WordSeverity::Banned).count();
            let suspect = lists.words.len() - banned;
            t_string!(i18n, admin.words_saved, banned = banned, suspect = suspect).to_string()
        })
    };
    view! {
        <form class="admin-form" on:submit=submit>
            <div class="admin-form__lists">
                <div class="field">
                    <label class="field__label" for="words-banned">{t!(i18n, admin.banned_words)}</label>
                    <textarea class="field__input" id="words-banned" rows="8" aria-describedby="words-hint"
                        bind:value=banned></textarea>
                    <FileImport id="words-banned-file".into() on_text=Callback::new(move |text: String| append_lines(banned, &text))/>
                </div>
                <div class="field">
                    <label class="field__label" for="words-suspect">{t!(i18n, admin.suspect_words)}</label>
                    <textarea class="field__input" id="words-suspect" rows="8" aria-describedby="words-hint"
                        bind:value=suspect></textarea>
                    <FileImport id="words-suspect-file".into() on_text=Callback::new(move |text: String| append_lines(suspect, &text))/>
                </div>
            </div>
            <p class="field__hint" id="words-hint">{t!(i18n, admin.words_hint)}</p>
            {move || {
                let nothing = matching_nothing();
                (!nothing.is_empty()).then(|| view! {
                    <p class="admin-form__warning" role="status">
                        {t_string!(i18n, admin.words_match_nothing, entries = nothing.join(", ")).to_string()}
                    </p>
                })
            }}
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <p role="status" class="admin-form__saved">{saved}</p>
            <button class="button" type="submit" disabled=move || save.pending.get()>{t!(i18n, admin.save_words)}</button>
        </form>
    }
}
