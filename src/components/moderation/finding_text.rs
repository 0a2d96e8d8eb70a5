use leptos_i18n::I18nContext;
use schrieb_api::{Check, DiscussionState, Finding, ModerationMode, Outcome};

use crate::i18n::{Locale, t_string};

/// What one check found, in the moderator's language: the check, what it measured, and what it
/// made of the comment ("gehalten", "ok").
pub fn finding_text(i18n: I18nContext<Locale>, finding: &Finding) -> String {
    let what = match &finding.check {
        Check::Discussion { state: DiscussionState::Off } => {
            t_string!(i18n, moderation.check_discussion_off).to_string()
        }
        Check::Discussion { .. } => t_string!(i18n, moderation.check_discussion_closed).to_string(),
        Check::Words { banned, suspect } => {
            let words = |matches: &[schrieb_api::WordMatch]| {
                matches.iter().map(|word| format!("„{}“ ({})", word.text, word.entry)).collect::<Vec<_>>().join(", ")
            };
            match (banned.is_empty(), suspect.is_empty()) {
                (false, _) => t_string!(i18n, moderation.check_banned_words, words = words(banned)).to_string(),
                _ => t_string!(i18n, moderation.check_suspect_words, words = words(suspect)).to_string(),
            }
        }
        Check::Links { links, account_days, approved } => {
            t_string!(i18n, moderation.check_links, links = *links, days = *account_days, approved = *approved)
                .to_string()
        }
        Check::Honeypot => t_string!(i18n, moderation.check_honeypot).to_string(),
        Check::ComposeTime { ms, min_ms } => {
            let seconds = format!("{:.1}", *ms as f64 / 1000.0);
            let min = min_ms / 1000;
            t_string!(i18n, moderation.check_compose_time, seconds = seconds, min = min).to_string()
        }
        Check::Duplicate { threads } => t_string!(i18n, moderation.check_duplicate, threads = *threads).to_string(),
        Check::Reports { reports, threshold } => {
            t_string!(i18n, moderation.check_reports, reports = *reports, threshold = *threshold).to_string()
        }
        Check::Premoderated => t_string!(i18n, moderation.check_premoderated).to_string(),
        Check::SiteMode { mode: ModerationMode::All, .. } => t_string!(i18n, moderation.check_mode_all).to_string(),
        Check::SiteMode { mode: ModerationMode::Guests, .. } => {
            t_string!(i18n, moderation.check_mode_guests).to_string()
        }
        Check::SiteMode { approved, .. } => {
            t_string!(i18n, moderation.check_mode_new_accounts, approved = *approved).to_string()
        }
    };
    let outcome = match finding.outcome {
        Outcome::Pass => t_string!(i18n, moderation.outcome_pass),
        Outcome::Hold => t_string!(i18n, moderation.outcome_hold),
        Outcome::Reject => t_string!(i18n, moderation.outcome_reject),
    };
    format!("{what} – {outcome}")
}
