use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{AccountRecord, CommentId, ModeratorNote, QueueFilter, QueueState, Sanction, SanctionKind};

use super::{LogList, LogOf, NoteForm, note_id};
use crate::components::comment::RelativeTime;
use crate::i18n::{t, t_string, use_i18n};

/// What the desk knows of a queue item's author: how long they have been here, where their
/// comments stand, their sanction, and moderators' notes (added with `n`); a link to the queue
/// of their comments alone, and their account's history.
#[component]
pub fn AuthorRecord(
    /// The queue item it belongs to.
    item: CommentId,
    /// The record, as the queue read it.
    record: AccountRecord,
    /// The queue shown (the "only this person" link stays in it).
    state: QueueState,
    /// Which item's note form is open.
    noting: RwSignal<Option<CommentId>>,
    /// Told what was done, in words.
    on_said: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = record.user.id;
    let name = record.user.display_name.clone();
    let notes = RwSignal::new(record.notes.clone());
    let history = RwSignal::new(false);
    let only = AppLink::Desk(state, &QueueFilter { author: Some(account), ..QueueFilter::default() }).href();
    let sanction = record.sanction.clone().map(|sanction| view! { <SanctionLine sanction=sanction/> });
    let counts = t_string!(
        i18n,
        moderation.record_counts,
        published = record.published,
        pending = record.pending,
        rejected = record.rejected
    )
    .to_string();
    let on_added = Callback::new(move |note: ModeratorNote| {
        notes.update(|notes| notes.insert(0, note));
        noting.set(None);
        on_said.run(t_string!(i18n, moderation.note_saved).to_owned());
        crate::dom::reveal(Some(&super::queue_card::item_id(item)));
    });
    let on_close = Callback::new(move |()| {
        noting.set(None);
        crate::dom::reveal(Some(&super::queue_card::item_id(item)));
    });
    let open = move || noting.get() == Some(item);
    let heading_id = format!("{}-record", super::queue_card::item_id(item));
    let labelled_by = heading_id.clone();
    let history_id = format!("{}-account-history", super::queue_card::item_id(item));
    view! {
        <section class="author-record" aria-labelledby=labelled_by>
            <h4 class="queue-item__reasons-title" id=heading_id>{t!(i18n, moderation.record_title, name = name.clone())}</h4>
            <p class="author-record__facts">
                {t!(i18n, moderation.record_since)} " " <RelativeTime time=record.created_at/> " · " {counts}
            </p>
            {sanction}
            {move || {
                let shown = notes.get();
                (!shown.is_empty()).then(|| view! {
                    <ul class="author-record__notes" aria-label=move || t_string!(i18n, moderation.notes_title).to_owned()>
                        {shown.into_iter().map(|note| view! {
                            <li>
                                <q>{note.body}</q>
                                <span class="report-list__meta">" · " {note.moderator.display_name} " · " <RelativeTime time=note.at/></span>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <div class="queue-item__actions queue-item__actions--author">
                <button class="button button--quiet" type="button" aria-expanded=move || open().to_string()
                    aria-controls=note_id(item) on:click=move |_| noting.set(if open() { None } else { Some(item) })>
                    {t!(i18n, moderation.note_add)} " " <kbd aria-hidden="true">"n"</kbd>
                </button>
                <button class="button button--quiet" type="button" aria-expanded=move || history.get().to_string()
                    aria-controls=history_id.clone() on:click=move |_| history.update(|shown| *shown = !*shown)>
                    {t!(i18n, moderation.account_history)}
                </button>
                <a class="button button--quiet" href=only>{t!(i18n, moderation.only_author, name = name.clone())}</a>
            </div>
            <Show when=open>
                <NoteForm item=item account=account on_added=on_added on_close=on_close/>
            </Show>
            <Show when=move || history.get()>
                <LogList of=LogOf::Account(account) id=history_id.clone()/>
            </Show>
        </section>
    }
}

/// The sanction an author is under, in words.
#[component]
fn SanctionLine(sanction: Sanction) -> impl IntoView {
    let i18n = use_i18n();
    let reason = sanction.reason.clone();
    let line = match (sanction.kind, sanction.until) {
        (SanctionKind::Ban, _) => view! { {t!(i18n, moderation.record_banned)} }.into_any(),
        (SanctionKind::Suspend, Some(until)) => {
            view! { {t!(i18n, moderation.record_suspended)} " " <RelativeTime time=until/> }.into_any()
        }
        _ => view! { {t!(i18n, moderation.record_premoderated)} }.into_any(),
    };
    view! { <p class="author-record__sanction"><strong>{line}</strong> ": " {reason}</p> }
}
