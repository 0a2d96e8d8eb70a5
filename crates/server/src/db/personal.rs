//! The storage interface for a person's own data: reading everything stored about them, and
//! deleting their account.
//!
//! The SQL is shared by both engines (`$N` reads as a numbered parameter on each); only the
//! transactions around it differ.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    DeletedComments, PersonalAccount, PersonalComment, PersonalDraft, PersonalFollow, PersonalReaction, PersonalReport,
    PersonalSession, UserId,
};

use super::DbError;

/// What [`PersonalStore::personal_records`] reads: a personal data export but for the
/// notification settings, which their own store reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalRecords {
    /// The account.
    pub account: PersonalAccount,
    /// Their comments, oldest first, each with its earlier bodies.
    pub comments: Vec<PersonalComment>,
    /// Their reactions, oldest first.
    pub reactions: Vec<PersonalReaction>,
    /// Their drafts.
    pub drafts: Vec<PersonalDraft>,
    /// The threads they follow or muted.
    pub follows: Vec<PersonalFollow>,
    /// The comments they reported.
    pub reports: Vec<PersonalReport>,
    /// Their sessions.
    pub sessions: Vec<PersonalSession>,
}

/// How deleting an account went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountDeletion {
    /// Deleted.
    Deleted,
    /// Refused: the account is the only administrator left.
    LastAdmin,
    /// There is no such account (or it was deleted already).
    Gone,
}

/// A person's own data.
#[async_trait]
pub trait PersonalStore: Send + Sync {
    /// Everything stored about account `user`; `None` if there is no such account.
    async fn personal_records(&self, user: UserId) -> Result<Option<PersonalRecords>, DbError>;

    /// Deletes account `user` in one transaction, unless it is the last administrator:
    ///
    /// - its comments stay, signed by a deleted account, or (`Remove`) each is deleted and its
    ///   words, earlier versions, quotes and mentions are erased;
    /// - its reactions, drafts, notifications, follows, settings, sessions, mail tokens and
    ///   mails are deleted, and mentions of it no longer name it;
    /// - the account row stays as an empty tombstone (moderation records name it): no name, no
    ///   address, no password, so nobody can log in as it or mention it;
    /// - every thread it touched gets its events, so live readers and cached pages see the
    ///   change.
    async fn delete_account(
        &self,
        user: UserId,
        comments: DeletedComments,
        now: DateTime<Utc>,
    ) -> Result<AccountDeletion, DbError>;
}

/// The key a deleted account's row keeps in the unique `name_key` column: display names cannot
/// hold `"`, so no name's key is ever this.
pub(in crate::db) fn tombstone_key(user: UserId) -> String {
    format!("\"deleted {}", user.0)
}

/// The account's own row.
pub(in crate::db) const ACCOUNT_QUERY: &str = "SELECT id, display_name, email, email_confirmed_at, role, created_at \
     FROM users WHERE id = $1 AND deleted_at IS NULL";

/// Every comment of `$1`, oldest first, with its article.
pub(in crate::db) const COMMENTS_QUERY: &str = "SELECT c.id, c.position, c.body, c.created_at, c.edited_at, c.deleted, \
     c.status, a.slug, a.title, a.canonical_url FROM comments c JOIN articles a ON a.id = c.article_id \
     WHERE c.author_id = $1 ORDER BY c.created_at, c.id";

/// The earlier bodies of `$1`'s comments.
pub(in crate::db) const REVISIONS_QUERY: &str = "SELECT r.comment_id, r.revision, r.body, r.created_at \
     FROM comment_revisions r JOIN comments c ON c.id = r.comment_id WHERE c.author_id = $1 \
     ORDER BY r.comment_id, r.revision";

/// `$1`'s reactions.
pub(in crate::db) const REACTIONS_QUERY: &str = "SELECT r.comment_id, a.slug, r.kind, r.created_at FROM reactions r \
     JOIN comments c ON c.id = r.comment_id JOIN articles a ON a.id = c.article_id WHERE r.user_id = $1 \
     ORDER BY r.created_at, r.comment_id";

/// `$1`'s drafts.
pub(in crate::db) const DRAFTS_QUERY: &str = "SELECT a.slug, d.body, d.updated_at FROM drafts d \
     JOIN articles a ON a.id = d.article_id WHERE d.user_id = $1 ORDER BY d.updated_at";

/// The threads `$1` follows or muted.
pub(in crate::db) const FOLLOWS_QUERY: &str = "SELECT a.slug, f.state FROM thread_follows f \
     JOIN articles a ON a.id = f.article_id WHERE f.user_id = $1 ORDER BY a.slug";

