//! Moderation on the wire: where a comment stands, what the checks found when it was saved, a
//! site's rules, and moderators' queues, decisions and log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Comment, CommentId, FieldError, Reason, Report, Slug, UserId};

/// Where a comment stands with moderation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentState {
    /// Readers see it.
    #[default]
    Published,
    /// Held for a moderator: only its author (marked "awaiting approval") and moderators see it.
    Pending,
    /// A moderator turned it down: only its author (with the reason) and moderators see it.
    Rejected,
}

impl CommentState {
    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }

    /// The state a name names.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Published, Self::Pending, Self::Rejected].into_iter().find(|state| state.as_str() == name)
    }
}

/// When a site's comments wait for a moderator before readers see them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModerationMode {
    /// Comments are published at once, and moderators act afterwards (the checks still hold
    /// what they find).
    #[default]
    Post,
    /// Every comment waits.
    All,
    /// Guests' comments wait.
    Guests,
    /// The first comments of an account wait, until it has `trust_after` approved ones.
    NewAccounts,
}

impl ModerationMode {
    /// Every mode, in the order the settings page offers them.
    pub const ALL: [Self; 4] = [Self::Post, Self::All, Self::Guests, Self::NewAccounts];

    /// Its name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::All => "all",
            Self::Guests => "guests",
            Self::NewAccounts => "new_accounts",
        }
    }

    /// The mode a name names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

/// Whether an article's discussion takes comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiscussionState {
    /// Open for comments.
    #[default]
    Open,
    /// Read-only: the thread stays, with a notice, and takes no more comments.
    Closed,
    /// No discussion under the article at all.
    Off,
}

impl DiscussionState {
    /// Every state, in the order the settings page offers them.
    pub const ALL: [Self; 3] = [Self::Open, Self::Closed, Self::Off];

    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Off => "off",
        }
    }

    /// The state a name names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == name)
    }
}

/// A site's moderation rules (`GET`/`PUT /api/v1/admin/sites/{name}/moderation`). Every field
/// has a default, so a client may send only what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ModerationSettings {
    /// When comments wait for a moderator.
    pub mode: ModerationMode,
    /// In [`ModerationMode::NewAccounts`]: how many approved comments an account needs before
    /// its comments are published at once.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub trust_after: u32,
    /// How many readers' reports hold a published comment for review.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub report_threshold: u32,
    /// Comments with links are held when their account is younger than this many days.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub link_min_account_days: u32,
    /// Comments with links are held when their account has fewer approved comments than this.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub link_min_approved: u32,
    /// The most links a comment of a new account (one that the two link rules above hold) may
    /// carry at all; more are refused. `None`: no cap beyond the general one.
    #[serde(deserialize_with = "crate::whole::option_u32")]
    pub new_account_link_cap: Option<u32>,
    /// The fewest seconds from opening the editor to posting for guests and first comments;
    /// faster ones are held. 0 turns the check off.
    #[serde(deserialize_with = "crate::whole::u32")]
    pub min_compose_seconds: u32,
    /// Whether its articles' discussions are open, unless an article says otherwise.
    pub discussion: DiscussionState,
    /// Whether the first links of its comments get preview cards (the server fetches the
    /// linked pages' titles and pictures after a comment is published).
    pub link_previews: bool,
    /// Hosts whose links get no card; a host covers its subdomains.
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub preview_blocked_hosts: Vec<String>,
}

impl ModerationSettings {
    /// The rules' own rules: at most [`crate::MAX_PREVIEW_BLOCKED_HOSTS`] blocked hosts, each a
    /// host name.
    pub fn check(&self) -> Result<(), FieldError> {
        let max = crate::MAX_PREVIEW_BLOCKED_HOSTS;
        if self.preview_blocked_hosts.len() > max {
            return Err(FieldError {
                field: "preview_blocked_hosts",
                reason: Reason::TooManyWords { max },
                message: format!("at most {max} blocked hosts"),
            });
        }
        match self.preview_blocked_hosts.iter().find(|host| crate::blocked_host(host).is_none()) {
            Some(host) => Err(FieldError {
                field: "preview_blocked_hosts",
                reason: Reason::PreviewHostInvalid { host: host.clone() },
                message: format!("{host:?} is not a host name"),
            }),
            None => Ok(()),
        }
    }

