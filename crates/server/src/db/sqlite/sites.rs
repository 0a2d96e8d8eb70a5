//! Sites in SQLite: their settings, their origins, and their pages' threads keyed by
//! `(site_id, canonical_url)` (a unique index).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Article, PageUrl};
use sqlx::{Sqlite, SqliteConnection};

use super::rows::{ARTICLE_COLUMNS, ArticleRow, count, millis};
use super::{SqliteRepository, events};
use crate::db::{ArticleKey, DbError, EmbedSite, EventKind, NewArticle, OriginTaken, SiteStore};

/// Comment counts of the threads of `?1`, a JSON array of `[origin, address]` pairs: each pair
/// one lookup in the origin index and one in the page index. The query-plan test runs this.
pub(in crate::db) const COUNTS_QUERY: &str = "SELECT a.canonical_url, a.comment_count FROM json_each(?1) j \
     JOIN site_origins o ON o.origin = json_extract(j.value, '$[0]') \
     JOIN articles a ON a.site_id = o.site_id AND a.canonical_url = json_extract(j.value, '$[1]')";

#[async_trait]
impl SiteStore for SqliteRepository {
    async fn site_promos(&self, name: &str) -> Result<Option<schrieb_api::PromoSettings>, DbError> {
        let json: Option<String> = sqlx::query_scalar("SELECT promos FROM sites WHERE name = ?1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        match json {
            Some(json) => super::rows::promos(&json),
            None => Ok(None),
        }
    }

    async fn set_site_promos(&self, name: &str, promos: &schrieb_api::PromoSettings) -> Result<bool, DbError> {
        let json = serde_json::to_string(promos).map_err(|error| DbError::Corrupt(format!("promotions: {error}")))?;
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let done =
            sqlx::query("UPDATE sites SET promos = ?1 WHERE name = ?2").bind(json).bind(name).execute(&mut *tx).await?;
        let changed = done.rows_affected() > 0;
        if changed {
            // Its threads' pages (and the answers kept of them) show the promotions anew.
            events::append(&mut tx, EventKind::Site, None, None).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn ensure_site(&self, name: &str, now: DateTime<Utc>) -> Result<i64, DbError> {
        sqlx::query("INSERT INTO sites (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(millis(now))
            .execute(&self.writer)
            .await?;
        Ok(sqlx::query_scalar("SELECT id FROM sites WHERE name = ?").bind(name).fetch_one(&self.pool).await?)
    }

    async fn guest_comments_allowed(&self, article: ArticleKey) -> Result<bool, DbError> {
        let allowed: Option<bool> = sqlx::query_scalar(
            "SELECT s.guest_comments FROM articles a JOIN sites s ON s.id = a.site_id WHERE a.id = ?1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(allowed.unwrap_or(false))
    }

    async fn set_guest_comments(&self, site: &str, allowed: bool) -> Result<bool, DbError> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query("UPDATE sites SET guest_comments = ?1 WHERE name = ?2")
            .bind(allowed)
            .bind(site)
            .execute(&mut *tx)
            .await?;
        let changed = done.rows_affected() > 0;
        if changed {
            events::append(&mut tx, EventKind::Site, None, None).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn register_origins(
        &self,
        name: &str,
        origins: &[String],
        now: DateTime<Utc>,
    ) -> Result<Result<EmbedSite, OriginTaken>, DbError> {
        // One write transaction: a refused origin leaves neither the site nor the other origins.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("INSERT INTO sites (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        let site: i64 =
            sqlx::query_scalar("SELECT id FROM sites WHERE name = ?1").bind(name).fetch_one(&mut *tx).await?;
        for origin in origins {
            let owner: Option<(i64, String)> = sqlx::query_as(
                "SELECT s.id, s.name FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE o.origin = ?1",
            )
            .bind(origin)
            .fetch_optional(&mut *tx)
            .await?;
            match owner {
                Some((owner, _)) if owner == site => {}
                Some((_, other)) => return Ok(Err(OriginTaken { origin: origin.clone(), site: other })),
                None => {
                    sqlx::query("INSERT INTO site_origins (site_id, origin) VALUES (?1, ?2)")
                        .bind(site)
                        .bind(origin)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        let origins = origins_of(&mut tx, site).await?;
        // Which pages may frame the site's threads is in every widget frame's answer.
        events::append(&mut tx, EventKind::Site, None, None).await?;
        tx.commit().await?;
        Ok(Ok(EmbedSite { id: site, name: name.to_owned(), origins }))
    }

    async fn site_of_origin(&self, origin: &str) -> Result<Option<EmbedSite>, DbError> {
        let mut conn = self.pool.acquire().await?;
        let site: Option<(i64, String)> = sqlx::query_as(
            "SELECT s.id, s.name FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE o.origin = ?1",
        )
        .bind(origin)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((id, name)) = site else { return Ok(None) };
        let origins = origins_of(&mut conn, id).await?;
        Ok(Some(EmbedSite { id, name, origins }))
    }

    async fn page_thread(&self, site: i64, url: &PageUrl) -> Result<Option<Article>, DbError> {
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sites s ON s.id = a.site_id \
             WHERE a.site_id = ?1 AND a.canonical_url = ?2"
        ))
        .bind(site)
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(ArticleRow::into_article).transpose()
    }

    async fn create_page_thread(&self, article: &NewArticle) -> Result<Article, DbError> {
        // Concurrent first views all insert; the unique index keeps the first, the others'
        // inserts do nothing, and everyone reads back that one thread.
        sqlx::query(
            "INSERT INTO articles (site_id, slug, lang, canonical_url, title, author, published_at, body, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (site_id, canonical_url) DO NOTHING",
        )
        .bind(article.site_id)
        .bind(article.slug.as_str())
        .bind(&article.lang)
        .bind(&article.canonical_url)
        .bind(&article.title)
        .bind(&article.author)
        .bind(millis(article.published_at))
        .bind(&article.body)
        .bind(&article.note)
        .execute(&self.writer)
        .await?;
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sites s ON s.id = a.site_id \
             WHERE a.site_id = ?1 AND a.canonical_url = ?2"
        ))
        .bind(article.site_id)
        .bind(&article.canonical_url)
        .fetch_optional(&self.pool)
        .await?;
        let row = row.ok_or_else(|| DbError::Corrupt(format!("the thread of {} vanished", article.canonical_url)))?;
        row.into_article()
    }

    async fn page_counts(&self, urls: &[PageUrl]) -> Result<HashMap<String, u64>, DbError> {
        // Pairs of origin and address: the origin finds the site, the pair the thread's index.
        let pairs: Vec<[&str; 2]> = urls.iter().map(|url| [url.origin(), url.as_str()]).collect();
        let pairs = serde_json::to_string(&pairs).map_err(|error| DbError::Corrupt(format!("urls: {error}")))?;
        let rows: Vec<(String, i64)> = sqlx::query_as(COUNTS_QUERY).bind(pairs).fetch_all(&self.pool).await?;
        rows.into_iter().map(|(url, comments)| Ok((url, count(comments)?))).collect()
    }
}

/// Every origin of `site`, in byte order: the same list from either store, and through a copy
/// from one to the other (the order of registration is kept by neither).
async fn origins_of(conn: &mut SqliteConnection, site: i64) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar::<Sqlite, String>("SELECT origin FROM site_origins WHERE site_id = ?1 ORDER BY origin")
        .bind(site)
        .fetch_all(conn)
        .await?)
}