/// The comments `$1` reported.
pub(in crate::db) const REPORTS_QUERY: &str =
    "SELECT comment_id, reason, note, at FROM comment_reports WHERE reporter_id = $1 ORDER BY at, comment_id";

/// `$1`'s sessions.
pub(in crate::db) const SESSIONS_QUERY: &str =
    "SELECT created_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at";

/// The account to delete, as it stands.
pub(in crate::db) const ROLE_QUERY: &str = "SELECT role, email FROM users WHERE id = $1 AND deleted_at IS NULL";

/// How many administrators there are besides `$1`.
pub(in crate::db) const OTHER_ADMINS_QUERY: &str =
    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> $1 AND deleted_at IS NULL";

/// `$1`'s comments that are not deleted yet, to delete one by one (counts, reports, events).
pub(in crate::db) const LIVE_COMMENTS_QUERY: &str =
    "SELECT id FROM comments WHERE author_id = $1 AND NOT deleted ORDER BY id";

/// `$1`'s comments with their threads, for the events that tell readers their signature changed.
pub(in crate::db) const SIGNED_COMMENTS_QUERY: &str =
    "SELECT id, article_id FROM comments WHERE author_id = $1 AND NOT deleted ORDER BY id";

/// Erasing the words of `$1`'s (deleted) comments: what their thread, quotes and mentions kept.
pub(in crate::db) const ERASE: [&str; 6] = [
    "DELETE FROM comment_revisions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
    "DELETE FROM comment_quotes WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
    "DELETE FROM comment_mentions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
    "DELETE FROM comment_checks WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
    // The cards of its links said what the links were.
    "DELETE FROM comment_links WHERE comment_id IN (SELECT id FROM comments WHERE author_id = $1)",
    "UPDATE comments SET body = '', body_hash = NULL, edit_count = 0, previews = '[]' WHERE author_id = $1",
];

/// The comments `$1` reacted to, with their threads: each gets an event once the reactions go.
pub(in crate::db) const REACTED_QUERY: &str = "SELECT DISTINCT r.comment_id, c.article_id FROM reactions r \
     JOIN comments c ON c.id = r.comment_id WHERE r.user_id = $1 ORDER BY r.comment_id";

/// What is `$1`'s alone, and goes with the account.
pub(in crate::db) const FORGET: [&str; 13] = [
    "DELETE FROM reactions WHERE user_id = $1",
    "DELETE FROM drafts WHERE user_id = $1",
    "DELETE FROM notifications WHERE user_id = $1",
    "DELETE FROM thread_follows WHERE user_id = $1",
    "DELETE FROM notification_settings WHERE user_id = $1",
    "DELETE FROM thread_visits WHERE user_id = $1",
    "DELETE FROM unsubscribe_tokens WHERE user_id = $1",
    "DELETE FROM email_tokens WHERE user_id = $1",
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM banned_sessions WHERE user_id = $1",
    "DELETE FROM moderator_notes WHERE account_id = $1",
    // Mentions of them stop naming them: the name stays as text in the comments that wrote it.
    "DELETE FROM comment_mentions WHERE user_id = $1",
    // Reports they filed stay for the moderators' record; their notes were their words.
    "UPDATE comment_reports SET note = NULL WHERE reporter_id = $1",
];

/// Mails to the address (`$1`): sent ones are a log of what they were told, queued ones would
/// write to a person who left.
pub(in crate::db) const FORGET_MAIL: &str = "DELETE FROM outbox WHERE to_address = $1";

/// Empties the account's row (`$1`) into a tombstone, with the key `$2`, at `$3`.
pub(in crate::db) const TOMBSTONE: &str = "UPDATE users SET display_name = '', name_key = $2, email = NULL, \
     password_hash = NULL, email_confirmed_at = NULL, role = 'reader', sanction = NULL, sanction_until = NULL, \
     sanction_reason = NULL, digest_at = NULL, deleted_at = $3 WHERE id = $1";

/// The rows of a personal export as either engine reads them; [`Raw::into_records`] makes the
/// records of them.
pub(in crate::db) struct Raw {
    pub(in crate::db) account: AccountRow,
    pub(in crate::db) comments: Vec<CommentRow>,
    pub(in crate::db) revisions: Vec<RevisionRow>,
    pub(in crate::db) reactions: Vec<ReactionRow>,
    pub(in crate::db) drafts: Vec<(String, String, i64)>,
    pub(in crate::db) follows: Vec<(String, String)>,
    pub(in crate::db) reports: Vec<ReportRow>,
    pub(in crate::db) sessions: Vec<(i64, i64)>,
}