    /// The settings as stored: blocked hosts in lower case, without `www.`, sorted, once each.
    pub fn normalized(&self) -> Self {
        let mut hosts: Vec<String> =
            self.preview_blocked_hosts.iter().filter_map(|host| crate::blocked_host(host)).collect();
        hosts.sort();
        hosts.dedup();
        Self { preview_blocked_hosts: hosts, ..self.clone() }
    }
}

impl Default for ModerationSettings {
    fn default() -> Self {
        Self {
            mode: ModerationMode::Post,
            trust_after: 3,
            report_threshold: 3,
            link_min_account_days: 0,
            link_min_approved: 0,
            new_account_link_cap: None,
            // Off until a site turns it on: clients of the API that do not say how long the
            // editor was open would all be held.
            min_compose_seconds: 0,
            discussion: DiscussionState::Open,
            link_previews: true,
            preview_blocked_hosts: Vec::new(),
        }
    }
}

/// What a word list entry does to a comment that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WordSeverity {
    /// Held for a moderator to decide.
    Suspect,
    /// Refused outright.
    Banned,
}

impl WordSeverity {
    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Suspect => "suspect",
            Self::Banned => "banned",
        }
    }

    /// The severity a name names.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Suspect, Self::Banned].into_iter().find(|severity| severity.as_str() == name)
    }
}

/// One entry of a site's word lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WordEntry {
    /// A word or phrase; `*` at its start or end matches inside longer words. Entries with no
    /// letters or digits are kept but match nothing.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, pattern = r"^\*?[^*]+\*?$"))]
    pub entry: String,
    /// What it does.
    pub severity: WordSeverity,
}

/// A site's word lists (`GET`/`PUT /api/v1/admin/sites/{name}/words`): sent whole, replaced
/// whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WordLists {
    /// Every entry, banned and suspect; an entry listed twice keeps its most severe listing.
    #[cfg_attr(feature = "openapi", schema(max_items = 20000))]
    pub words: Vec<WordEntry>,
}

/// The most entries a site's word lists may have.
pub const MAX_WORD_ENTRIES: usize = 20_000;

impl WordLists {
    /// The lists' rules: at most [`MAX_WORD_ENTRIES`] entries, each keeping its own.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.words.len() > MAX_WORD_ENTRIES {
            return Err(FieldError {
                field: "words",
                reason: Reason::TooManyWords { max: MAX_WORD_ENTRIES },
                message: format!("a site has at most {MAX_WORD_ENTRIES} word list entries"),
            });
        }
        self.words.iter().try_for_each(WordEntry::check)
    }
}

/// `GET /api/v1/admin/sites`: the sites this server keeps threads for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteList {
    /// Their names, in order.
    pub items: Vec<String>,
}

/// The entries of a word list file: one entry per line; blank lines and lines starting with `#`
/// are left out, and white space around an entry is trimmed. The command line and the admin
/// page read files alike.
pub fn word_list_file(text: &str, severity: WordSeverity) -> Vec<WordEntry> {
    list_file(text).map(|line| WordEntry { entry: line.to_owned(), severity }).collect()
}

/// The entries of a list file (word lists, blocked email domains): one per line, trimmed;
/// blank lines and lines starting with `#` are left out.
pub fn list_file(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// `PUT /api/v1/moderation/articles/{slug}/discussion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiscussionRequest {
    /// Open, closed or off; `null` follows the site's setting.
    pub state: Option<DiscussionState>,
}

