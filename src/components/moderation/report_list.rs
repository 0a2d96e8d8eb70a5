use leptos::prelude::*;
use schrieb_api::Report;

use super::report_reason_text;
use crate::components::comment::RelativeTime;
use crate::i18n::{t, t_string, use_i18n};

/// Readers' reports of a queue item, oldest first: who, why, their note, when, and how often
/// their earlier reports were upheld, so a moderator can weigh them.
#[component]
pub fn ReportList(
    /// The reports.
    reports: Vec<Report>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = reports
        .into_iter()
        .map(|report| {
            let reason = report_reason_text(i18n, report.reason);
            let name = report.reporter.display_name.clone();
            let record = report.record;
            let record = if record.upheld + record.dismissed == 0 {
                t_string!(i18n, moderation.reporter_new).to_string()
            } else {
                t_string!(i18n, moderation.reporter_record, upheld = record.upheld, dismissed = record.dismissed)
                    .to_string()
            };
            view! {
                <li class="report-list__item">
                    <span class="report-list__who">{t!(i18n, moderation.report_by, name = name, reason = reason)}</span>
                    {report.note.map(|note| view! { " " <q class="report-list__note">{note}</q> })}
                    <span class="report-list__meta">" · " <RelativeTime time=report.at/> " · " {record}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h4 class="queue-item__reasons-title">{t!(i18n, moderation.reports_title)}</h4>
        <ul class="queue-item__findings report-list">{items}</ul>
    }
}
