//! A reader's own data: what an export of it holds, and the rules of deleting an account.

use chrono::{DateTime, Utc};
use schrieb_api::{DeletedComments, PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, PersonalData, Reason, UserId};

use super::notification_mail;
use super::{DomainError, Refusal};
use crate::db::{AccountDeletion, NotificationStore, PersonalStore};

/// Everything stored about account `user`, made at `now`; `None` if there is no such account.
pub async fn personal_data<S: PersonalStore + NotificationStore + ?Sized>(
    store: &S,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<PersonalData>, DomainError> {
    let Some(records) = store.personal_records(user).await? else { return Ok(None) };
    Ok(Some(PersonalData {
        format: PERSONAL_DATA_FORMAT.to_owned(),
        version: PERSONAL_DATA_VERSION,
        exported_at: now,
        account: records.account,
        comments: records.comments,
        reactions: records.reactions,
        drafts: records.drafts,
        notification_settings: notification_mail::settings(store, user).await?,
        follows: records.follows,
        reports: records.reports,
        sessions: records.sessions,
    }))
}

/// Deletes account `user` for good, its comments kept or removed as `choice` says. The
/// caller has checked the password. The last administrator may not go: a site with nobody to
/// run it cannot get one back but on the command line.
pub async fn delete_account<S: PersonalStore + ?Sized>(
    store: &S,
    user: UserId,
    choice: DeletedComments,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    match store.delete_account(user, choice, now).await? {
        AccountDeletion::Deleted => Ok(()),
        AccountDeletion::LastAdmin => Err(DomainError::Conflict(Refusal {
            reason: Reason::LastAdmin,
            message: "the only administrator cannot delete their account".into(),
            field: None,
        })),
        AccountDeletion::Gone => Err(DomainError::NotFound(format!("account {}", user.0))),
    }
}