/// What one check found (`outcome`) and why: the variant names the check (`check`), its
/// fields carry the values it measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// What the check made of the comment.
    pub outcome: Outcome,
    /// The check and what it measured.
    #[serde(flatten)]
    pub check: Check,
}

/// A check's verdict on a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing against it.
    Pass,
    /// Held for a moderator.
    Hold,
    /// Refused.
    Reject,
}

/// The checks of the pipeline, in the order they run, with what each measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    /// The article's discussion is closed or off.
    Discussion {
        /// Its state.
        state: DiscussionState,
    },
    /// Words of the site's lists: banned ones refuse the comment, suspect ones hold it.
    Words {
        /// Banned words found.
        banned: Vec<WordMatch>,
        /// Suspect words found.
        suspect: Vec<WordMatch>,
    },
    /// Links from an account the site does not trust with links yet.
    Links {
        /// How many links the comment carries.
        links: u32,
        /// How old the account is, in days.
        account_days: u32,
        /// How many of its comments were approved (published).
        approved: u32,
    },
    /// The hidden field only programs fill in.
    Honeypot,
    /// How long the editor was open before posting, for guests and first comments.
    ComposeTime {
        /// Milliseconds from opening the editor to posting, as the editor says (0 when it
        /// does not say).
        ms: u64,
        /// The site's minimum, in milliseconds.
        min_ms: u64,
    },
    /// The same body posted into other threads within a day.
    Duplicate {
        /// In how many other threads.
        threads: u32,
    },
    /// Readers reported it as often as the site's threshold says holds a comment.
    Reports {
        /// How many open reports it has.
        reports: u32,
        /// The site's threshold.
        threshold: u32,
    },
    /// A moderator put its author under pre-moderation: every comment of theirs waits.
    Premoderated,
    /// The site's mode holds this comment.
    SiteMode {
        /// The mode.
        mode: ModerationMode,
        /// How many approved comments the author has.
        approved: u32,
    },
}

/// A word of a list found in a comment, where the moderator sees it highlighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WordMatch {
    /// The list's entry (`spam*`).
    pub entry: String,
    /// The comment's own words it matched (`Spamfilter`).
    pub text: String,
    /// Where they start in the body, in characters.
    pub start: u32,
    /// Where they end, in characters.
    pub end: u32,
}

/// Which of the moderators' queues (`GET /api/v1/moderation/queue?state=…`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// Comments readers reported, still published.
    Reported,
    /// Comments waiting for a decision.
    #[default]
    Pending,
    /// Comments turned down.
    Rejected,
}

impl QueueState {
    /// Its name on the wire (`?state=`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Reported => "reported",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
        }
    }
}

/// One comment in a queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    /// The comment, as its author sees it (its `state` says where it stands).
    pub comment: Comment,
    /// The article it belongs to.
    pub article_slug: Slug,
    /// That article's headline.
    pub article_title: String,
    /// Why it is in the queue: what the checks found when it was last saved, in their order
    /// (passes included, with the values they measured).
    pub reasons: Vec<Finding>,
    /// Readers' reports of it, oldest first: those awaiting a decision, and those a rejection
    /// upheld.
    pub reports: Vec<Report>,
    /// How many of them await a decision (a decision names it: `DecisionRequest::reports`).
    pub open_reports: u32,
    /// Its author's record; `None` for a guest (guests share one account, and have none).
    pub record: Option<crate::AccountRecord>,
}

/// A page of a queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    /// The comments on this page.
    pub items: Vec<QueueItem>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages the queue has (at least 1).
    pub pages: u32,
    /// How many comments it holds.
    pub total: u64,
}

/// What a moderator decides about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    /// Readers see it.
    Approve,
    /// Readers do not; its author sees why.
    Reject,
}

