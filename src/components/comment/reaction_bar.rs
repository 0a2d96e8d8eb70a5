use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentId, ReactionCount, ReactionKind, Reactors};

use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::components::thread::{use_live_thread, with_mine};
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// The reactions under a comment: a button per kind used so far, with its count, pressed when
/// the reader reacted so, and "react" to pick any kind. Toggling needs an account (logged-out
/// readers are sent to log in). Who reacted shows on hover (the buttons' titles) and on tap
/// ("who?"), loaded when first asked for.
///
/// A thread page renders twenty of these, so only the kinds in use are built up front; the
/// other buttons are built when the picker opens.
#[component]
pub fn ReactionBar(
    /// The comment.
    comment: CommentId,
    /// Its reactions as loaded.
    reactions: Vec<ReactionCount>,
    /// The newest event of the thread its page shows: later changes of the counts (others'
    /// reactions, live) are applied.
    #[prop(optional)]
    event: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let live = use_live_thread();
    let loaded = match live.and_then(|live| live.reactions_untracked(comment, event)) {
        Some(now) => with_mine(now, &reactions),
        None => reactions,
    };
    let counts = RwSignal::new(loaded);
    if let Some(live) = live {
        // Others' reactions, as they happen; the reader's own stay marked as theirs.
        Effect::new(move |_| {
            if let Some(now) = live.reactions(comment, event) {
                counts.update(|counts| *counts = with_mine(now, counts));
            }
        });
    }
    let who = RwSignal::new(None::<Vec<Reactors>>);
    let showing_who = RwSignal::new(false);
    let picking = RwSignal::new(false);
    let react = use_write(move |&(kind, on): &(ReactionKind, bool)| async move {
        let now = api::react(comment, kind, on).await?;
        counts.set(now);
        who.set(None);
        Ok(())
    });
    let load_who = move || {
        if who.with_untracked(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(names) = api::reactors(comment).await {
                who.set(Some(names));
            }
        });
    };
    let toggle = move |kind: ReactionKind| {
        if !session.logged_in() {
            let here = format!("{}{}#c{comment}", location.pathname.get_untracked(), location.search.get_untracked());
            navigate(&AppLink::Login { next: Some(&here) }.href(), Default::default());
            return;
        }
        let on = !counts.with_untracked(|counts| counts.iter().any(|c| c.kind == kind && c.mine));
        picking.set(false);
        // Not held back while another kind is being sent: each answer is the whole state.
        react.action.dispatch_local((kind, on));
    };
    let button = move |ReactionCount { kind, count, mine }: ReactionCount| {
        let toggle = toggle.clone();
        let class = match (count, mine) {
            (_, true) => "reaction reaction--used reaction--mine",
            (0, false) => "reaction",
            (_, false) => "reaction reaction--used",
        };
        let label = move || match count {
            0 => reaction_name(i18n, kind),
            n => format!("{}: {n}", reaction_name(i18n, kind)),
        };
        let names = move || {
            who.with(|who| {
                who.as_ref()
                    .and_then(|who| who.iter().find(|r| r.kind == kind))
                    .map(|r| r.names.join(", "))
                    .unwrap_or_default()
            })
        };
        view! {
            <button class=class type="button" data-kind=kind.as_str() aria-pressed=mine.to_string() aria-label=label
                title=names on:mouseenter=move |_| load_who() on:focus=move |_| load_who() on:click=move |_| toggle(kind)>
                <span aria-hidden="true">{kind.emoji()}</span>
                {(count > 0).then(|| view! { <span class="reaction__count" aria-hidden="true">{count}</span> })}
            </button>
        }
    };
    let used = {
        let button = button.clone();
        move || counts.get().into_iter().map(button.clone()).collect_view()
    };
    let unused = move || {
        picking.get().then(|| {
            let taken = counts.get();
            ReactionKind::ALL
                .into_iter()
                .filter(|kind| !taken.iter().any(|c| c.kind == *kind))
                .map(|kind| button(ReactionCount { kind, count: 0, mine: false }))
                .collect_view()
        })
    };
    let any = move || counts.with(|counts| !counts.is_empty());
    view! {
        <div class="reactions" role="group" aria-label=move || t_string!(i18n, reactions.label).to_owned()>
            {used}
            {unused}
            <button class="reactions__pick" type="button" aria-expanded=move || picking.get().to_string()
                on:click=move |_| picking.update(|open| *open = !*open)>
                <span aria-hidden="true">"☺+ "</span>{t!(i18n, reactions.react)}
            </button>
            {move || any().then(|| view! {
                <button class="reactions__who" type="button" aria-expanded=move || showing_who.get().to_string()
                    on:click=move |_| { load_who(); showing_who.update(|open| *open = !*open); }>
                    {t!(i18n, reactions.who)}
                </button>
            })}
            {move || (showing_who.get() && any()).then(|| view! {
                <ul class="reactions__names">
                    {move || who.get().unwrap_or_default().into_iter().map(|r| view! {
                        <li><span aria-hidden="true">{r.kind.emoji()}</span> " " {r.names.join(", ")}</li>
                    }).collect_view()}
                </ul>
            })}
            {move || react.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
        </div>
    }
}

/// The reaction's name in the reader's language, for screen readers.
fn reaction_name(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, kind: ReactionKind) -> String {
    match kind {
        ReactionKind::Like => t_string!(i18n, reactions.like).to_owned(),
        ReactionKind::Love => t_string!(i18n, reactions.love).to_owned(),
        ReactionKind::Laugh => t_string!(i18n, reactions.laugh).to_owned(),
        ReactionKind::Wow => t_string!(i18n, reactions.wow).to_owned(),
        ReactionKind::Sad => t_string!(i18n, reactions.sad).to_owned(),
    }
}
