//! The checks every comment passes as it is posted or edited, in one order: each passes it,
//! holds it for a moderator, or refuses it, and says why with what it measured. The comment
//! is refused when any check refuses it (the first one's reason is the answer), held when any
//! holds it, and published otherwise; the findings are kept with it for moderators.
//!
//! Moderators' own comments are not checked: they are the ones who would decide.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{
    Check, CommentBody, DiscussionState, Finding, ModerationMode, Outcome, Reason, UserId, WordMatch, WordSeverity,
};

use super::words::{Hit, WordList};
use crate::db::{ArticleKey, DbError, ModerationStore, Rules};
use crate::domain::{DomainError, Refusal};

/// How long the same body in other threads counts as a repetition.
const DUPLICATE_WINDOW_HOURS: i64 = 24;

/// The word lists of each site, compiled once per version of the lists (compiling thousands
/// of entries takes milliseconds; finding them in a comment, microseconds).
#[derive(Debug, Default)]
pub struct Checks {
    words: Mutex<HashMap<i64, (i64, Arc<WordList>)>>,
    /// Held while a site's lists are read and compiled.
    compiling: tokio::sync::Mutex<()>,
}

/// Who writes, as the checks see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// A guest, without an account (writing as the shared guest account).
    Guest,
    /// Someone with an account that does not moderate.
    Member,
    /// A moderator or admin: not checked.
    Moderator,
}

/// What the editor tells about how the comment was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals<'a> {
    /// The hidden field only programs fill in (`CommentRequest::homepage`).
    pub honeypot: Option<&'a str>,
    /// Milliseconds from opening the editor to posting (`CommentRequest::compose_ms`).
    pub compose_ms: Option<u64>,
}

/// A comment about to be stored, as the checks see it.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// Its article.
    pub article: ArticleKey,
    /// Who writes it.
    pub writer: Writer,
    /// The account it is stored under (for a guest, the shared guest account).
    pub author: UserId,
    /// Its body, past the body rules.
    pub body: &'a CommentBody,
    /// What the editor says of its writing; `None` for an edit (the spam signals are for
    /// new comments).
    pub signals: Option<Signals<'a>>,
    /// When.
    pub now: DateTime<Utc>,
}

/// What the checks made of a comment: held or not, and what each found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Pass (publish) or hold; a refusal is an error instead.
    pub outcome: Outcome,
    /// What the checks found, in their order.
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// Whether the comment waits for a moderator.
    pub fn holds(&self) -> bool {
        self.outcome == Outcome::Hold
    }
}

impl Checks {
    /// Runs the checks over `submission`: its verdict, or [`DomainError::Refused`] with the first
    /// refusing check's reason (the findings are not kept then: nothing is stored).
    pub async fn run<S: ModerationStore + ?Sized>(
        &self,
        store: &S,
        submission: &Submission<'_>,
    ) -> Result<Verdict, DomainError> {
        if submission.writer == Writer::Moderator {
            return Ok(Verdict { outcome: Outcome::Pass, findings: Vec::new() });
        }
        let rules = store
            .rules(submission.article)
            .await?
            .ok_or_else(|| DomainError::NotFound("the comment's article is gone".into()))?;
        let mut findings = Vec::new();
        // First: a banned or suspended account is refused whatever it writes.
        if submission.writer == Writer::Member
            && super::sanctions::may_take_part(store, submission.author, submission.now).await?
        {
            findings.push(finding(Outcome::Hold, Check::Premoderated));
        }
        findings.extend(discussion(&rules));
        let words = self.word_list(store, &rules).await?;
        findings.extend(words_in(&words, submission.body.as_str()));
        // The author's record costs a query: read only where a rule of the site asks for it.
        let record = match submission.writer {
            Writer::Member if needs_record(&rules) => Some(store.author_record(submission.author).await?),
            Writer::Guest | Writer::Member | Writer::Moderator => None,
        };
        let account_days = record.map_or(0, |record| days_between(record.created_at, submission.now));
        let approved = record.map_or(0, |record| record.approved);
        findings.extend(links(&rules, submission.body, account_days, approved));
        if let Some(signals) = submission.signals {
            let newcomer = submission.writer == Writer::Guest || approved == 0;
            findings.extend(spam_signals(&rules, signals, newcomer));
            if let Some(finding) = duplicate(store, submission).await? {
                findings.push(finding);
            }
        }
        findings.extend(site_mode(&rules, submission.writer, approved));
        let outcome = findings.iter().map(|finding| finding.outcome).max().unwrap_or(Outcome::Pass);
        if outcome == Outcome::Reject {
            let first = findings.iter().find(|finding| finding.outcome == Outcome::Reject);
            return Err(DomainError::Refused(refusal(first.map(|finding| &finding.check), &rules)));
        }
        Ok(Verdict { outcome, findings })
    }

