use leptos_i18n::I18nContext;
use schrieb_api::{CommentState, Reason, group_thousands};

use crate::i18n::{Locale, t_string};

/// A broken rule in the reader's language, with its numbers: the one wording of each rule,
/// whether the editor or a form found it before sending or the server answered with it.
pub fn reason_text(i18n: I18nContext<Locale>, reason: &Reason) -> String {
    let n = |number: usize| grouped(i18n, number);
    match reason {
        Reason::CommentEmpty => t_string!(i18n, reason.comment_empty).to_string(),
        Reason::CommentTooLong { max, actual } => {
            t_string!(i18n, reason.comment_too_long, max = n(*max), actual = n(*actual)).to_string()
        }
        Reason::QuotesTooDeep { max, actual } => {
            t_string!(i18n, reason.quotes_too_deep, max = *max, actual = *actual).to_string()
        }
        Reason::TooManyLinks { max, actual } => {
            t_string!(i18n, reason.too_many_links, max = *max, actual = *actual).to_string()
        }
        Reason::TooManyMentions { max, actual } => {
            t_string!(i18n, reason.too_many_mentions, max = *max, actual = *actual).to_string()
        }
        Reason::SameAsLast => t_string!(i18n, reason.same_as_last).to_string(),
        Reason::CommentDeleted => t_string!(i18n, reason.comment_deleted).to_string(),
        Reason::QuoteUnknown { comment } => t_string!(i18n, reason.quote_unknown, comment = *comment).to_string(),
        Reason::QuoteOfDeleted { comment } => t_string!(i18n, reason.quote_of_deleted, comment = *comment).to_string(),
        Reason::QuoteWrongAuthor { comment, named, actual } => {
            let (named, actual) = (named.clone(), actual.clone());
            t_string!(i18n, reason.quote_wrong_author, comment = *comment, named = named, actual = actual).to_string()
        }
        Reason::QuoteNotInSource { comment, author } => {
            let author = author.clone();
            t_string!(i18n, reason.quote_not_in_source, comment = *comment, author = author).to_string()
        }
        Reason::KeyReused => t_string!(i18n, reason.key_reused).to_string(),
        Reason::NameLength { min, max } => t_string!(i18n, reason.name_length, min = *min, max = *max).to_string(),
        Reason::NameInvisible => t_string!(i18n, reason.name_invisible).to_string(),
        Reason::NameReserved => t_string!(i18n, reason.name_reserved).to_string(),
        Reason::NameGuest => t_string!(i18n, reason.name_guest).to_string(),
        Reason::NameTaken { name } => {
            let name = name.clone();
            t_string!(i18n, reason.name_taken, name = name).to_string()
        }
        Reason::NameOfAccount { name } => {
            let name = name.clone();
            t_string!(i18n, reason.name_of_account, name = name).to_string()
        }
        Reason::EmailInvalid => t_string!(i18n, reason.email_invalid).to_string(),
        Reason::PasswordTooShort { min } => t_string!(i18n, reason.password_too_short, min = *min).to_string(),
        Reason::PasswordTooLong { max } => t_string!(i18n, reason.password_too_long, max = *max).to_string(),
        Reason::PasswordWrong => t_string!(i18n, reason.password_wrong).to_string(),
        Reason::LastAdmin => t_string!(i18n, reason.last_admin).to_string(),
        Reason::LinkExpired => t_string!(i18n, reason.link_expired).to_string(),
        Reason::PageUrlInvalid => t_string!(i18n, reason.page_url_invalid).to_string(),
        Reason::PageUrlTooLong { max } => t_string!(i18n, reason.page_url_too_long, max = n(*max)).to_string(),
        Reason::PageUrlScheme => t_string!(i18n, reason.page_url_scheme).to_string(),
        Reason::PageUrlUserinfo => t_string!(i18n, reason.page_url_userinfo).to_string(),
        Reason::PageUrlCount { min, max, actual } => {
            t_string!(i18n, reason.page_url_count, min = *min, max = *max, actual = *actual).to_string()
        }
        Reason::MentionPrefixLength { min, max } => {
            t_string!(i18n, reason.mention_prefix_length, min = *min, max = *max).to_string()
        }
        // The server's detail is English and about JSON: nothing a reader could act on.
        Reason::Malformed { .. } => t_string!(i18n, reason.malformed).to_string(),
        Reason::TooFast { retry_after: 1 } => t_string!(i18n, reason.too_fast_one, count = 1).to_string(),
        Reason::TooFast { retry_after } => t_string!(i18n, reason.too_fast_many, count = *retry_after).to_string(),
        Reason::TooLarge { max_kb } => t_string!(i18n, reason.too_large, max = n(*max_kb)).to_string(),
        Reason::DiscussionClosed => t_string!(i18n, reason.discussion_closed).to_string(),
        Reason::DiscussionOff => t_string!(i18n, reason.discussion_off).to_string(),
        Reason::BannedWords { words } => {
            let words = words.join(", ");
            t_string!(i18n, reason.banned_words, words = words).to_string()
        }
        Reason::TooManyLinksForNewAccount { max, actual } => {
            t_string!(i18n, reason.too_many_links_new_account, max = *max, actual = *actual).to_string()
        }
        Reason::Spam => t_string!(i18n, reason.spam).to_string(),
        Reason::NoteTooLong { max } => t_string!(i18n, reason.note_too_long, max = *max).to_string(),
        Reason::ReportedSinceSeen { .. } => t_string!(i18n, reason.reported_since_seen).to_string(),
        Reason::EditedSinceSeen { .. } => t_string!(i18n, reason.edited_since_seen).to_string(),
        Reason::EmailDomainInvalid { domain } => {
            let domain = domain.clone();
            t_string!(i18n, reason.email_domain_invalid, domain = domain).to_string()
        }
        Reason::PromoInvalid { part } => match part.as_str() {
            "placement" => t_string!(i18n, reason.promo_placement).to_string(),
            "title" => t_string!(i18n, reason.promo_title).to_string(),
            "text" => t_string!(i18n, reason.promo_text).to_string(),
            "link" => t_string!(i18n, reason.promo_link).to_string(),
            "image" => t_string!(i18n, reason.promo_image).to_string(),
            "frame" => t_string!(i18n, reason.promo_frame).to_string(),
            _ => t_string!(i18n, reason.promo_cards).to_string(),
        },
        Reason::PreviewHostInvalid { host } => {
            let host = host.clone();
            t_string!(i18n, reason.preview_host_invalid, host = host).to_string()
        }
        Reason::EmailDomainBlocked => t_string!(i18n, reason.email_domain_blocked).to_string(),
        Reason::SanctionOfStaff => t_string!(i18n, reason.sanction_of_staff).to_string(),
        Reason::SanctionOfGuests => t_string!(i18n, reason.sanction_of_guests).to_string(),
        Reason::SuspensionEnd => t_string!(i18n, reason.suspension_end).to_string(),
        Reason::AccountBanned { reason } => {
            let reason = reason.clone();
            t_string!(i18n, reason.account_banned, reason = reason).to_string()
        }
        Reason::AccountSuspended { until, reason } => {
            // In the reader's time zone: these words are only ever shown by the running app.
            let locale = leptos_i18n::Locale::as_str(i18n.get_locale());
            let until = crate::time::format_byline(*until, locale, cfg!(target_arch = "wasm32"));
            let reason = reason.clone();
            t_string!(i18n, reason.account_suspended, until = until, reason = reason).to_string()
        }
        Reason::NoteRequired => t_string!(i18n, reason.note_required).to_string(),
        Reason::AlreadyReported => t_string!(i18n, reason.already_reported).to_string(),
        Reason::OwnComment => t_string!(i18n, reason.own_comment).to_string(),
        Reason::TooManyWords { max } => t_string!(i18n, reason.too_many_words, max = n(*max)).to_string(),
        Reason::TooManySelected { max } => t_string!(i18n, reason.too_many_selected, max = n(*max)).to_string(),
        Reason::MarkReadWhich => t_string!(i18n, reason.mark_read_which).to_string(),
        Reason::NoThreadToMute => t_string!(i18n, reason.no_thread_to_mute).to_string(),
        Reason::WebhookUrlInvalid => t_string!(i18n, reason.webhook_url_invalid).to_string(),
        Reason::WebhookUrlPrivate => t_string!(i18n, reason.webhook_url_private).to_string(),
        Reason::WebhookNoEvents => t_string!(i18n, reason.webhook_no_events).to_string(),
        Reason::TooManyWebhooks { max } => t_string!(i18n, reason.too_many_webhooks, max = n(*max)).to_string(),
        Reason::WordEntryInvalid { entry } => {
            let entry = entry.clone();
            t_string!(i18n, reason.word_entry_invalid, entry = entry).to_string()
        }
        Reason::AlreadyDecided { moderator, state } => {
            let how = match state {
                CommentState::Published => t_string!(i18n, reason.decided_approved).to_string(),
                CommentState::Rejected => t_string!(i18n, reason.decided_rejected).to_string(),
                CommentState::Pending => t_string!(i18n, reason.decided_pending).to_string(),
            };
            match moderator {
                Some(name) => {
                    let name = name.clone();
                    t_string!(i18n, reason.already_decided_by, name = name, how = how).to_string()
                }
                None => t_string!(i18n, reason.already_decided, how = how).to_string(),
            }
        }
    }
}

/// `number` with its thousands grouped as the reader's language does.
pub fn grouped(i18n: I18nContext<Locale>, number: usize) -> String {
    let separator = if i18n.get_locale() == Locale::de { '.' } else { ',' };
    group_thousands(number, separator)
}
