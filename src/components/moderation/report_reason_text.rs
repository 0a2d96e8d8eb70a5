use leptos_i18n::I18nContext;
use schrieb_api::ReportReason;

use crate::i18n::{Locale, t_string};

/// Why a reader reports a comment, in the reader's language: the report form's choices and the
/// desk's list of reports say it alike.
pub fn report_reason_text(i18n: I18nContext<Locale>, reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => t_string!(i18n, moderation.reason_spam),
        ReportReason::Abuse => t_string!(i18n, moderation.reason_abuse),
        ReportReason::OffTopic => t_string!(i18n, moderation.reason_off_topic),
        ReportReason::Misinformation => t_string!(i18n, moderation.reason_misinformation),
        ReportReason::Other => t_string!(i18n, moderation.reason_other),
    }
}
