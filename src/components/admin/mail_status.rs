use chrono::SecondsFormat;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use schrieb_api::{MailFailure, MailStatus};

use crate::api;
use crate::components::feedback::{ErrorPanel, grouped};
use crate::i18n::{t, t_string, use_i18n};
use crate::loaded::use_loaded;
use crate::takeover::use_taken_over;
use crate::time::format_byline;

/// The DOM id of the failed mails' table caption, which also names its scrolling box.
const FAILURES_CAPTION_ID: &str = "mail-failures-caption";

/// How the server's mail stands, for admins: which transport sends (and what that means for
/// the mails), how many mails wait, and the mails given up on — recipient, subject, attempts,
/// what the mail server last said, when — or that none failed. Read when shown, and again on
/// the reload button (the queue moves while the page is open).
#[component]
pub fn MailStatusPanel() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_loaded(|| (), None, |()| api::admin_mail());
    let local = use_taken_over();
    let failure_row = move |failure: MailFailure| {
        let MailFailure { to, subject, attempts, error, at, .. } = failure;
        let when = move || format_byline(at, i18n.get_locale().as_str(), local.get());
        view! {
            <tr>
                <td class="mail-status__to">{to}</td>
                <td>{subject}</td>
                <td class="admin-table__number">{attempts}</td>
                <td class="mail-status__error">{error}</td>
                <td><time datetime=at.to_rfc3339_opts(SecondsFormat::Secs, true)>{when}</time></td>
            </tr>
        }
    };
    let shown = move |MailStatus { transport, queued, failed }: MailStatus| {
        let transport_words = move || match transport.as_str() {
            "log" => t_string!(i18n, admin.mail_transport_log).to_owned(),
            "smtp" => t_string!(i18n, admin.mail_transport_smtp).to_owned(),
            // A transport this app does not know yet: its name as the server gives it.
            other => other.to_owned(),
        };
        let queued = move || grouped(i18n, usize::try_from(queued).unwrap_or(usize::MAX));
        let failures = if failed.is_empty() {
            view! { <p class="mail-status__none">{t!(i18n, admin.mail_none_failed)}</p> }.into_any()
        } else {
            view! {
                // Wide on a narrow screen: it scrolls sideways, by keyboard too.
                <div class="admin-table__scroll" role="region" tabindex="0" aria-labelledby=FAILURES_CAPTION_ID>
                    <table class="admin-table">
                        <caption id=FAILURES_CAPTION_ID>{t!(i18n, admin.mail_failed_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, admin.mail_to)}</th>
                                <th scope="col">{t!(i18n, admin.mail_subject)}</th>
                                <th scope="col" class="admin-table__number">{t!(i18n, admin.mail_attempts)}</th>
                                <th scope="col">{t!(i18n, admin.mail_error)}</th>
                                <th scope="col">{t!(i18n, admin.mail_at)}</th>
                            </tr>
                        </thead>
                        <tbody>{failed.into_iter().map(failure_row).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        };
        view! {
            <dl class="mail-status__facts">
                <dt>{t!(i18n, admin.mail_transport)}</dt>
                <dd>{transport_words}</dd>
                <dt>{t!(i18n, admin.mail_queued)}</dt>
                <dd class="mail-status__queued">{queued}</dd>
            </dl>
            {failures}
        }
    };
    view! {
        <div class="mail-status">
            {move || match status.get() {
                None => ().into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || status.reload()/> }.into_any(),
                Some(Ok(answer)) => shown(answer).into_any(),
            }}
            <button class="button button--quiet button--small" type="button" on:click=move |_| status.reload()>
                {t!(i18n, admin.mail_reload)}
            </button>
        </div>
    }
}
