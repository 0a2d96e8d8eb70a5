//! Why the server refused a request, as data a client words in the reader's language.
//!
//! Every refusal a reader can meet (a broken rule, a clash, a spent rate limit) names its rule
//! and carries the numbers that go with it, so the app can say "Ein Beitrag darf höchstens
//! 20.000 Zeichen haben" to a German reader and "A comment may have at most 20,000 characters"
//! to an English one. The server's English sentence (`ApiError::message`) is for logs and
//! `curl`; clients never show it. The editor and forms check the same rules before sending and
//! turn their own findings into a [`Reason`] too, so one rule has one wording in each language.

use serde::{Deserialize, Serialize};

use crate::{
    BodyError, CountUrlsError, DisplayNameError, DraftError, EmailError, MAX_BODY_CHARS, MAX_COUNT_URLS, MAX_LINKS,
    MAX_MENTIONS, MAX_NAME_CHARS, MAX_PAGE_URL_CHARS, MAX_PASSWORD_CHARS, MAX_QUOTE_NESTING, MIN_NAME_CHARS,
    MIN_PASSWORD_CHARS, MentionPrefixError, PageUrlError, PasswordError,
};

/// One rule a request broke, with its limit and what the request had.
///
/// On the wire it is an object whose `rule` names the variant in snake case, beside the
/// variant's own fields: `{"rule": "comment_too_long", "max": 20000, "actual": 20001}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// A comment or draft with nothing but white space.
    CommentEmpty,
    /// A comment or draft over the character limit.
    CommentTooLong {
        /// The most characters a comment may have.
        max: usize,
        /// How many this one has.
        actual: usize,
    },
    /// Quotes nested deeper than allowed.
    QuotesTooDeep {
        /// The deepest nesting allowed.
        max: usize,
        /// How deep this comment nests them.
        actual: usize,
    },
    /// More links than a comment may carry.
    TooManyLinks {
        /// The most links allowed.
        max: usize,
        /// How many this comment has.
        actual: usize,
    },
    /// More mentions than a comment may make.
    TooManyMentions {
        /// The most people a comment may mention.
        max: usize,
        /// How many this one mentions.
        actual: usize,
    },
    /// This is word for word the comment its author posted last.
    SameAsLast,
    /// The comment was deleted, so it can no longer be edited (restore it first).
    CommentDeleted,
    /// A quote names a comment that does not exist.
    QuoteUnknown {
        /// The comment the quote names.
        comment: i64,
    },
    /// A quote names a comment that was deleted.
    QuoteOfDeleted {
        /// The deleted comment.
        comment: i64,
    },
    /// A quote names someone else as the author of the comment it quotes.
    QuoteWrongAuthor {
        /// The quoted comment.
        comment: i64,
        /// Who the quote says wrote it.
        named: String,
        /// Who did.
        actual: String,
    },
    /// A quote has words the quoted comment does not contain.
    QuoteNotInSource {
        /// The quoted comment.
        comment: i64,
        /// Its author.
        author: String,
    },
    /// The `Idempotency-Key` was already used for a different comment.
    KeyReused,
    /// A display name too short or too long.
    NameLength {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// A display name with control or invisible formatting characters.
    NameInvisible,
    /// A display name with `"` or starting with `@`, which mentions use.
    NameReserved,
    /// A display name that passes for the guest label ("Gast", "Guest").
    NameGuest,
    /// The display name is another account's.
    NameTaken {
        /// The name asked for.
        name: String,
    },
    /// A guest gave the name of an account.
    NameOfAccount {
        /// The name given.
        name: String,
    },
    /// Not an email address.
    EmailInvalid,
    /// A password shorter than allowed.
    PasswordTooShort {
        /// The fewest characters.
        min: usize,
    },
    /// A password longer than allowed.
    PasswordTooLong {
        /// The most characters.
        max: usize,
    },
    /// The current password given to change it is wrong.
    PasswordWrong,
    /// The only administrator cannot delete their account: the site would have nobody left to
    /// run it. Another account must be made administrator first.
    LastAdmin,
    /// A confirmation link that is unknown, used or expired.
    LinkExpired,
    /// Not a web address.
    PageUrlInvalid,
    /// A web address over the length limit.
    PageUrlTooLong {
        /// The most characters.
        max: usize,
    },
    /// A web address that is not `http` or `https`.
    PageUrlScheme,
    /// A web address with a user name or password in it.
    PageUrlUserinfo,
    /// Too few or too many page addresses in one count.
    PageUrlCount {
        /// The fewest addresses.
        min: usize,
        /// The most addresses.
        max: usize,
        /// How many were given.
        actual: usize,
    },
    /// Too few or too many characters of a name to suggest people from.
    MentionPrefixLength {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// A field of the request body has the wrong type or is missing: what a client of ours never
    /// sends, so there is nothing a reader could change; `detail` says what, in English.
    Malformed {
        /// The JSON reader's own words.
        detail: String,
    },
    /// The article's discussion is closed: it is read-only.
    DiscussionClosed,
    /// The article has no discussion.
    DiscussionOff,
    /// The comment has words the site does not allow.
    BannedWords {
        /// The comment's own words that matched.
        words: Vec<String>,
    },
    /// More links than the site allows from new accounts.
    TooManyLinksForNewAccount {
        /// The most links allowed.
        max: u32,
        /// How many this comment has.
        actual: u32,
    },
    /// The comment was refused as spam (a field only programs fill in was filled).
    Spam,
    /// A moderator decided about the comment already.
    AlreadyDecided {
        /// Who, if a moderator did (`None`: the comment was never held, or its author
        /// removed it).
        moderator: Option<String>,
        /// Where it stands now.
        state: crate::CommentState,
    },
    /// A suspension needs an end in the future; other sanctions have none.
    SuspensionEnd,
    /// Not a domain name, for the list of blocked email domains.
    EmailDomainInvalid {
        /// The entry.
        domain: String,
    },
    /// Addresses of this domain are not taken for registration.
    EmailDomainBlocked,
    /// A site's promotions break a rule; `part` names which: `placement`, `cards`, `title`,
    /// `text`, `link`, `image` or `frame`.
    PromoInvalid {
        /// The part.
        part: String,
    },
    /// Not a host name, for a site's list of hosts whose links get no preview card.
    PreviewHostInvalid {
        /// The entry.
        host: String,
    },
    /// Moderators and admins are not sanctioned: their role is taken away first.
    SanctionOfStaff,
    /// Guests share one account, which is not sanctioned: a site takes no guest comments instead.
    SanctionOfGuests,
    /// The account is banned: it cannot log in or take part.
    AccountBanned {
        /// The moderator's reason.
        reason: String,
    },
    /// The account is suspended: it may read, not take part, until the suspension ends.
    AccountSuspended {
        /// When it ends.
        until: chrono::DateTime<chrono::Utc>,
        /// The moderator's reason.
        reason: String,
    },
    /// The comment was reported again after the moderator read it: they read the new reports
    /// before deciding.
    ReportedSinceSeen {
        /// How many open reports it has now.
        reports: u32,
    },
    /// The comment was edited after the moderator read it: they see it again before deciding.
    EditedSinceSeen {
        /// How often it has been edited now.
        edit_count: u32,
    },
    /// A moderator's note or reason over its length limit.
    NoteTooLong {
        /// The most characters.
        max: usize,
    },
    /// A report for another reason needs a note saying what it is.
    NoteRequired,
    /// The reader reported this comment already.
    AlreadyReported,
    /// Readers report others' comments, not their own.
    OwnComment,
    /// A bulk decision naming more comments than one may.
    TooManySelected {
        /// The most comments.
        max: usize,
    },
    /// Marking notifications read names neither some nor all of them, or both.
    MarkReadWhich,
    /// An unsubscribe link of a digest names no thread to mute.
    NoThreadToMute,
    /// A webhook's URL is not an http(s) URL with a host (and no credentials).
    WebhookUrlInvalid,
    /// A webhook's URL leads to a private or loopback address, which this server does not post to.
    WebhookUrlPrivate,
    /// A webhook hears of no event.
    WebhookNoEvents,
    /// A site has as many webhooks as it may.
    TooManyWebhooks {
        /// The most a site may have.
        max: usize,
    },
    /// More word list entries than a site may have.
    TooManyWords {
        /// The most entries.
        max: usize,
    },
    /// A word list entry that is empty, too long, or has a `*` inside it.
    WordEntryInvalid {
        /// The entry.
        entry: String,
    },
    /// A rate limit is spent.
    TooFast {
        /// Seconds until another try is allowed (the `Retry-After` header says the same).
        retry_after: u64,
    },
    /// The request body is over the size cap.
    TooLarge {
        /// The most kilobytes a body may have.
        max_kb: usize,
    },
}

impl From<&BodyError> for Reason {
    fn from(error: &BodyError) -> Self {
        match *error {
            BodyError::Empty => Self::CommentEmpty,
            BodyError::TooLong(actual) => Self::CommentTooLong { max: MAX_BODY_CHARS, actual },
            BodyError::QuotesTooDeep(actual) => Self::QuotesTooDeep { max: MAX_QUOTE_NESTING, actual },
            BodyError::TooManyLinks(actual) => Self::TooManyLinks { max: MAX_LINKS, actual },
            BodyError::TooManyMentions(actual) => Self::TooManyMentions { max: MAX_MENTIONS, actual },
        }
    }
}

impl From<&DraftError> for Reason {
    fn from(error: &DraftError) -> Self {
        match *error {
            DraftError::Empty => Self::CommentEmpty,
            DraftError::TooLong(actual) => Self::CommentTooLong { max: MAX_BODY_CHARS, actual },
        }
    }
}

impl From<&DisplayNameError> for Reason {
    fn from(error: &DisplayNameError) -> Self {
        match error {
            DisplayNameError::Length => Self::NameLength { min: MIN_NAME_CHARS, max: MAX_NAME_CHARS },
            DisplayNameError::Invisible => Self::NameInvisible,
            DisplayNameError::Reserved => Self::NameReserved,
            DisplayNameError::Guest => Self::NameGuest,
        }
    }
}

impl From<&EmailError> for Reason {
    fn from(_: &EmailError) -> Self {
        Self::EmailInvalid
    }
}

impl From<&PasswordError> for Reason {
    fn from(error: &PasswordError) -> Self {
        match error {
            PasswordError::TooShort => Self::PasswordTooShort { min: MIN_PASSWORD_CHARS },
            PasswordError::TooLong => Self::PasswordTooLong { max: MAX_PASSWORD_CHARS },
        }
    }
}

impl From<&PageUrlError> for Reason {
    fn from(error: &PageUrlError) -> Self {
        match error {
            PageUrlError::Invalid => Self::PageUrlInvalid,
            PageUrlError::TooLong => Self::PageUrlTooLong { max: MAX_PAGE_URL_CHARS },
            PageUrlError::Scheme => Self::PageUrlScheme,
            PageUrlError::Userinfo => Self::PageUrlUserinfo,
        }
    }
}

impl From<&CountUrlsError> for Reason {
    fn from(error: &CountUrlsError) -> Self {
        Self::PageUrlCount { min: 1, max: MAX_COUNT_URLS, actual: error.0 }
    }
}

impl From<&MentionPrefixError> for Reason {
    fn from(_: &MentionPrefixError) -> Self {
        Self::MentionPrefixLength { min: MIN_NAME_CHARS, max: MAX_NAME_CHARS }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant, so a new one cannot be forgotten in the round trip below (the match
    /// in `every_variant_is_listed` fails to compile without it).
    fn one_of_each() -> Vec<Reason> {
        vec![
            Reason::CommentEmpty,
            Reason::CommentTooLong { max: 20_000, actual: 20_001 },
            Reason::QuotesTooDeep { max: 4, actual: 5 },
            Reason::TooManyLinks { max: 20, actual: 21 },
            Reason::TooManyMentions { max: 10, actual: 11 },
            Reason::SameAsLast,
            Reason::CommentDeleted,
            Reason::QuoteUnknown { comment: 7 },
            Reason::QuoteOfDeleted { comment: 7 },
            Reason::QuoteWrongAuthor { comment: 7, named: "Martin".into(), actual: "Aylin".into() },
            Reason::QuoteNotInSource { comment: 7, author: "Martin".into() },
            Reason::KeyReused,
            Reason::NameLength { min: 2, max: 40 },
            Reason::NameInvisible,
            Reason::NameReserved,
            Reason::NameGuest,
            Reason::NameTaken { name: "Martin".into() },
            Reason::NameOfAccount { name: "Martin".into() },
            Reason::EmailInvalid,
            Reason::PasswordTooShort { min: 10 },
            Reason::PasswordTooLong { max: 256 },
            Reason::PasswordWrong,
            Reason::LastAdmin,
            Reason::LinkExpired,
            Reason::PageUrlInvalid,
            Reason::PageUrlTooLong { max: 2_000 },
            Reason::PageUrlScheme,
            Reason::PageUrlUserinfo,
            Reason::PageUrlCount { min: 1, max: 50, actual: 51 },
            Reason::MentionPrefixLength { min: 2, max: 40 },
            Reason::Malformed { detail: "invalid type: integer `7`, expected a string".into() },
            Reason::TooFast { retry_after: 42 },
            Reason::TooLarge { max_kb: 256 },
            Reason::DiscussionClosed,
            Reason::DiscussionOff,
            Reason::BannedWords { words: vec!["Spam".into()] },
            Reason::TooManyLinksForNewAccount { max: 1, actual: 2 },
            Reason::Spam,
            Reason::NoteTooLong { max: 500 },
            Reason::NoteRequired,
            Reason::EditedSinceSeen { edit_count: 2 },
            Reason::ReportedSinceSeen { reports: 3 },
            Reason::SuspensionEnd,
            Reason::SanctionOfGuests,
            Reason::SanctionOfStaff,
            Reason::EmailDomainInvalid { domain: "example".into() },
            Reason::EmailDomainBlocked,
            Reason::PreviewHostInvalid { host: "http://x".into() },
            Reason::PromoInvalid { part: "link".into() },
            Reason::AccountBanned { reason: "Spam".into() },
            Reason::AccountSuspended { until: chrono::DateTime::UNIX_EPOCH, reason: "Pöbelei".into() },
            Reason::AlreadyReported,
            Reason::OwnComment,
            Reason::TooManyWords { max: 20_000 },
            Reason::TooManySelected { max: 500 },
            Reason::MarkReadWhich,
            Reason::NoThreadToMute,
            Reason::WebhookUrlInvalid,
            Reason::WebhookUrlPrivate,
            Reason::WebhookNoEvents,
            Reason::TooManyWebhooks { max: 20 },
            Reason::WordEntryInvalid { entry: "s*m".into() },
            Reason::AlreadyDecided { moderator: Some("Mona".into()), state: crate::CommentState::Published },
        ]
    }

    #[test]
    fn every_variant_is_listed() {
        for reason in one_of_each() {
            // Exhaustive on purpose: a new variant must be added to `one_of_each`.
            match reason {
                Reason::CommentEmpty
                | Reason::CommentTooLong { .. }
                | Reason::QuotesTooDeep { .. }
                | Reason::TooManyLinks { .. }
                | Reason::TooManyMentions { .. }
                | Reason::SameAsLast
                | Reason::CommentDeleted
                | Reason::QuoteUnknown { .. }
                | Reason::QuoteOfDeleted { .. }
                | Reason::QuoteWrongAuthor { .. }
                | Reason::QuoteNotInSource { .. }
                | Reason::KeyReused
                | Reason::NameLength { .. }
                | Reason::NameInvisible
                | Reason::NameReserved
                | Reason::NameGuest
                | Reason::NameTaken { .. }
                | Reason::NameOfAccount { .. }
                | Reason::EmailInvalid
                | Reason::PasswordTooShort { .. }
                | Reason::PasswordTooLong { .. }
                | Reason::PasswordWrong
                | Reason::LastAdmin
                | Reason::LinkExpired
                | Reason::PageUrlInvalid
                | Reason::PageUrlTooLong { .. }
                | Reason::PageUrlScheme
                | Reason::PageUrlUserinfo
                | Reason::PageUrlCount { .. }
                | Reason::MentionPrefixLength { .. }
                | Reason::Malformed { .. }
                | Reason::TooFast { .. }
                | Reason::TooLarge { .. }
                | Reason::DiscussionClosed
                | Reason::DiscussionOff
                | Reason::BannedWords { .. }
                | Reason::TooManyLinksForNewAccount { .. }
                | Reason::Spam
                | Reason::NoteTooLong { .. }
                | Reason::NoteRequired
                | Reason::EditedSinceSeen { .. }
                | Reason::ReportedSinceSeen { .. }
                | Reason::SuspensionEnd
                | Reason::SanctionOfGuests
                | Reason::SanctionOfStaff
                | Reason::EmailDomainInvalid { .. }
                | Reason::EmailDomainBlocked
                | Reason::PreviewHostInvalid { .. }
                | Reason::PromoInvalid { .. }
                | Reason::AccountBanned { .. }
                | Reason::AccountSuspended { .. }
                | Reason::AlreadyReported
                | Reason::OwnComment
                | Reason::TooManyWords { .. }
                | Reason::TooManySelected { .. }
                | Reason::MarkReadWhich
                | Reason::NoThreadToMute
                | Reason::WebhookUrlInvalid
                | Reason::WebhookUrlPrivate
                | Reason::WebhookNoEvents
                | Reason::TooManyWebhooks { .. }
                | Reason::WordEntryInvalid { .. }
                | Reason::AlreadyDecided { .. } => {}
            }
        }
        assert_eq!(one_of_each().len(), 63);
    }

    #[test]
    fn every_reason_round_trips_with_its_rule_named() {
        for reason in one_of_each() {
            let json = serde_json::to_value(&reason).unwrap();
            let rule = json["rule"].as_str().expect("a rule name");
            assert!(rule.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{rule}");
            assert_eq!(serde_json::from_value::<Reason>(json).unwrap(), reason);
        }
    }

    #[test]
    fn the_wire_shape_is_flat() {
        let json = serde_json::to_value(Reason::CommentTooLong { max: 20_000, actual: 20_001 }).unwrap();
        assert_eq!(json, serde_json::json!({"rule": "comment_too_long", "max": 20000, "actual": 20001}));
        let json = serde_json::to_value(Reason::TooFast { retry_after: 3 }).unwrap();
        assert_eq!(json, serde_json::json!({"rule": "too_fast", "retry_after": 3}));
    }

    #[test]
    fn the_limits_come_from_the_rules_themselves() {
        let long = crate::CommentBody::parse(&"x".repeat(MAX_BODY_CHARS + 1)).unwrap_err();
        assert_eq!(Reason::from(&long), Reason::CommentTooLong { max: 20_000, actual: 20_001 });
        let short = crate::Password::parse("short").unwrap_err();
        assert_eq!(Reason::from(&short), Reason::PasswordTooShort { min: MIN_PASSWORD_CHARS });
        let name = crate::DisplayName::parse("A").unwrap_err();
        assert_eq!(Reason::from(&name), Reason::NameLength { min: 2, max: 40 });
    }
}