#[derive(sqlx::FromRow)]
pub(in crate::db) struct AccountRow {
    id: i64,
    display_name: String,
    email: Option<String>,
    email_confirmed_at: Option<i64>,
    role: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
pub(in crate::db) struct CommentRow {
    id: i64,
    position: Option<i64>,
    body: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted: bool,
    status: String,
    slug: String,
    title: String,
    canonical_url: String,
}

#[derive(sqlx::FromRow)]
pub(in crate::db) struct RevisionRow {
    comment_id: i64,
    revision: i64,
    body: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
pub(in crate::db) struct ReactionRow {
    comment_id: i64,
    slug: String,
    kind: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
pub(in crate::db) struct ReportRow {
    comment_id: i64,
    reason: String,
    note: Option<String>,
    at: i64,
}

impl Raw {
    /// The records these rows hold.
    pub(in crate::db) fn into_records(self) -> Result<PersonalRecords, DbError> {
        use super::sqlite::rows::{count, slug, state, time};
        use schrieb_api::{
            CommentId, FollowChoice, PersonalArticle, PersonalRevision, ReactionKind, ReportReason, Role,
        };
        let corrupt = |what: &str, raw: &str| DbError::Corrupt(format!("{what} {raw:?}"));
        let account = self.account;
        let account = PersonalAccount {
            id: UserId(account.id),
            display_name: account.display_name,
            email: account.email,
            email_confirmed: account.email_confirmed_at.is_some(),
            role: Role::from_name(&account.role).ok_or_else(|| corrupt("role", &account.role))?,
            created_at: time(account.created_at)?,
        };
        let mut revisions: std::collections::HashMap<i64, Vec<PersonalRevision>> = std::collections::HashMap::new();
        for revision in self.revisions {
            revisions.entry(revision.comment_id).or_default().push(PersonalRevision {
                revision: super::sqlite::references::revision(revision.revision)?,
                body: revision.body,
                created_at: time(revision.created_at)?,
            });
        }
        let mut comments = Vec::with_capacity(self.comments.len());
        for row in self.comments {
            let earlier = revisions.remove(&row.id).unwrap_or_default();
            comments.push(PersonalComment {
                id: CommentId(row.id),
                article: PersonalArticle { slug: slug(row.slug)?, title: row.title, url: row.canonical_url },
                position: row.position.map(count).transpose()?,
                body: row.body,
                created_at: time(row.created_at)?,
                edited_at: row.edited_at.map(time).transpose()?,
                deleted: row.deleted,
                state: state(&row.status)?,
                revisions: earlier,
            });
        }
        let reactions = self
            .reactions
            .into_iter()
            .map(|row| {
                Ok(PersonalReaction {
                    comment: CommentId(row.comment_id),
                    article: slug(row.slug)?,
                    kind: ReactionKind::from_name(&row.kind).ok_or_else(|| corrupt("reaction", &row.kind))?,
                    created_at: time(row.created_at)?,
                })
            })
            .collect::<Result<_, DbError>>()?;
        let drafts = self
            .drafts
            .into_iter()
            .map(|(article, body, updated_at)| {
                Ok(PersonalDraft { article: slug(article)?, body, updated_at: time(updated_at)? })
            })
            .collect::<Result<_, DbError>>()?;
        let follows = self
            .follows
            .into_iter()
            .map(|(article, state)| {
                let choice = match state.as_str() {
                    "follow" => FollowChoice::Follow,
                    "mute" => FollowChoice::Mute,
                    _ => return Err(corrupt("follow state", &state)),
                };
                Ok(PersonalFollow { article: slug(article)?, choice })
            })
            .collect::<Result<_, DbError>>()?;
        let reports = self
            .reports
            .into_iter()
            .map(|row| {
                Ok(PersonalReport {
                    comment: CommentId(row.comment_id),
                    reason: ReportReason::from_name(&row.reason)
                        .ok_or_else(|| corrupt("report reason", &row.reason))?,
                    note: row.note,
                    created_at: time(row.at)?,
                })
            })
            .collect::<Result<_, DbError>>()?;
        let sessions = self
            .sessions
            .into_iter()
            .map(|(created_at, expires_at)| {
                Ok(PersonalSession { created_at: time(created_at)?, expires_at: time(expires_at)? })
            })
            .collect::<Result<_, DbError>>()?;
        Ok(PersonalRecords { account, comments, reactions, drafts, follows, reports, sessions })
    }
}
