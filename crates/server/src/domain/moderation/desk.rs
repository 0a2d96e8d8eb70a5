//! What moderators do at the desk: read the queues and the log, decide about held comments,
//! open or close discussions; and what admins set for a site: its rules and word lists.

use chrono::{DateTime, Utc};
use schrieb_api::{
    AccountRecord, CommentId, CommentPermalink, DecisionAction, DecisionRequest, DiscussionState, LogEntry,
    ModerationQueue, ModerationSettings, ModeratorNote, NoteRequest, PageNumber, QueueCounts, QueueFilter, QueueState,
    Reason, SiteList, Slug, UserId, WordEntry, page_count, permissions, permissions::Actor,
};

use crate::db::{Decided, Decision, LogFilter, ModerationStore};
use crate::domain::moderation::pipeline::Checks;
use crate::domain::quotes::decide_quotes;
use crate::domain::{DomainError, Edit, EditStore, Refusal, Throttle, edit_comment, read_back};

/// How many log entries one read gives at most.
pub const LOG_LIMIT: u32 = 200;

/// A page of the queue of `state`, narrowed and ordered by `filter`, for moderators.
pub async fn queue<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    state: QueueState,
    page: PageNumber,
    filter: &QueueFilter,
) -> Result<ModerationQueue, DomainError> {
    permissions::may_moderate(actor)?;
    let found = store.queue(state, page, filter).await?;
    let mut queue = found.read;
    for record in queue.items.iter_mut().filter_map(|item| item.record.as_mut()) {
        keep_own_notes_out(record, actor);
    }
    // Each comment as readers would see it, its quotes with how they stand now.
    decide_quotes(queue.items.iter_mut().map(|item| &mut item.comment), &found.quotes);
    Ok(ModerationQueue { items: queue.items, page: page.get(), pages: page_count(queue.total), total: queue.total })
}

/// How many comments each queue holds, for moderators.
pub async fn counts<S: ModerationStore + ?Sized>(store: &S, actor: Actor) -> Result<QueueCounts, DomainError> {
    permissions::may_moderate(actor)?;
    Ok(store.queue_counts().await?)
}

fn no_account(id: UserId) -> DomainError {
    DomainError::NotFound(format!("no account has the id {}", id.0))
}

/// The record of `account` (its comments' standing, sanction and moderators' notes), for
/// moderators.
pub async fn record<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    account: UserId,
) -> Result<AccountRecord, DomainError> {
    permissions::may_moderate(actor)?;
    let mut record = store.account_record(account).await?.ok_or_else(|| no_account(account))?;
    keep_own_notes_out(&mut record, actor);
    Ok(record)
}

/// Notes on an account are never read by its owner, a moderator among them.
fn keep_own_notes_out(record: &mut AccountRecord, actor: Actor) {
    if record.user.id == actor.id {
        record.notes.clear();
    }
}

/// Adds moderator `actor`'s note on `account` at `now`.
pub async fn add_note<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    account: UserId,
    request: &NoteRequest,
    now: DateTime<Utc>,
) -> Result<ModeratorNote, DomainError> {
    permissions::may_moderate(actor)?;
    let body = request.check()?;
    store.add_note(account, actor.id, body, now).await?.ok_or_else(|| no_account(account))
}

/// What a decision with the moderator's edit of the body needs beside the store: the checks and
/// the write limit an edit goes through, and the edit window (which moderators are not held to).
pub struct Editing<'a> {
    /// The moderation checks (a moderator's own edit passes them).
    pub checks: &'a Checks,
    /// The write limit.
    pub throttle: &'a dyn Throttle,
    /// How long authors may edit.
    pub window: chrono::Duration,
}

/// Decides about comment `id` (held, or reported and still published) as moderator `actor` at
/// `now`, and answers with the comment as it is then. Keeping a reported comment dismisses its
/// reports; rejecting it upholds them. Two moderators deciding at once: the first decides, the
/// second is refused with who decided and how ([`Reason::AlreadyDecided`]).
///
/// With a `body`, the moderator's edit is saved first, as any moderator's edit is, and the
/// decision then holds for the edited comment. The edit is made only to a comment that awaits a
/// decision and stands as the moderator read it (its state, edits and open reports as sent,
/// checked just before the edit is written).
pub async fn decide<S: ModerationStore + EditStore + ?Sized>(
    store: &S,
    editing: &Editing<'_>,
    actor: Actor,
    id: CommentId,
    request: &DecisionRequest,
    now: DateTime<Utc>,
) -> Result<CommentPermalink, DomainError> {
    permissions::may_moderate(actor)?;
    request.check()?;
    let mut seen_edits = request.edit_count;
    if let Some(body) = &request.body {
        // Checked before the edit is written, so that no edit is saved for a decision that
        // would then be refused: the comment awaits one, and stands as the moderator read it.
        let Some((state, edits, reports, deleted)) = store.standing_of(id).await? else {
            return refused(store, id, Decided::Missing).await;
        };
        let awaits = match state {
            schrieb_api::CommentState::Pending => true,
            schrieb_api::CommentState::Rejected => request.state == Some(state),
            schrieb_api::CommentState::Published => reports > 0 && !deleted,
        };
        if !awaits || request.state.is_some_and(|seen| seen != state) {
            return refused(store, id, Decided::Already(None)).await;
        }
        if request.edit_count.is_some_and(|seen| seen != edits) {
            return refused(store, id, Decided::Edited(edits)).await;
        }
        if request.reports.is_some_and(|seen| seen != reports) {
            return refused(store, id, Decided::Reported(reports)).await;
        }
        let edit = Edit { id, body, window: editing.window };
        let edited = edit_comment(store, editing.checks, editing.throttle, actor, edit, now).await?;
        seen_edits = Some(edited.comment.edit_count);
    }
    let to = match request.action {
        DecisionAction::Approve => schrieb_api::CommentState::Published,
        DecisionAction::Reject => schrieb_api::CommentState::Rejected,
    };
    let decision = Decision {
        comment: id,
        moderator: actor.id,
        to,
        reason: request.trimmed_reason(),
        seen_state: request.state,
        seen_edits,
        seen_reports: request.reports,
        at: now,
    };
    match store.decide(&decision).await? {
        Decided::Changed => read_back(store, id).await,
        other => refused(store, id, other).await,
    }
}