/// `POST /api/v1/moderation/comments/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// Approve or reject.
    pub action: DecisionAction,
    /// Why, in the moderator's words (shown to the author of a rejected comment); at most
    /// [`MAX_DECISION_REASON_CHARS`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
    /// Where the comment stood when the moderator saw it. Sent, it must still stand there (else
    /// 409), and a rejected comment may then be approved after all; the desk always sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<CommentState>,
    /// How often the comment had been edited when the moderator read it. Sent, a comment its
    /// author has edited since is not decided (409): nobody approves a body they did not read.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option_u32")]
    pub edit_count: Option<u32>,
    /// How many open reports the comment had when the moderator read it. Sent, a comment
    /// reported again since is not decided (409): keeping or removing it settles every open
    /// report, so none is settled unread.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option_u32")]
    pub reports: Option<u32>,
    /// The body as the moderator edited it ("edit and approve": an insult taken out, a link
    /// removed), saved as the comment's next revision before the decision, under the rules of
    /// every comment body. The author's own text stays in the history, for them and moderators
    /// when readers never saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::CommentBody>))]
    pub body: Option<String>,
}

/// The most characters a decision's reason may have.
pub const MAX_DECISION_REASON_CHARS: usize = 500;

/// The most characters of a word list entry.
pub const MAX_WORD_ENTRY_CHARS: usize = 100;

impl DecisionRequest {
    /// The request's rules: a reason of at most [`MAX_DECISION_REASON_CHARS`] characters.
    pub fn check(&self) -> Result<(), FieldError> {
        match &self.reason {
            Some(reason) if reason.chars().count() > MAX_DECISION_REASON_CHARS => Err(FieldError {
                field: "reason",
                reason: Reason::NoteTooLong { max: MAX_DECISION_REASON_CHARS },
                message: format!("a reason has at most {MAX_DECISION_REASON_CHARS} characters"),
            }),
            _ => Ok(()),
        }
    }

    /// The reason with its white space trimmed, `None` when there is nothing left.
    pub fn trimmed_reason(&self) -> Option<&str> {
        self.reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty())
    }
}

impl WordEntry {
    /// Whether it can match anything: the matcher compares letters and digits, so an entry of
    /// none ("!!", "* *") is kept but never found. The admin page warns of such entries.
    pub fn matches_something(&self) -> bool {
        self.entry.chars().any(char::is_alphanumeric)
    }

    /// The entry's rules: 1 to [`MAX_WORD_ENTRY_CHARS`] characters, a `*` only at its start or
    /// end (as the schema's pattern says).
    pub fn check(&self) -> Result<(), FieldError> {
        let chars = self.entry.chars().count();
        let inner = self.entry.strip_prefix('*').unwrap_or(&self.entry);
        let inner = inner.strip_suffix('*').unwrap_or(inner);
        if chars == 0 || chars > MAX_WORD_ENTRY_CHARS || inner.is_empty() || inner.contains('*') {
            return Err(FieldError {
                field: "entry",
                reason: Reason::WordEntryInvalid { entry: self.entry.clone() },
                message: format!("{:?} is not a word list entry", self.entry),
            });
        }
        Ok(())
    }
}

/// One change of a comment's or an account's standing (`GET /api/v1/moderation/log`):
/// appended, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// The moderator who decided; `None` when the checks did (a comment held as it was saved).
    pub moderator: Option<LogActor>,
    /// The comment, for a change of a comment's standing.
    pub comment: Option<CommentId>,
    /// The account, for a sanction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<LogActor>,
    /// Its standing before (`None` for a comment held as it was posted).
    pub from: Option<crate::Standing>,
    /// Its standing after.
    pub to: crate::Standing,
    /// Why, in the moderator's words.
    pub reason: Option<String>,
    /// What the checks found, for a change they made.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// Who made a change in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogActor {
    /// Their account.
    pub id: UserId,
    /// Their name.
    pub display_name: String,
}

