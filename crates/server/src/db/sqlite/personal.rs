//! A person's own data in SQLite: the queries of `db::personal`, in one transaction each.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, DeletedComments, UserId};

use super::{SqliteRepository, comments, events};
use crate::db::personal::{
    ACCOUNT_QUERY, AccountDeletion, COMMENTS_QUERY, DRAFTS_QUERY, ERASE, FOLLOWS_QUERY, FORGET, FORGET_MAIL,
    LIVE_COMMENTS_QUERY, OTHER_ADMINS_QUERY, PersonalRecords, PersonalStore, REACTED_QUERY, REACTIONS_QUERY,
    REPORTS_QUERY, REVISIONS_QUERY, ROLE_QUERY, Raw, SESSIONS_QUERY, SIGNED_COMMENTS_QUERY, TOMBSTONE, tombstone_key,
};
use crate::db::{DbError, EventKind};

#[async_trait]
impl PersonalStore for SqliteRepository {
    async fn personal_records(&self, user: UserId) -> Result<Option<PersonalRecords>, DbError> {
        // One snapshot: the comments and their revisions agree.
        let mut tx = self.pool.begin().await?;
        let Some(account) = sqlx::query_as(ACCOUNT_QUERY).bind(user.0).fetch_optional(&mut *tx).await? else {
            return Ok(None);
        };
        let raw = Raw {
            account,
            comments: sqlx::query_as(COMMENTS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            revisions: sqlx::query_as(REVISIONS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            reactions: sqlx::query_as(REACTIONS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            drafts: sqlx::query_as(DRAFTS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            follows: sqlx::query_as(FOLLOWS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            reports: sqlx::query_as(REPORTS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
            sessions: sqlx::query_as(SESSIONS_QUERY).bind(user.0).fetch_all(&mut *tx).await?,
        };
        Ok(Some(raw.into_records()?))
    }

    async fn delete_account(
        &self,
        user: UserId,
        choice: DeletedComments,
        now: DateTime<Utc>,
    ) -> Result<AccountDeletion, DbError> {
        // BEGIN IMMEDIATE: the last administrator is counted under the write lock, so two
        // administrators deleting at once cannot both go.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let found: Option<(String, Option<String>)> =
            sqlx::query_as(ROLE_QUERY).bind(user.0).fetch_optional(&mut *tx).await?;
        let Some((role, email)) = found else { return Ok(AccountDeletion::Gone) };
        if role == "admin" {
            let others: i64 = sqlx::query_scalar(OTHER_ADMINS_QUERY).bind(user.0).fetch_one(&mut *tx).await?;
            if others == 0 {
                return Ok(AccountDeletion::LastAdmin);
            }
        }
        match choice {
            DeletedComments::Remove => {
                let ids: Vec<i64> = sqlx::query_scalar(LIVE_COMMENTS_QUERY).bind(user.0).fetch_all(&mut *tx).await?;
                for id in ids {
                    comments::mark_deleted(&mut tx, CommentId(id), Some(user)).await?;
                }
                for statement in ERASE {
                    sqlx::query(statement).bind(user.0).execute(&mut *tx).await?;
                }
            }
            DeletedComments::Keep => {
                let signed: Vec<(i64, i64)> =
                    sqlx::query_as(SIGNED_COMMENTS_QUERY).bind(user.0).fetch_all(&mut *tx).await?;
                for (comment, article) in signed {
                    events::append(&mut tx, EventKind::AuthorGone, Some(article), Some(comment)).await?;
                }
            }
        }
        let reacted: Vec<(i64, i64)> = sqlx::query_as(REACTED_QUERY).bind(user.0).fetch_all(&mut *tx).await?;
        for statement in FORGET {
            sqlx::query(statement).bind(user.0).execute(&mut *tx).await?;
        }
        for (comment, article) in reacted {
            events::append(&mut tx, EventKind::Reacted, Some(article), Some(comment)).await?;
        }
        if let Some(email) = email {
            sqlx::query(FORGET_MAIL).bind(email).execute(&mut *tx).await?;
        }
        sqlx::query(TOMBSTONE)
            .bind(user.0)
            .bind(tombstone_key(user))
            .bind(now.timestamp_millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(AccountDeletion::Deleted)
    }
}
