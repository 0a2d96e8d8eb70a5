use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use schrieb_api::{CommentId, DecisionAction, Job, JobRequest, JobState, QueueFilter, QueueState};

use super::decision_text;
use super::queue_view::QUEUE_TITLE_ID;
use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};

/// How often a running job is asked how far it is.
const POLL: Duration = Duration::from_millis(400);

/// Which comments a bulk decision is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Those the moderator selected.
    Selected,
    /// Every comment of the queue that the filter picks.
    All,
}

/// Bulk decisions at the desk: approve or reject the selected items, or every comment of the
/// queue that the filter picks (a background job on the server, asked first, with its
/// progress shown until it is done). `on_done` hears when one ends (the queue is read again).
#[component]
pub fn BulkBar(
    /// The queue shown.
    state: QueueState,
    /// Its filter.
    filter: QueueFilter,
    /// How many comments the filter picks.
    #[prop(into)]
    total: Signal<u64>,
    /// The items the moderator selected.
    selected: RwSignal<BTreeSet<CommentId>>,
    /// Told when a job has ended.
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let filter = StoredValue::new(filter);
    // Asked first: which comments, and what.
    let asking = RwSignal::new(None::<(Scope, DecisionAction)>);
    let reason = RwSignal::new(String::new());
    let running = RwSignal::new(None::<Job>);
    let failure = RwSignal::new(None::<ClientError>);
    let published = state == QueueState::Reported;
    let verb = move |action: DecisionAction| decision_text(i18n, action, published);
    let start = move |(scope, action): (Scope, DecisionAction)| {
        let text = reason.get_untracked();
        let request = JobRequest {
            action,
            reason: (action == DecisionAction::Reject && !text.trim().is_empty()).then_some(text),
            state,
            filter: filter.get_value(),
            ids: (scope == Scope::Selected).then(|| selected.get_untracked().into_iter().collect()),
        };
        failure.set(None);
        leptos::task::spawn_local(async move {
            let mut job = match api::start_job(&request).await {
                Ok(job) => job,
                Err(error) => return failure.set(Some(error)),
            };
            asking.set(None);
            reason.set(String::new());
            loop {
                // The desk may have moved on to another queue meanwhile: then nobody listens.
                if running.try_set(Some(job.clone())).is_some() {
                    return;
                }
                if job.state != JobState::Running {
                    break;
                }
                crate::dom::sleep(POLL).await;
                job = match api::job(job.id).await {
                    Ok(job) => job,
                    Err(error) => {
                        failure.set(Some(error));
                        break;
                    }
                };
            }
            selected.try_set(BTreeSet::new());
            on_done.try_run(());
            // The items are read again: the focus goes to the queue's heading, not the page's top.
            request_animation_frame(|| crate::dom::reveal(Some(QUEUE_TITLE_ID)));
        });
    };
    let ask = move |scope: Scope, action: DecisionAction| {
        running.set(None);
        asking.set(Some((scope, action)));
        request_animation_frame(|| crate::dom::reveal(Some("bulk-confirm")));
    };
    // Closing the question without deciding: the focus goes back to the queue's heading.
    let close = move || {
        asking.set(None);
        crate::dom::reveal(Some(QUEUE_TITLE_ID));
    };
    let question = move || {
        let (scope, action) = asking.get()?;
        // Read once: the question stays as asked (and its field keeps the focus) while the
        // queue changes around it.
        let count = match scope {
            Scope::Selected => selected.with_untracked(BTreeSet::len) as u64,
            Scope::All => total.get_untracked(),
        };
        let words = t_string!(i18n, moderation.bulk_confirm, action = verb(action), count = count).to_string();
        Some(view! {
            <form class="queue-item__reject desk__bulk-confirm" on:submit=move |event| { event.prevent_default(); start((scope, action)); }
                on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); close(); }>
                <p id="bulk-confirm" tabindex="-1"><strong>{words}</strong></p>
                {(action == DecisionAction::Reject).then(|| view! {
                    <label class="field">
                        <span class="field__label">{t!(i18n, moderation.reason_label)}</span>
                        <input class="field__input" type="text" bind:value=reason/>
                    </label>
                })}
                <button class="button" type="submit">{verb(action)}</button>
                <button class="button button--quiet" type="button" on:click=move |_| close()>{t!(i18n, comment.cancel)}</button>
            </form>
        })
    };
    // The bar shows each step; the live region says only that the job runs, and how it ended.
    let progress = move || {
        let job = running.get()?;
        let decided = job.done + job.skipped;
        let words = t_string!(i18n, moderation.bulk_running, decided = decided, total = job.total).to_string();
        Some(view! {
            <div class="desk__bulk-progress">
                <progress max=job.total.max(1) value=decided aria-labelledby="bulk-progress"></progress>
                <span id="bulk-progress">{words}</span>
            </div>
        })
    };
    let outcome = move || {
        let job = running.get()?;
        Some(match job.state {
            JobState::Running => t_string!(i18n, moderation.bulk_started, total = job.total).to_string(),
            JobState::Finished => {
                t_string!(i18n, moderation.bulk_finished, done = job.done, skipped = job.skipped).to_string()
            }
            JobState::Interrupted => t_string!(i18n, moderation.bulk_interrupted, done = job.done).to_string(),
        })
    };
    let count = move || selected.with(BTreeSet::len);
    let some_chosen = move || count() > 0;
    let none_chosen = move || count() == 0 && total.get() > 0;
    view! {
        <div class="desk__bulk" role="group" aria-label=move || t_string!(i18n, moderation.bulk_label).to_owned()>
            <Show when=some_chosen>
                <span class="desk__bulk-count">{move || t_string!(i18n, moderation.bulk_selected, count = count()).to_string()}</span>
                <button class="button button--quiet" type="button" on:click=move |_| ask(Scope::Selected, DecisionAction::Approve)>
                    {move || verb(DecisionAction::Approve)}
                </button>
                <button class="button button--quiet" type="button" on:click=move |_| ask(Scope::Selected, DecisionAction::Reject)>
                    {move || verb(DecisionAction::Reject)}
                </button>
                <button class="link-button" type="button" on:click=move |_| selected.set(BTreeSet::new())>
                    {t!(i18n, moderation.bulk_clear)}
                </button>
            </Show>
            <Show when=none_chosen>
                <button class="button button--quiet" type="button" on:click=move |_| ask(Scope::All, DecisionAction::Approve)>
                    {move || t_string!(i18n, moderation.bulk_all, action = verb(DecisionAction::Approve), count = total.get()).to_string()}
                </button>
                <button class="button button--quiet" type="button" on:click=move |_| ask(Scope::All, DecisionAction::Reject)>
                    {move || t_string!(i18n, moderation.bulk_all, action = verb(DecisionAction::Reject), count = total.get()).to_string()}
                </button>
            </Show>
        </div>
        {question}
        {progress}
        <p class="desk__bulk-outcome" role="status" aria-live="polite">{move || outcome().unwrap_or_default()}</p>
        {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
    }
}