/// The refusal of a decision that was not made, in words.
async fn refused<S: ModerationStore + EditStore + ?Sized>(
    store: &S,
    id: CommentId,
    decided: Decided,
) -> Result<CommentPermalink, DomainError> {
    match decided {
        Decided::Changed => read_back(store, id).await,
        Decided::Missing => Err(DomainError::NotFound(format!("no comment has the id {}", id.0))),
        Decided::Reported(reports) => Err(DomainError::Conflict(Refusal {
            reason: Reason::ReportedSinceSeen { reports },
            message: format!("the comment was reported again since you read it ({reports} open reports now)"),
            field: None,
        })),
        Decided::Edited(edit_count) => Err(DomainError::Conflict(Refusal {
            reason: Reason::EditedSinceSeen { edit_count },
            message: format!("the comment was edited since you read it (it has {edit_count} edits now)"),
            field: None,
        })),
        Decided::Already(decider) => {
            let current = read_back(store, id).await?;
            let moderator = decider.map(|who| who.display_name);
            let state = current.comment.state;
            let message = match &moderator {
                Some(name) => format!("{name} has already decided about this comment: it is {}", state.as_str()),
                None => format!("this comment awaits no decision: it is {}", state.as_str()),
            };
            Err(DomainError::Conflict(Refusal {
                reason: Reason::AlreadyDecided { moderator, state },
                message,
                field: None,
            }))
        }
    }
}

/// The log, newest first: of one comment, of one account, or all of it (the latest
/// [`LOG_LIMIT`] entries of any).
pub async fn log<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    filter: LogFilter,
) -> Result<Vec<LogEntry>, DomainError> {
    permissions::may_moderate(actor)?;
    Ok(store.moderation_log(filter, LOG_LIMIT).await?)
}

/// Opens, closes or switches off the discussion of article `slug` (`None`: as its site says).
pub async fn set_discussion<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    slug: &Slug,
    state: Option<DiscussionState>,
) -> Result<(), DomainError> {
    permissions::may_moderate(actor)?;
    if store.set_discussion(slug, state).await? {
        Ok(())
    } else {
        Err(DomainError::NotFound(format!("no article has the slug {:?}", slug.as_str())))
    }
}

fn no_site(name: &str) -> DomainError {
    let shown: String = name.chars().take(120).collect();
    DomainError::NotFound(format!("no site is named {shown:?}"))
}

/// The sites' names, for admins.
pub async fn sites<S: ModerationStore + ?Sized>(store: &S, actor: Actor) -> Result<SiteList, DomainError> {
    permissions::may_administer(actor)?;
    Ok(SiteList { items: store.site_names().await? })
}

/// The moderation settings of the site `name`, for admins.
pub async fn site_settings<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
) -> Result<ModerationSettings, DomainError> {
    permissions::may_administer(actor)?;
    store.site_moderation(name).await?.ok_or_else(|| no_site(name))
}

/// Replaces the moderation settings of the site `name`, for admins.
pub async fn set_site_settings<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
    settings: &ModerationSettings,
) -> Result<ModerationSettings, DomainError> {
    permissions::may_administer(actor)?;
    settings.check()?;
    let settings = settings.normalized();
    if !store.set_site_moderation(name, &settings).await? {
        return Err(no_site(name));
    }
    Ok(settings)
}

/// The word lists of the site `name`, for admins.
pub async fn site_words<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
) -> Result<Vec<WordEntry>, DomainError> {
    permissions::may_administer(actor)?;
    store.site_words_named(name).await?.ok_or_else(|| no_site(name))
}

/// Replaces the word lists of the site `name`, for admins; every entry is checked first, and
/// one that breaks the rules refuses the whole list.
pub async fn set_site_words<S: ModerationStore + ?Sized>(
    store: &S,
    actor: Actor,
    name: &str,
    words: &[WordEntry],
) -> Result<Vec<WordEntry>, DomainError> {
    permissions::may_administer(actor)?;
    for word in words {
        word.check()?;
    }
    if !store.set_site_words(name, words).await? {
        return Err(no_site(name));
    }
    Ok(store.site_words_named(name).await?.unwrap_or_default())
}
