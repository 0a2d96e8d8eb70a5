use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use schrieb_api::Role;
use schrieb_api::paths::AppLink;

use crate::components::account::{DataExport, DeleteAccountForm, LoginForm, PasswordForm};
use crate::components::notifications::NotificationSettingsForm;
use crate::dom;
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// `/account`: who is logged in, their profile link, how they hear of notifications, changing
/// the password, downloading everything stored about them, and deleting the account.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let role = move |role: Role| match role {
        Role::Reader => t!(i18n, account.role_reader).into_any(),
        Role::Moderator => t!(i18n, account.role_moderator).into_any(),
        Role::Admin => t!(i18n, account.role_admin).into_any(),
    };
    let settings_id = settings_anchor();
    // Once the account is deleted the page says so, and takes the focus there, instead of
    // offering to log in.
    let deleted = RwSignal::new(false);
    let farewell = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(note) = farewell.get() {
            let _ = note.focus();
        }
    });
    // `/account#notification-settings` (the mails' "settings" link, the unsubscribe page's):
    // the heading is drawn only once the session is known, after the browser looked for it,
    // so the page lands on it then.
    let landing_id = settings_id.clone();
    Effect::new(move |_| {
        let there = location.hash.with(|hash| hash.strip_prefix('#') == Some(landing_id.as_str()));
        if there && session.logged_in() {
            let id = landing_id.clone();
            request_animation_frame(move || dom::land_on(&id));
        }
    });
    view! {
        <Title text=move || t_string!(i18n, account.account_title).to_owned()/>
        <section class="account-page account-page--wide" aria-labelledby="account-title">
            <h1 id="account-title">{t!(i18n, account.account_title)}</h1>
            {move || match session.me.get() {
                Some(me) => view! {
                    <dl class="account-page__facts">
                        <dt>{t!(i18n, account.display_name)}</dt><dd>{me.display_name.clone()}</dd>
                        <dt>{t!(i18n, account.email)}</dt><dd>{me.email.clone()}</dd>
                        <dt>{t!(i18n, account.role)}</dt><dd>{role(me.role)}</dd>
                    </dl>
                    <p><a href=format!("/u/{}", me.id)>{t!(i18n, account.profile)}</a></p>
                    <h2 id=settings_id.clone() tabindex="-1">{t!(i18n, notifications.settings_title)}</h2>
                    <NotificationSettingsForm/>
                    <h2>{t!(i18n, account.change_password)}</h2>
                    <PasswordForm/>
                    <h2>{t!(i18n, account.data_title)}</h2>
                    <DataExport/>
                    <h2>{t!(i18n, account.delete_title)}</h2>
                    <DeleteAccountForm on_deleted=Callback::new(move |()| deleted.set(true))/>
                }
                .into_any(),
                None if deleted.get() => view! {
                    <p class="form-notice" role="status" tabindex="-1" node_ref=farewell>{t!(i18n, account.deleted)}</p>
                    <p><a href="/">{t!(i18n, account.to_home)}</a></p>
                }
                .into_any(),
                // Back here after logging in, at the same place (the settings, say).
                None if session.known.get() => {
                    let next = format!("{}{}", AppLink::Account, location.hash.get_untracked());
                    view! { <LoginForm next=next/> }.into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

/// The id of the settings' heading: the fragment of [`AppLink::NotificationSettings`], which
/// mails and pages link to.
fn settings_anchor() -> String {
    let link = AppLink::NotificationSettings.href();
    link.split_once('#').map(|(_, fragment)| fragment.to_owned()).unwrap_or_default()
}
