//! Articles in PostgreSQL.

use async_trait::async_trait;
use schrieb_api::{Article, ArticleSummary, Slug};

use super::PgRepository;
use crate::db::sqlite::rows::{ARTICLE_COLUMNS, ArticleRow, SummaryRow, count, millis, slug, time};
use crate::db::{ArticleKey, ArticleStore, DbError, NewArticle};

#[async_trait]
impl ArticleStore for PgRepository {
    async fn list_articles(&self) -> Result<Vec<ArticleSummary>, DbError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT slug, title, author, published_at, comment_count FROM articles \
             ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ArticleSummary {
                    slug: slug(row.slug)?,
                    title: row.title,
                    author: row.author,
                    published_at: time(row.published_at)?,
                    comment_count: count(row.comment_count)?,
                })
            })
            .collect()
    }

    async fn find_article(&self, wanted: &Slug) -> Result<Option<Article>, DbError> {
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sites s ON s.id = a.site_id WHERE a.slug = $1"
        ))
        .bind(wanted.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(ArticleRow::into_article).transpose()
    }

    async fn article_key(&self, slug: &Slug) -> Result<Option<ArticleKey>, DbError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(ArticleKey))
    }

    async fn is_empty(&self) -> Result<bool, DbError> {
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM articles LIMIT 1").fetch_optional(&self.pool).await?;
        Ok(any.is_none())
    }

    async fn insert_article(&self, article: &NewArticle) -> Result<ArticleKey, DbError> {
        let id = sqlx::query_scalar(
            "INSERT INTO articles (site_id, slug, lang, canonical_url, title, author, published_at, body, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
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
        .fetch_one(&self.pool)
        .await?;
        Ok(ArticleKey(id))
    }
}
