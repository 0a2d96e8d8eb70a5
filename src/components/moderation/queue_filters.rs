use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use schrieb_api::paths::AppLink;
use schrieb_api::{QueueFilter, QueueReason, QueueSort, QueueState, Slug, UserId};

use super::queue_reason_text;
use crate::api;
use crate::i18n::{t, t_string, use_i18n};

/// The desk's filter: the queue of one article, of one reason, in one order; and, when the
/// moderator chose "only this person" on an item, that author, with a way back to everyone.
/// Each choice is a link of its own (`/moderation?queue=…&article=…`): the back button and a
/// shared address show the same queue, and the fields follow the address (`prop:value`: once a
/// moderator has picked an option, the browser no longer reads `selected`).
#[component]
pub fn QueueFilters(
    /// The queue shown.
    #[prop(into)]
    state: Signal<QueueState>,
    /// Its filter, as the address says.
    #[prop(into)]
    filter: Signal<QueueFilter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let articles = LocalResource::new(api::articles);
    let go = move |change: &dyn Fn(&mut QueueFilter)| {
        let mut next = filter.get_untracked();
        change(&mut next);
        navigate(&AppLink::Desk(state.get_untracked(), &next).href(), Default::default());
    };
    let go = StoredValue::new_local(go);
    let on_article = move |event: leptos::ev::Event| {
        let slug = Slug::parse(&event_target_value(&event)).ok();
        go.with_value(|go| go(&|filter| filter.article = slug.clone()));
    };
    let on_reason = move |event: leptos::ev::Event| {
        let reason = QueueReason::from_name(&event_target_value(&event));
        go.with_value(|go| go(&|filter| filter.reason = reason));
    };
    let on_sort = move |event: leptos::ev::Event| {
        let sort = if event_target_value(&event) == QueueSort::MostReported.as_str() {
            QueueSort::MostReported
        } else {
            QueueSort::Oldest
        };
        go.with_value(|go| go(&|filter| filter.sort = sort));
    };
    let chosen_article = move || filter.with(|filter| filter.article.as_ref().map(|slug| slug.as_str().to_owned()));
    let article_options = move || {
        let list = articles.get().and_then(Result::ok).map(|list| list.items).unwrap_or_default();
        let chosen = chosen_article();
        // A slug from the address that the list does not have still shows as chosen.
        let unknown = chosen.clone().filter(|slug| !list.iter().any(|article| article.slug.as_str() == slug));
        let known = list
            .into_iter()
            .map(|article| {
                let slug = article.slug.as_str().to_owned();
                let selected = chosen.as_deref() == Some(slug.as_str());
                view! { <option value=slug selected=selected>{article.title}</option> }
            })
            .collect_view();
        view! {
            {unknown.map(|slug| view! { <option value=slug.clone() selected=true>{slug.clone()}</option> })}
            {known}
        }
    };
    let reason_options = QueueReason::ALL
        .into_iter()
        .map(|reason| {
            let selected = move || filter.with(|filter| filter.reason == Some(reason));
            view! { <option value=reason.as_str() selected=selected>{queue_reason_text(i18n, reason)}</option> }
        })
        .collect_view();
    let most_reported = move || filter.with(|filter| filter.sort == QueueSort::MostReported);
    let author = move || filter.with(|filter| filter.author);
    view! {
        <form class="desk__filters" role="search" aria-label=move || t_string!(i18n, moderation.filters_label).to_owned()
            on:submit=|event| event.prevent_default()>
            <div class="field">
                <label class="field__label" for="desk-article">{t!(i18n, moderation.filter_article)}</label>
                <select class="field__input" id="desk-article" on:change=on_article
                    prop:value=move || chosen_article().unwrap_or_default()>
                    <option value="" selected=move || chosen_article().is_none()>{t!(i18n, moderation.filter_article_all)}</option>
                    {article_options}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="desk-reason">{t!(i18n, moderation.filter_reason)}</label>
                <select class="field__input" id="desk-reason" on:change=on_reason
                    prop:value=move || filter.with(|filter| filter.reason.map(QueueReason::as_str).unwrap_or_default())>
                    <option value="" selected=move || filter.with(|filter| filter.reason.is_none())>{t!(i18n, moderation.filter_reason_all)}</option>
                    {reason_options}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="desk-sort">{t!(i18n, moderation.filter_sort)}</label>
                <select class="field__input" id="desk-sort" on:change=on_sort
                    prop:value=move || filter.with(|filter| filter.sort.as_str())>
                    <option value=QueueSort::Oldest.as_str() selected=move || !most_reported()>{t!(i18n, moderation.sort_oldest)}</option>
                    <option value=QueueSort::MostReported.as_str() selected=most_reported>{t!(i18n, moderation.sort_most_reported)}</option>
                </select>
            </div>
            {move || author().map(|id| view! { <AuthorChip id=id state=state filter=filter/> })}
        </form>
    }
}

/// "Only comments by …", named once the record is read, with the link back to everyone's.
#[component]
fn AuthorChip(id: UserId, state: Signal<QueueState>, filter: Signal<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let record = LocalResource::new(move || api::account_record(id));
    let name = move || {
        record.get().and_then(Result::ok).map(|record| record.user.display_name).unwrap_or_else(|| format!("#{id}"))
    };
    let everyone = move || {
        let mut all = filter.get();
        all.author = None;
        AppLink::Desk(state.get(), &all).href()
    };
    view! {
        <p class="desk__author-filter">
            {move || t_string!(i18n, moderation.filter_author, name = name()).to_string()} " "
            <a href=everyone>{t!(i18n, moderation.filter_author_clear)}</a>
        </p>
    }
}