/// A comment's or the whole log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationLog {
    /// The entries.
    pub items: Vec<LogEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_name_their_check_beside_the_values() {
        let finding = Finding { outcome: Outcome::Hold, check: Check::ComposeTime { ms: 900, min_ms: 3000 } };
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(json, serde_json::json!({"outcome": "hold", "check": "compose_time", "ms": 900, "min_ms": 3000}));
        assert_eq!(serde_json::from_value::<Finding>(json).unwrap(), finding);
    }

    #[test]
    fn settings_take_what_is_sent_and_default_the_rest() {
        let settings: ModerationSettings = serde_json::from_str(r#"{"mode":"guests"}"#).unwrap();
        assert_eq!(settings, ModerationSettings { mode: ModerationMode::Guests, ..ModerationSettings::default() });
        assert!(serde_json::from_str::<ModerationSettings>(r#"{"mood":"guests"}"#).is_err());
    }

    #[test]
    fn word_entries_keep_the_schemas_pattern() {
        let rule = regex::Regex::new(r"^\*?[^*]+\*?$").unwrap();
        for entry in ["spam", "*spam", "spam*", "*spam*", "blöder hund", "!!", "* *", "s*m", "*", "**", "", "***"] {
            let word = WordEntry { entry: entry.into(), severity: WordSeverity::Banned };
            let admitted = rule.is_match(entry) && entry.chars().count() <= MAX_WORD_ENTRY_CHARS;
            assert_eq!(word.check().is_ok(), admitted, "{entry:?}");
        }
        let long = WordEntry { entry: "x".repeat(101), severity: WordSeverity::Suspect };
        assert!(long.check().is_err());
    }

    #[test]
    fn entries_without_letters_or_digits_match_nothing() {
        let entry = |text: &str| WordEntry { entry: text.into(), severity: WordSeverity::Suspect };
        assert!(entry("spam*").matches_something());
        assert!(entry("4711").matches_something());
        assert!(entry("ß").matches_something());
        assert!(!entry("!!").matches_something());
        assert!(!entry("* *").matches_something());
    }

    #[test]
    fn word_list_files_are_read_line_by_line() {
        let entries = word_list_file("# Schimpfwörter\n  spam* \n\r\n\nblöder hund\r\n", WordSeverity::Suspect);
        let words: Vec<&str> = entries.iter().map(|word| word.entry.as_str()).collect();
        assert_eq!(words, ["spam*", "blöder hund"]);
        assert!(entries.iter().all(|word| word.severity == WordSeverity::Suspect));
    }

    #[test]
    fn the_desks_reasons_name_the_checks_as_findings_do() {
        let checks = [
            Check::Honeypot,
            Check::Premoderated,
            Check::Duplicate { threads: 2 },
            Check::ComposeTime { ms: 1, min_ms: 2 },
            Check::Words { banned: vec![], suspect: vec![] },
            Check::Links { links: 1, account_days: 0, approved: 0 },
            Check::Reports { reports: 3, threshold: 3 },
            Check::SiteMode { mode: ModerationMode::All, approved: 0 },
        ];
        for check in checks {
            let name = serde_json::to_value(&check).unwrap()["check"].as_str().unwrap().to_owned();
            let reason = crate::QueueReason::from_name(&name).expect(&name);
            assert!(reason.report().is_none(), "{name}");
        }
    }

    #[test]
    fn states_round_trip_by_name() {
        for state in [CommentState::Published, CommentState::Pending, CommentState::Rejected] {
            assert_eq!(CommentState::from_name(state.as_str()), Some(state));
        }
        for mode in ModerationMode::ALL {
            assert_eq!(ModerationMode::from_name(mode.as_str()), Some(mode));
            assert_eq!(serde_json::to_value(mode).unwrap(), serde_json::json!(mode.as_str()));
        }
        for state in DiscussionState::ALL {
            assert_eq!(DiscussionState::from_name(state.as_str()), Some(state));
            assert_eq!(serde_json::to_value(state).unwrap(), serde_json::json!(state.as_str()));
        }
        assert_eq!(CommentState::from_name("held"), None);
    }
}
