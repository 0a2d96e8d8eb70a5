//! Link previews in SQLite: the queries of `db::previews`, in one write transaction each.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::CommentId;
use sqlx::SqliteConnection;

use super::rows::millis;
use super::{SqliteRepository, events, json_ids, move_place};
use crate::db::previews::{
    ADD_LINK, ADD_PENDING, ADD_PICTURE, CARDS_QUERY, CardRow, ClaimedPreview, CommentLinks, FORGET_LINKS,
    LINKING_QUERY, PICTURE_QUERY, PictureRow, PreviewOutcome, PreviewStore, PreviewSubject, REMOVE_CARDS, SET_CARDS,
    SET_FAILED, SET_READY, SUBJECTS_QUERY, StoredPicture, SubjectRow, cards_json,
};
use crate::db::{DbError, EventKind};

/// Brings comment `id`'s cards up to what its links' pages said, with an event when they
/// changed.
async fn refresh_cards(tx: &mut SqliteConnection, id: i64) -> Result<(), DbError> {
    let rows: Vec<CardRow> = sqlx::query_as(CARDS_QUERY).bind(id).fetch_all(&mut *tx).await?;
    let json = cards_json(rows)?;
    let changed: Option<i64> = sqlx::query_scalar(SET_CARDS).bind(&json).bind(id).fetch_optional(&mut *tx).await?;
    if let Some(article) = changed {
        events::append(tx, EventKind::Previewed, Some(article), Some(id)).await?;
    }
    Ok(())
}

#[async_trait]
impl PreviewStore for SqliteRepository {
    async fn preview_cursor(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT seq FROM preview_cursor WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn preview_subjects(&self, ids: &[CommentId]) -> Result<Vec<PreviewSubject>, DbError> {
        let rows: Vec<SubjectRow> = sqlx::query_as(&format!("{SUBJECTS_QUERY} IN (SELECT value FROM json_each($1))"))
            .bind(json_ids(ids.iter().map(|id| id.0))?)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(PreviewSubject::from).collect())
    }

    async fn store_comment_links(
        &self,
        links: &[CommentLinks],
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let Some(mut tx) = move_place(&self.writer, ("preview_cursor", "seq"), from, to).await? else {
            return Ok(false);
        };
        for comment in links {
            sqlx::query(FORGET_LINKS).bind(comment.comment.0).execute(&mut *tx).await?;
            for (position, url) in (0_i64..).zip(&comment.urls) {
                sqlx::query(ADD_PENDING).bind(url).bind(millis(now)).execute(&mut *tx).await?;
                sqlx::query(ADD_LINK).bind(comment.comment.0).bind(position).bind(url).execute(&mut *tx).await?;
            }
            refresh_cards(&mut tx, comment.comment.0).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn claim_previews(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedPreview>, DbError> {
        // One writer: the statement picks and claims at once, so no two claims overlap.
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "UPDATE link_previews SET claimed_until = $2, attempts = attempts + 1 WHERE url IN \
             (SELECT url FROM link_previews WHERE state = 'pending' AND next_attempt_at <= $1 \
              AND claimed_until <= $1 ORDER BY next_attempt_at LIMIT $3) \
             RETURNING url, attempts - 1",
        )
        .bind(millis(now))
        .bind(millis(until))
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        rows.into_iter()
            .map(|(url, attempts)| {
                let attempts = u32::try_from(attempts).map_err(|_| DbError::Corrupt("preview attempts".into()))?;
                Ok(ClaimedPreview { url, attempts })
            })
            .collect()
    }

    async fn store_picture(&self, picture: &StoredPicture, now: DateTime<Utc>) -> Result<(), DbError> {
        sqlx::query(ADD_PICTURE)
            .bind(&picture.name)
            .bind(&picture.content_type)
            .bind(&picture.bytes)
            .bind(i64::from(picture.width))
            .bind(i64::from(picture.height))
            .bind(millis(now))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn preview_fetched(&self, url: &str, outcome: &PreviewOutcome, now: DateTime<Utc>) -> Result<(), DbError> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        match outcome {
            PreviewOutcome::Ready { title, site, description, image } => {
                sqlx::query(SET_READY)
                    .bind(url)
                    .bind(title)
                    .bind(site)
                    .bind(description)
                    .bind(image)
                    .bind(millis(now))
                    .execute(&mut *tx)
                    .await?;
                let linking: Vec<i64> = sqlx::query_scalar(LINKING_QUERY).bind(url).fetch_all(&mut *tx).await?;
                for id in linking {
                    refresh_cards(&mut tx, id).await?;
                }
            }
            PreviewOutcome::Failed { error, retry_at } => {
                sqlx::query(SET_FAILED)
                    .bind(url)
                    .bind(error)
                    .bind(retry_at.map(millis))
                    .bind(millis(now))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn picture(&self, name: &str) -> Result<Option<StoredPicture>, DbError> {
        let row: Option<PictureRow> = sqlx::query_as(PICTURE_QUERY).bind(name).fetch_optional(&self.pool).await?;
        row.map(PictureRow::into_picture).transpose()
    }

    async fn remove_previews(&self, id: CommentId) -> Result<bool, DbError> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let removed: Option<(i64, i64)> = sqlx::query_as(REMOVE_CARDS).bind(id.0).fetch_optional(&mut *tx).await?;
        let Some((article, links)) = removed else { return Ok(false) };
        sqlx::query(FORGET_LINKS).bind(id.0).execute(&mut *tx).await?;
        if links > 0 {
            events::append(&mut tx, EventKind::Previewed, Some(article), Some(id.0)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
