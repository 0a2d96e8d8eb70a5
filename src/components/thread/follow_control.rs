use leptos::prelude::*;
use schrieb_api::{FollowChoice, Slug, ThreadFollow};

use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;

/// For someone logged in, under the discussion's heading: how they are notified of this
/// thread (answers and mentions, every new comment, or nothing). Read once the app has the
/// page; a change is saved at once.
#[component]
pub fn FollowControl(
    /// The thread.
    slug: Slug,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let choice = RwSignal::new(None::<FollowChoice>);
    let loading_slug = slug.clone();
    Effect::new(move |_| {
        if !session.logged_in() {
            return;
        }
        let slug = loading_slug.clone();
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::follow(&slug).await {
                choice.try_set(Some(found.state));
            }
        });
    });
    // Each choice is sent as made (none dropped while another is on its way); the newest
    // answer is the one shown.
    let failure = RwSignal::new(None::<ClientError>);
    let sent = StoredValue::new(0_u64);
    let slug = StoredValue::new(slug);
    let save = move |state: FollowChoice| {
        let slug = slug.get_value();
        sent.update_value(|sent| *sent += 1);
        let this = sent.get_value();
        leptos::task::spawn_local(async move {
            let answer = api::set_follow(&slug, &ThreadFollow { state }).await;
            if sent.try_get_value() != Some(this) {
                return;
            }
            match answer {
                Ok(saved) => {
                    choice.try_set(Some(saved.state));
                    failure.try_set(None);
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let picked = move |event: leptos::ev::Event| {
        let state = match event_target_value(&event).as_str() {
            "follow" => FollowChoice::Follow,
            "mute" => FollowChoice::Mute,
            _ => FollowChoice::Default,
        };
        save(state);
    };
    // Drawn from the first render (the server knows who is logged in), so nothing moves when
    // the choice arrives; until then it cannot be changed.
    let value = move || match choice.get().unwrap_or_default() {
        FollowChoice::Default => "default",
        FollowChoice::Follow => "follow",
        FollowChoice::Mute => "mute",
    };
    move || {
        session.logged_in().then(|| {
            view! {
                <p class="follow-control">
                    <label for="follow-choice">{t!(i18n, notifications.follow_label)}</label>
                    " "
                    <select id="follow-choice" on:change=picked prop:value=value disabled=move || choice.get().is_none()>
                        <option value="default">{t!(i18n, notifications.follow_default)}</option>
                        <option value="follow">{t!(i18n, notifications.follow_follow)}</option>
                        <option value="mute">{t!(i18n, notifications.follow_mute)}</option>
                    </select>
                    {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                </p>
            }
        })
    }
}
