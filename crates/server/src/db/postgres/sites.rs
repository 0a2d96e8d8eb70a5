//! Sites in PostgreSQL: their settings, their origins, and their pages' threads keyed by
//! `(site_id, canonical_url)` (a unique index).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Article, PageUrl};
use sqlx::{PgConnection, Postgres};

use super::{PgRepository, events};
use crate::db::sqlite::rows::{ARTICLE_COLUMNS, ArticleRow, count, millis};
use crate::db::{ArticleKey, DbError, EmbedSite, EventKind, NewArticle, OriginTaken, SiteStore};

/// Comment counts of the threads of the pages whose origins are `$1` and whose addresses are
/// `$2` (two arrays, taken pairwise): each pair one lookup in the origin index and one in the
/// page index.
pub(super) const COUNTS_QUERY: &str = "SELECT a.canonical_url, a.comment_count \
     FROM unnest($1::TEXT[], $2::TEXT[]) AS j (origin, url) \
     JOIN site_origins o ON o.origin = j.origin \
     JOIN articles a ON a.site_id = o.site_id AND a.canonical_url = j.url";

/// The key of the transaction-level advisory lock that registrations of origins take turns on
/// (`"origins"` and 1 in ASCII; any number other than the event log's, the same on every
/// server).
const ORIGINS_LOCK: i64 = 0x6f72_6967_696e_7301;

#[async_trait]
impl SiteStore for PgRepository {
    async fn site_promos(&self, name: &str) -> Result<Option<schrieb_api::PromoSettings>, DbError> {
        let json: Option<String> = sqlx::query_scalar("SELECT promos FROM sites WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        match json {
            Some(json) => crate::db::sqlite::rows::promos(&json),
            None => Ok(None),
        }
    }

    async fn set_site_promos(&self, name: &str, promos: &schrieb_api::PromoSettings) -> Result<bool, DbError> {
        let json = serde_json::to_string(promos).map_err(|error| DbError::Corrupt(format!("promotions: {error}")))?;
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("UPDATE sites SET promos = $1 WHERE name = $2").bind(json).bind(name).execute(&mut *tx).await?;
        let changed = done.rows_affected() > 0;
        if changed {
            // Its threads' pages (and the answers kept of them) show the promotions anew.
            events::append(&mut tx, EventKind::Site, None, None).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn ensure_site(&self, name: &str, now: DateTime<Utc>) -> Result<i64, DbError> {
        sqlx::query("INSERT INTO sites (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT id FROM sites WHERE name = $1").bind(name).fetch_one(&self.pool).await?)
    }

    async fn guest_comments_allowed(&self, article: ArticleKey) -> Result<bool, DbError> {
        let allowed: Option<bool> = sqlx::query_scalar(
            "SELECT s.guest_comments FROM articles a JOIN sites s ON s.id = a.site_id WHERE a.id = $1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(allowed.unwrap_or(false))
    }

    async fn set_guest_comments(&self, site: &str, allowed: bool) -> Result<bool, DbError> {
        // The UPDATE itself says whether there was a site to change (and locks its row): nothing
        // read before decides the write.
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE sites SET guest_comments = $1 WHERE name = $2")
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
        // One transaction: a refused origin leaves neither the site nor the other origins.
        // Registrations take turns (SQLite's single writer gave that): each reads who owns an
        // origin before it inserts it, and two at once could otherwise both find an origin free,
        // or wait on each other's origins in a deadlock. They are rare (the command line's).
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(ORIGINS_LOCK).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sites (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        let site: i64 =
            sqlx::query_scalar("SELECT id FROM sites WHERE name = $1").bind(name).fetch_one(&mut *tx).await?;
        for origin in origins {
            let owner: Option<(i64, String)> = sqlx::query_as(
                "SELECT s.id, s.name FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE o.origin = $1",
            )
            .bind(origin)
            .fetch_optional(&mut *tx)
            .await?;
            match owner {
                Some((owner, _)) if owner == site => {}
                Some((_, other)) => return Ok(Err(OriginTaken { origin: origin.clone(), site: other })),
                None => {
                    sqlx::query("INSERT INTO site_origins (site_id, origin) VALUES ($1, $2)")
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
            "SELECT s.id, s.name FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE o.origin = $1",
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
             WHERE a.site_id = $1 AND a.canonical_url = $2"
        ))
        .bind(site)
        .bind(url.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(ArticleRow::into_article).transpose()
    }

    async fn create_page_thread(&self, article: &NewArticle) -> Result<Article, DbError> {
        // Concurrent first views all insert; the unique index keeps the first, the others'
        // inserts wait for it and then do nothing, and everyone reads back that one thread.
        // No conflict target: the views of one page make the same slug too, and PostgreSQL
        // raises a conflict on an index that is not the target (here the slug's, met while the
        // first insert is still open) instead of doing nothing.
        sqlx::query(
            "INSERT INTO articles (site_id, slug, lang, canonical_url, title, author, published_at, body, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
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
        .execute(&self.pool)
        .await?;
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sites s ON s.id = a.site_id \
             WHERE a.site_id = $1 AND a.canonical_url = $2"
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
        let (origins, addresses): (Vec<&str>, Vec<&str>) = urls.iter().map(|url| (url.origin(), url.as_str())).unzip();
        let rows: Vec<(String, i64)> =
            sqlx::query_as(COUNTS_QUERY).bind(origins).bind(addresses).fetch_all(&self.pool).await?;
        rows.into_iter().map(|(url, comments)| Ok((url, count(comments)?))).collect()
    }
}

/// Every origin of `site`, in byte order: the same list from either store, and through a copy
/// from one to the other (the order of registration is kept by neither).
async fn origins_of(conn: &mut PgConnection, site: i64) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar::<Postgres, String>(
        "SELECT origin FROM site_origins WHERE site_id = $1 ORDER BY origin COLLATE \"C\"",
    )
    .bind(site)
    .fetch_all(conn)
    .await?)
}
