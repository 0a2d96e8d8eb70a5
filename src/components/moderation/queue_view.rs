use std::collections::BTreeSet;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use schrieb_api::{
    CommentId, CommentState, DecisionAction, DecisionRequest, ErrorKind, QueueFilter, QueueItem, QueueState, Reason,
    SanctionKind,
};
use wasm_bindgen::JsCast;

use super::queue_card::{item_id, reason_id};
use super::{BulkBar, KeyHelp, QueueCard, Verdict, edit_id, note_id, sanction_id};
use crate::api::{self, ClientError};
use crate::components::feedback::{ErrorMessage, ErrorPanel};
use crate::components::thread::CommentSkeletons;
use crate::dom::reveal;
use crate::i18n::{t, t_string, use_i18n};

/// The DOM id of the queue's heading, which keeps the focus when the queue is emptied.
pub const QUEUE_TITLE_ID: &str = "queue-title";

/// A queue at the desk, narrowed and ordered by its filter, cleared by button or by key: `j`/`k`
/// move, `a` approves, `r` asks for a reason and rejects, `e` edits and approves, `b`/`s` ban or
/// suspend the author, `n` notes on them, `x` selects for a bulk decision, `?` lists the keys. After a decision the focus moves to
/// the next item (or the heading of an empty queue), never to the page's top. `on_decided`
/// hears of each decision (the desk counts again).
#[component]
pub fn QueueView(
    /// Which queue.
    state: QueueState,
    /// Which of its comments, in which order.
    filter: QueueFilter,
    /// Told after each decision.
    on_decided: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let narrowed = filter.narrows();
    let bulk_filter = filter.clone();
    let loaded = LocalResource::new(move || {
        let filter = filter.clone();
        async move { api::moderation_queue(state, 1, &filter).await }
    });
    let items = RwSignal::new(Vec::<QueueItem>::new());
    let total = RwSignal::new(0_u64);
    let selected = RwSignal::new(0_usize);
    let focus_at = move |index: usize| {
        let target = items.with_untracked(|items| items.get(index).map(|item| item_id(item.comment.id)));
        request_animation_frame(move || reveal(Some(target.as_deref().unwrap_or(QUEUE_TITLE_ID))));
    };
    // Set when the queue is read again under the moderator's hands (a comment changed since
    // they read it): the new cards replace the old, and the focus goes back to the chosen one.
    let refocus = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(queue)) = loaded.get() {
            total.set(queue.total);
            items.set(queue.items);
            if refocus.get_untracked() {
                refocus.set(false);
                let index = selected.get_untracked().min(items.with_untracked(Vec::len).saturating_sub(1));
                focus_at(index);
            }
        }
    });
    let rejecting = RwSignal::new(None::<CommentId>);
    let sanctioning = RwSignal::new(None::<(CommentId, SanctionKind)>);
    let noting = RwSignal::new(None::<CommentId>);
    let editing = RwSignal::new(None::<CommentId>);
    let chosen = RwSignal::new(BTreeSet::<CommentId>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let said = RwSignal::new(String::new());
    let help = RwSignal::new(false);

    let decide = move |Verdict { id, action, reason, body }: Verdict| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            // What the moderator read: a comment that changed since is not decided unseen.
            let seen = items.with_untracked(|items| {
                items
                    .iter()
                    .find(|item| item.comment.id == id)
                    .map(|item| (item.comment.state, item.comment.edit_count, item.open_reports))
            });
            let request = DecisionRequest {
                action,
                reason,
                state: seen.map(|(state, ..)| state),
                edit_count: seen.map(|(_, edits, _)| edits),
                reports: seen.map(|(.., reports)| reports),
                body,
            };
            let result = api::decide(id, &request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    // A reported comment readers still saw was kept, not approved.
                    let reported = request.state == Some(CommentState::Published);
                    said.set(match action {
                        DecisionAction::Approve if reported => t_string!(i18n, moderation.kept).to_owned(),
                        DecisionAction::Approve => t_string!(i18n, moderation.approved).to_owned(),
                        DecisionAction::Reject => t_string!(i18n, moderation.rejected).to_owned(),
                    });
                    remove(items, total, id);
                    chosen.update(|chosen| {
                        chosen.remove(&id);
                    });
                    editing.set(None);
                }
                // Decided elsewhere meanwhile: said in words, and the item goes (its decision
                // stands). Edited since it was read: said, and the queue is read again, so the
                // moderator reads the new body before deciding. Another failure leaves it.
                Err(error) => {
                    let conflict = match &error {
                        ClientError::Api(api) if api.error == ErrorKind::Conflict => Some(api.reason.clone()),
                        _ => None,
                    };
                    failure.set(Some(error));
                    // A refused edit (a broken rule, too many writes) stays open with its text;
                    // a conflict shows the comment as it is now.
                    if conflict.is_some() {
                        editing.set(None);
                    }
                    match conflict {
                        Some(Some(Reason::EditedSinceSeen { .. } | Reason::ReportedSinceSeen { .. })) => {
                            refocus.set(true);
                            loaded.refetch();
                        }
                        Some(_) => remove(items, total, id),
                        None => {}
                    }
                }
            }
            rejecting.set(None);
            let index = selected.get_untracked().min(items.with_untracked(Vec::len).saturating_sub(1));
            selected.set(index);
            focus_at(index);
            on_decided.run(());
        });
    };
    let on_decide = Callback::new(decide);
    // A sanction said in words; the focus goes back to its item.
    let on_sanctioned = Callback::new(move |words: String| {
        said.set(words);
        if let Some((id, _)) = sanctioning.get_untracked() {
            sanctioning.set(None);
            request_animation_frame(move || reveal(Some(&item_id(id))));
        }
    });
    let on_said = Callback::new(move |words: String| said.set(words));
    // A bulk decision has ended: the queue and the counts are read again.
    let on_bulk_done = Callback::new(move |()| {
        loaded.refetch();
        on_decided.run(());
    });
    let on_focus = Callback::new(move |id: CommentId| {
        if let Some(index) = items.with_untracked(|items| items.iter().position(|item| item.comment.id == id)) {
            selected.set(index);
        }
    });
    let on_key = move |event: KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(&event) {
            return;
        }
        let count = items.with_untracked(Vec::len);
        let current = selected.get_untracked().min(count.saturating_sub(1));
        let here = items.with_untracked(|items| items.get(current).map(|item| item.comment.id));
        // From outside the items (the heading, the tabs), `j` and `k` go to the chosen item first.
        let inside = in_item(&event);
        match event.key().as_str() {
            "j" if count > 0 => {
                selected.set(if inside { (current + 1).min(count - 1) } else { current });
                focus_at(selected.get_untracked());
            }
            "k" if count > 0 => {
                selected.set(if inside { current.saturating_sub(1) } else { current });
                focus_at(selected.get_untracked());
            }
            "a" => {
                if let Some(id) = here {
                    decide(Verdict { id, action: DecisionAction::Approve, reason: None, body: None });
                }
            }
            "r" => {
                if let Some(id) = here {
                    rejecting.set(Some(id));
                    request_animation_frame(move || reveal(Some(&reason_id(id))));
                }
            }
            "b" | "s" => {
                // Guests share one account: their items offer no sanction.
                let member =
                    items.with_untracked(|items| items.get(current).is_some_and(|item| !item.comment.author.guest));
                if let (Some(id), true) = (here, member) {
                    let kind = if event.key() == "b" { SanctionKind::Ban } else { SanctionKind::Suspend };
                    sanctioning.set(Some((id, kind)));
                    request_animation_frame(move || reveal(Some(&sanction_id(id))));
                }
            }
            "x" => {
                if let Some(id) = here {
                    chosen.update(|chosen| {
                        if !chosen.remove(&id) {
                            chosen.insert(id);
                        }
                    });
                }
            }
            "e" => {
                if let Some(id) = here {
                    editing.set(Some(id));
                    request_animation_frame(move || reveal(Some(&edit_id(id))));
                }
            }
            "n" => {
                let member = items.with_untracked(|items| items.get(current).is_some_and(|item| item.record.is_some()));
                if let (Some(id), true) = (here, member) {
                    noting.set(Some(id));
                    request_animation_frame(move || reveal(Some(&note_id(id))));
                }
            }
            "?" => help.update(|shown| *shown = !*shown),
            _ => return,
        }
        event.prevent_default();
    };
    let list = move || {
        let shown = items.get();
        if shown.is_empty() {
            let empty =
                if narrowed { t_string!(i18n, moderation.empty_filtered) } else { t_string!(i18n, moderation.empty) };
            return view! { <p class="desk__empty">{empty}</p> }.into_any();
        }
        view! {
            <ol class="queue" aria-labelledby=QUEUE_TITLE_ID>
                {shown
                    .into_iter()
                    .enumerate()
                    .map(|(index, item)| view! {
                        <QueueCard item=item state=state selected=Signal::derive(move || selected.get() == index)
                            rejecting=rejecting sanctioning=sanctioning on_sanctioned=on_sanctioned noting=noting
                            on_said=on_said busy=busy on_decide=on_decide editing=editing chosen=chosen on_focus=on_focus/>
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <div class="desk__queue" on:keydown=on_key>
            <h2 class="desk__queue-title" id=QUEUE_TITLE_ID tabindex="-1">
                {move || t_string!(i18n, moderation.queue_heading, count = total.get())}
            </h2>
            <p class="desk__hint">
                {t!(i18n, moderation.keys_hint)} " "
                <button class="link-button" type="button" aria-expanded=move || help.get().to_string()
                    aria-controls="key-help" on:click=move |_| help.update(|shown| *shown = !*shown)>
                    {t!(i18n, moderation.keys_show)}
                </button>
            </p>
            <Show when=move || help.get()><KeyHelp/></Show>
            <BulkBar state=state filter=bulk_filter total=total selected=chosen on_done=on_bulk_done/>
            <p class="desk__announcement" role="status" aria-live="polite">{move || said.get()}</p>
            {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            {move || match loaded.get() {
                None => view! { <CommentSkeletons count=2/> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
                Some(Ok(_)) => list().into_any(),
            }}
        </div>
    }
}

/// Takes comment `id` out of the shown queue.
fn remove(items: RwSignal<Vec<QueueItem>>, total: RwSignal<u64>, id: CommentId) {
    items.update(|items| items.retain(|item| item.comment.id != id));
    total.update(|total| *total = total.saturating_sub(1));
}

/// Whether a key went to a queue item or something in it.
fn in_item(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| element.closest(".queue-item").ok().flatten().is_some())
}

/// Whether a key went to a field (typing a reason), where letters are letters.
fn typing(event: &KeyboardEvent) -> bool {
    event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()).is_some_and(|element| {
        // A checkbox or a button takes no letters: the desk's keys go on working there.
        let kind = element.get_attribute("type").unwrap_or_default();
        match element.tag_name().as_str() {
            "INPUT" => !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit"),
            "TEXTAREA" | "SELECT" => true,
            _ => element.closest("[contenteditable]").ok().flatten().is_some(),
        }
    })
}
