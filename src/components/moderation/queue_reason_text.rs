use leptos_i18n::I18nContext;
use schrieb_api::QueueReason;

use super::report_reason_text;
use crate::i18n::{Locale, t_string};

/// A reason a comment is in a queue, in the reader's language, as the desk's filter offers it.
pub fn queue_reason_text(i18n: I18nContext<Locale>, reason: QueueReason) -> String {
    if let Some(report) = reason.report() {
        return t_string!(i18n, moderation.reason_reported, reason = report_reason_text(i18n, report)).to_string();
    }
    match reason {
        QueueReason::Words => t_string!(i18n, moderation.reason_words),
        QueueReason::Links => t_string!(i18n, moderation.reason_links),
        QueueReason::Honeypot => t_string!(i18n, moderation.reason_honeypot),
        QueueReason::ComposeTime => t_string!(i18n, moderation.reason_compose_time),
        QueueReason::Duplicate => t_string!(i18n, moderation.reason_duplicate),
        QueueReason::Reports => t_string!(i18n, moderation.reason_reports),
        QueueReason::Premoderated => t_string!(i18n, moderation.reason_premoderated),
        _ => t_string!(i18n, moderation.reason_site_mode),
    }
    .to_owned()
}
