use std::collections::BTreeSet;

use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{Check, CommentId, CommentState, DecisionAction, QueueItem, QueueState, SanctionKind, WordMatch};

use super::{
    AuthorRecord, EditApproveForm, LogList, LogOf, ReportList, SanctionForm, WordMarks, decision_text, edit_id,
    finding_text,
};
use crate::components::comment::RelativeTime;
use crate::components::markup::{MarkupView, References};
use crate::i18n::{t, t_string, use_i18n};

/// The DOM id of the queue item for comment `id`, which the desk's keys focus.
pub fn item_id(id: CommentId) -> String {
    format!("q{id}")
}

/// The DOM id of the reason field of the queue item for comment `id`.
pub fn reason_id(id: CommentId) -> String {
    format!("q{id}-reason")
}

/// A moderator's decision about a queue item, as its card asks the queue to make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The comment.
    pub id: CommentId,
    /// Approve (keep) or reject (remove).
    pub action: DecisionAction,
    /// Why, for the author.
    pub reason: Option<String>,
    /// The body as the moderator edited it.
    pub body: Option<String>,
}

/// One comment in a queue: who wrote it where and when, why it waits (the checks' findings,
/// the matched words marked), the comment as readers would see it, and the decisions.
#[component]
pub fn QueueCard(
    /// The queue's item.
    item: QueueItem,
    /// The queue it is in.
    state: QueueState,
    /// Whether the desk's keys act on it.
    #[prop(into)]
    selected: Signal<bool>,
    /// Which item's reason field is open (rejecting asks for a reason first).
    rejecting: RwSignal<Option<CommentId>>,
    /// Which item's sanction form is open, and for what.
    sanctioning: RwSignal<Option<(CommentId, SanctionKind)>>,
    /// Told what a sanction did, in words.
    on_sanctioned: Callback<String>,
    /// Which item's note form is open.
    noting: RwSignal<Option<CommentId>>,
    /// Told what else was done (a note), in words.
    on_said: Callback<String>,
    /// Whether a decision is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Told of a decision.
    on_decide: Callback<Verdict>,
    /// Which item's edit form is open.
    editing: RwSignal<Option<CommentId>>,
    /// The items selected for a bulk decision.
    chosen: RwSignal<BTreeSet<CommentId>>,
    /// Told when the item gets the focus, so that the keys act on it.
    on_focus: Callback<CommentId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let QueueItem { comment, article_title, reasons, reports, record, .. } = item;
    // A reported comment readers still see is kept or removed; a held one approved or rejected.
    let published = comment.state == CommentState::Published;
    let id = comment.id;
    let references = References::of(&comment);
    let matches: Vec<WordMatch> = reasons
        .iter()
        .flat_map(|finding| match &finding.check {
            Check::Words { banned, suspect } => banned.iter().chain(suspect).cloned().collect(),
            _ => Vec::new(),
        })
        .collect();
    // A published comment's own checks passed: what matters is its reports. A comment stored
    // without checks (the demo, an import) has none to show.
    let found = (!published && !reasons.is_empty()).then(|| {
        let found = reasons.iter().map(|finding| view! { <li>{finding_text(i18n, finding)}</li> }).collect_view();
        view! {
            <h4 class="queue-item__reasons-title">{t!(i18n, moderation.why)}</h4>
            <ul class="queue-item__findings">{found}</ul>
        }
    });
    let reports = (!reports.is_empty()).then(|| view! { <ReportList reports=reports/> });
    let marks = (!matches.is_empty()).then(|| view! { <WordMarks body=comment.body.clone() matches=matches/> });
    let place = AppLink::Comment(id).href();
    // Guests share one account: there is nobody to sanction.
    let author = (!comment.author.guest).then(|| (comment.author.id, comment.author.display_name.clone()));
    let sanction_form = {
        let author = author.clone();
        move || {
            let (account, name) = author.clone()?;
            let (_, kind) = sanctioning.get().filter(|(item, _)| *item == id)?;
            let close = move |()| {
                sanctioning.set(None);
                crate::dom::reveal(Some(&item_id(id)));
            };
            Some(
                view! { <SanctionForm item=id account=account name=name kind=kind on_close=close on_done=on_sanctioned/> },
            )
        }
    };
    let sanction_buttons = author.map(|_| {
        let toggle = move |kind: SanctionKind| {
            let open = sanctioning.get_untracked() == Some((id, kind));
            sanctioning.set((!open).then_some((id, kind)));
        };
        let expanded = move |kind: SanctionKind| move || (sanctioning.get() == Some((id, kind))).to_string();
        view! {
            <div class="queue-item__actions queue-item__actions--author">
                <button class="button button--quiet" type="button" aria-expanded=expanded(SanctionKind::Ban)
                    on:click=move |_| toggle(SanctionKind::Ban)>
                    {t!(i18n, moderation.ban)} " " <kbd aria-hidden="true">"b"</kbd>
                </button>
                <button class="button button--quiet" type="button" aria-expanded=expanded(SanctionKind::Suspend)
                    on:click=move |_| toggle(SanctionKind::Suspend)>
                    {t!(i18n, moderation.suspend)} " " <kbd aria-hidden="true">"s"</kbd>
                </button>
                <button class="button button--quiet" type="button" aria-expanded=expanded(SanctionKind::Premoderate)
                    on:click=move |_| toggle(SanctionKind::Premoderate)>
                    {t!(i18n, moderation.premoderate)}
                </button>
            </div>
        }
    });
    let record =
        record.map(|record| view! { <AuthorRecord item=id record=record state=state noting=noting on_said=on_said/> });
    let history = RwSignal::new(false);
    let editing_this = move || editing.get() == Some(id);
    let edit_body = comment.body.clone();
    let edit_references = references.clone();
    let close_edit = Callback::new(move |()| {
        editing.set(None);
        crate::dom::reveal(Some(&item_id(id)));
    });
    let history_id = format!("{}-history", item_id(id));
    let heading = format!("{}-author", item_id(id));
    let labelled_by = heading.clone();
    let reason = RwSignal::new(String::new());
    let open = move || rejecting.get() == Some(id);
    let reject = move || {
        let text = reason.get_untracked();
        let text = (!text.trim().is_empty()).then_some(text);
        on_decide.run(Verdict { id, action: DecisionAction::Reject, reason: text, body: None });
    };
    view! {
        <li class="queue-item" class:queue-item--selected=move || selected.get() id=item_id(id) tabindex="-1"
            aria-labelledby=labelled_by on:focusin=move |_| on_focus.run(id)>
            <article class="queue-item__card">
                <header class="queue-item__header">
                    <label class="queue-item__choose">
                        <input type="checkbox" aria-describedby=format!("{}-author", item_id(id))
                            prop:checked=move || chosen.with(|chosen| chosen.contains(&id))
                            on:change=move |_| chosen.update(|chosen| if !chosen.remove(&id) { chosen.insert(id); })/>
                        " " {t!(i18n, moderation.choose)} " " <kbd aria-hidden="true">"x"</kbd>
                    </label>
                    <h3 class="queue-item__author" id=heading>{comment.author.display_name.clone()}
                        {comment.author.guest.then(|| view! { " " <span class="comment__guest">{t!(i18n, comment.guest)}</span> })}
                    </h3>
                    <p class="queue-item__where">
                        <RelativeTime time=comment.created_at/> " · "
                        <a href=place>{t!(i18n, moderation.in_thread, article = article_title.clone())}</a>
                    </p>
                </header>
                <div class="queue-item__reasons">
                    {found}
                    {marks}
                    {reports}
                </div>
                <div class="comment__body queue-item__body">
                    <MarkupView source=comment.body.clone() references=references/>
                </div>
                <div class="queue-item__actions">
                    <button class="button" type="button" disabled=move || busy.get()
                        on:click=move |_| on_decide.run(Verdict { id, action: DecisionAction::Approve, reason: None, body: None })>
                        {move || decision_text(i18n, DecisionAction::Approve, published)}
                        " " <kbd aria-hidden="true">"a"</kbd>
                    </button>
                    <button class="button button--quiet" type="button" disabled=move || busy.get()
                        aria-expanded=move || open().to_string() aria-controls=reason_id(id)
                        on:click=move |_| rejecting.set(if open() { None } else { Some(id) })>
                        {move || decision_text(i18n, DecisionAction::Reject, published)}
                        " " <kbd aria-hidden="true">"r"</kbd>
                    </button>
                    <button class="button button--quiet" type="button" disabled=move || busy.get()
                        aria-expanded=move || editing_this().to_string() aria-controls=edit_id(id)
                        on:click=move |_| editing.set(if editing_this() { None } else { Some(id) })>
                        {move || if published { t_string!(i18n, moderation.edit_keep) } else { t_string!(i18n, moderation.edit_approve) }}
                        " " <kbd aria-hidden="true">"e"</kbd>
                    </button>
                    <button class="button button--quiet" type="button" aria-expanded=move || history.get().to_string()
                        aria-controls=history_id.clone() on:click=move |_| history.update(|shown| *shown = !*shown)>
                        {t!(i18n, moderation.comment_history)}
                    </button>
                </div>
                <Show when=editing_this>
                    <EditApproveForm item=id body=edit_body.clone() references=edit_references.clone() published=published
                        busy=busy on_decide=on_decide on_close=close_edit/>
                </Show>
                <Show when=move || history.get()>
                    <LogList of=LogOf::Comment(id) id=history_id.clone()/>
                </Show>
                {sanction_buttons}
                {sanction_form}
                {record}
                <Show when=open>
                    <form class="queue-item__reject" on:submit=move |event| { event.prevent_default(); reject(); }>
                        <label class="field">
                            <span class="field__label">{t!(i18n, moderation.reason_label)}</span>
                            <input class="field__input" type="text" id=reason_id(id) maxlength="500"
                                placeholder=move || t_string!(i18n, moderation.reason_placeholder).to_owned()
                                bind:value=reason
                                on:keydown=move |event| if event.key() == "Escape" {
                                    event.prevent_default();
                                    rejecting.set(None);
                                    crate::dom::reveal(Some(&item_id(id)));
                                }/>
                        </label>
                        <button class="button" type="submit" disabled=move || busy.get()>{t!(i18n, moderation.reject_confirm)}</button>
                    </form>
                </Show>
            </article>
        </li>
    }
}