    /// The site's compiled word lists, read and compiled again when they changed: once,
    /// however many comments arrive meanwhile (the others wait for it and take it).
    async fn word_list<S: ModerationStore + ?Sized>(&self, store: &S, rules: &Rules) -> Result<Arc<WordList>, DbError> {
        if let Some(list) = self.current(rules) {
            return Ok(list);
        }
        // One reads and compiles; the others wait here (without holding a thread) and take its
        // result, rather than all reading thousands of entries at once.
        let _compiling = self.compiling.lock().await;
        if let Some(list) = self.current(rules) {
            return Ok(list);
        }
        // Kept under the version read with the entries: the lists may have changed since
        // `rules` were read, and a copy of the newer lists must not pass for the older ones.
        let (version, entries) = store.site_words(rules.site).await?;
        // Entries are checked as they are saved; one that slipped in (an old database) matches
        // nothing rather than costing the site its lists.
        let list = Arc::new(WordList::compile_usable(entries.iter().map(|word| (word.entry.as_str(), word.severity))));
        self.lock().insert(rules.site, (version, list.clone()));
        Ok(list)
    }

    /// The compiled lists of `rules`' site, if they are of its version or newer (a comment
    /// checked against lists changed a moment after its rules were read is checked by the
    /// newer ones; compiling the older again would only undo that).
    fn current(&self, rules: &Rules) -> Option<Arc<WordList>> {
        let lists = self.lock();
        let (version, list) = lists.get(&rules.site)?;
        (*version >= rules.words_version).then(|| list.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (i64, Arc<WordList>)>> {
        // A panic while the lock was held left the map whole: every change is one insert.
        self.words.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether a rule of the site reads an author's age or approved comments.
fn needs_record(rules: &Rules) -> bool {
    let settings = &rules.settings;
    settings.link_min_account_days > 0
        || settings.link_min_approved > 0
        || settings.min_compose_seconds > 0
        || settings.mode == ModerationMode::NewAccounts
}

fn finding(outcome: Outcome, check: Check) -> Finding {
    Finding { outcome, check }
}

/// A closed discussion or one switched off takes no comments.
fn discussion(rules: &Rules) -> Option<Finding> {
    (rules.discussion != DiscussionState::Open)
        .then(|| finding(Outcome::Reject, Check::Discussion { state: rules.discussion }))
}

/// The site's banned words refuse, its suspect words hold.
fn words_in(list: &WordList, body: &str) -> Option<Finding> {
    let hits = list.find(body);
    if hits.is_empty() {
        return None;
    }
    let matched = |severity: WordSeverity| -> Vec<WordMatch> {
        hits.iter().filter(|hit| hit.severity == severity).map(|hit| word_match(body, hit)).collect()
    };
    let (banned, suspect) = (matched(WordSeverity::Banned), matched(WordSeverity::Suspect));
    let outcome = if banned.is_empty() { Outcome::Hold } else { Outcome::Reject };
    Some(finding(outcome, Check::Words { banned, suspect }))
}

fn word_match(body: &str, hit: &Hit) -> WordMatch {
    let chars = |bytes: usize| u32::try_from(body[..bytes].chars().count()).unwrap_or(u32::MAX);
    WordMatch {
        entry: hit.entry.clone(),
        text: body[hit.range.clone()].to_owned(),
        start: chars(hit.range.start),
        end: chars(hit.range.end),
    }
}

/// Links from an account the site does not trust with them yet: held, or refused above the
/// site's cap for such accounts. Guests count as accounts of no age and no approved comments.
fn links(rules: &Rules, body: &CommentBody, account_days: u32, approved: u32) -> Option<Finding> {
    let settings = &rules.settings;
    let links = u32::try_from(body.document().link_count()).unwrap_or(u32::MAX);
    let untrusted = account_days < settings.link_min_account_days || approved < settings.link_min_approved;
    if links == 0 || !untrusted {
        return None;
    }
    let over_cap = settings.new_account_link_cap.is_some_and(|cap| links > cap);
    let outcome = if over_cap { Outcome::Reject } else { Outcome::Hold };
    Some(finding(outcome, Check::Links { links, account_days, approved }))
}

/// The honeypot (refused when filled) and the time the editor was open (held when shorter than
/// the site's minimum, for guests and first comments).
fn spam_signals(rules: &Rules, signals: Signals<'_>, newcomer: bool) -> Vec<Finding> {
    let mut found = Vec::new();
    if signals.honeypot.is_some_and(|value| !value.trim().is_empty()) {
        found.push(finding(Outcome::Reject, Check::Honeypot));
    }
    let min_ms = u64::from(rules.settings.min_compose_seconds) * 1000;
    if newcomer && min_ms > 0 {
        let ms = signals.compose_ms.unwrap_or(0);
        let outcome = if ms < min_ms { Outcome::Hold } else { Outcome::Pass };
        found.push(finding(outcome, Check::ComposeTime { ms, min_ms }));
    }
    found
}

/// The same body posted into other threads within a day is held.
async fn duplicate<S: ModerationStore + ?Sized>(
    store: &S,
    submission: &Submission<'_>,
) -> Result<Option<Finding>, DbError> {
    // Guests share an account: their bodies are compared across all guests, which is what
    // catches one program posting as many "guests".
    let since = submission.now - Duration::hours(DUPLICATE_WINDOW_HOURS);
    let body = submission.body.as_str();
    let threads = store.same_body_elsewhere(submission.author, body, submission.article, since).await?;
    Ok((threads > 0).then(|| finding(Outcome::Hold, Check::Duplicate { threads })))
}

/// The site's mode: which comments wait for a moderator whatever they say.
fn site_mode(rules: &Rules, writer: Writer, approved: u32) -> Option<Finding> {
    let mode = rules.settings.mode;
    let holds = match mode {
        ModerationMode::Post => false,
        ModerationMode::All => true,
        ModerationMode::Guests => writer == Writer::Guest,
        ModerationMode::NewAccounts => writer == Writer::Guest || approved < rules.settings.trust_after,
    };
    holds.then(|| finding(Outcome::Hold, Check::SiteMode { mode, approved }))
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
}

/// The refusal a refusing check answers with.
fn refusal(check: Option<&Check>, rules: &Rules) -> Refusal {
    let (reason, message) = match check {
        Some(Check::Discussion { state: DiscussionState::Off }) => {
            (Reason::DiscussionOff, "this article has no discussion".to_owned())
        }
        Some(Check::Discussion { .. }) => (Reason::DiscussionClosed, "this discussion is closed".to_owned()),
        Some(Check::Words { banned, .. }) => {
            let words: Vec<String> = banned.iter().map(|word| word.text.clone()).collect();
            let message = format!("the site does not allow these words: {}", words.join(", "));
            (Reason::BannedWords { words }, message)
        }
        Some(Check::Links { links, .. }) => {
            let max = rules.settings.new_account_link_cap.unwrap_or(0);
            let message = format!("new accounts may post at most {max} links in a comment, this one has {links}");
            (Reason::TooManyLinksForNewAccount { max, actual: *links }, message)
        }
        _ => (Reason::Spam, "this looks like spam".to_owned()),
    };
    Refusal { reason, message, field: Some("body") }
}

#[cfg(test)]
mod tests;
