//! A site's discussion read out for an export, and imports written, in PostgreSQL.

use async_trait::async_trait;
use schrieb_api::{CommentId, MentionRef, Slug, UserId};
use sqlx::{FromRow, PgConnection, Postgres, Transaction};

use super::{PgRepository, events, read_snapshot};
use crate::db::portable::{
    ArticleRecord, CommentRecord, ImportKey, ImportTx, PersonRecord, Place, PortableStore, ReactionRecord,
    RevisionRecord, SiteRecord,
};
use crate::db::sqlite::portable::entry;
use crate::db::sqlite::rows::{body_hash, count, millis, slug, small, state, time};
use crate::db::{ArticleKey, DbError, EventKind, NewQuote, name_key};

/// The comments of the site `$1`, as the subquery the people of an export are found by.
const SITE_COMMENTS: &str = "SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.site_id = $1";

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    display_name: String,
    email: Option<String>,
    email_confirmed_at: Option<i64>,
    role: String,
    lang: String,
    created_at: i64,
}

impl PersonRow {
    fn record(self) -> Result<PersonRecord, DbError> {
        Ok(PersonRecord {
            id: Some(UserId(self.id)),
            display_name: self.display_name,
            email: self.email,
            email_confirmed_at: self.email_confirmed_at.map(time).transpose()?,
            role: self.role,
            lang: self.lang,
            created_at: time(self.created_at)?,
        })
    }
}

#[derive(FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    lang: String,
    canonical_url: String,
    title: String,
    author: String,
    published_at: i64,
    body: String,
    note: Option<String>,
    discussion: Option<String>,
}

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    position: Option<i64>,
    author_id: i64,
    guest_name: Option<String>,
    body: String,
    created_at: i64,
    edited_at: Option<i64>,
    status: String,
    status_reason: Option<String>,
    deleted: bool,
    deleted_by: Option<i64>,
}

#[async_trait]
impl PortableStore for PgRepository {
    async fn export_site(&self, name: &str) -> Result<Option<SiteRecord>, DbError> {
        let row: Option<(i64, String, i64, bool)> =
            sqlx::query_as("SELECT id, name, created_at, guest_comments FROM sites WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, name, created_at, guest_comments)| {
            Ok(SiteRecord { id, name, created_at: time(created_at)?, guest_comments })
        })
        .transpose()
    }

    async fn export_people(&self, site: i64) -> Result<Vec<PersonRecord>, DbError> {
        let query = format!(
            "SELECT id, display_name, email, email_confirmed_at, role, lang, created_at FROM users WHERE id IN (\
             SELECT author_id FROM comments WHERE id IN ({SITE_COMMENTS}) \
             UNION SELECT deleted_by FROM comments WHERE id IN ({SITE_COMMENTS}) AND deleted_by IS NOT NULL \
             UNION SELECT user_id FROM reactions WHERE comment_id IN ({SITE_COMMENTS}) \
             UNION SELECT user_id FROM comment_mentions WHERE comment_id IN ({SITE_COMMENTS})) ORDER BY id"
        );
        let rows: Vec<PersonRow> = sqlx::query_as(&query).bind(site).fetch_all(&self.pool).await?;
        rows.into_iter().map(PersonRow::record).collect()
    }

    async fn export_articles(&self, site: i64) -> Result<Vec<ArticleRecord>, DbError> {
        let rows: Vec<ArticleRow> = sqlx::query_as(
            "SELECT id, slug, lang, canonical_url, title, author, published_at, body, note, discussion \
             FROM articles WHERE site_id = $1 ORDER BY id",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ArticleRecord {
                    id: Some(ArticleKey(row.id)),
                    slug: slug(row.slug)?,
                    lang: row.lang,
                    canonical_url: row.canonical_url,
                    title: row.title,
                    author: row.author,
                    published_at: time(row.published_at)?,
                    body: row.body,
                    note: row.note,
                    discussion: row.discussion,
                })
            })
            .collect()
    }

    async fn export_comments(&self, article: ArticleKey) -> Result<Vec<CommentRecord>, DbError> {
        // One snapshot: the comments and what belongs to them agree.
        let mut tx = read_snapshot(&self.pool).await?;
        let rows: Vec<CommentRow> = sqlx::query_as(
            "SELECT id, position, author_id, guest_name, body, created_at, edited_at, status, status_reason, \
             deleted, deleted_by FROM comments WHERE article_id = $1 ORDER BY id",
        )
        .bind(article.0)
        .fetch_all(&mut *tx)
        .await?;
        let revisions: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT r.comment_id, r.body, r.created_at FROM comment_revisions r JOIN comments c ON c.id = r.comment_id \
             WHERE c.article_id = $1 ORDER BY r.comment_id, r.revision",
        )
        .bind(article.0)
        .fetch_all(&mut *tx)
        .await?;
        let quotes: Vec<(i64, i64, i64, String, bool)> = sqlx::query_as(
            "SELECT q.comment_id, q.source_id, q.source_revision, q.quoted_text, q.verified FROM comment_quotes q \
             JOIN comments c ON c.id = q.comment_id WHERE c.article_id = $1 ORDER BY q.comment_id, q.ordinal",
        )
        .bind(article.0)
        .fetch_all(&mut *tx)
        .await?;
        let mentions: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT m.comment_id, m.user_id, m.name FROM comment_mentions m JOIN comments c ON c.id = m.comment_id \
             WHERE c.article_id = $1 ORDER BY m.comment_id, m.user_id",
        )
        .bind(article.0)
        .fetch_all(&mut *tx)
        .await?;
        let reactions: Vec<(i64, i64, String, i64)> = sqlx::query_as(
            "SELECT r.comment_id, r.user_id, r.kind, r.created_at FROM reactions r JOIN comments c ON c.id = r.comment_id \
             WHERE c.article_id = $1 ORDER BY r.comment_id, r.created_at, r.user_id, r.kind",
        )
        .bind(article.0)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut comments = Vec::with_capacity(rows.len());
        for row in rows {
            comments.push(CommentRecord {
                id: Some(CommentId(row.id)),
                article,
                position: row.position.map(count).transpose()?,
                author: UserId(row.author_id),
                guest_name: row.guest_name,
                body: row.body,
                created_at: time(row.created_at)?,
                edited_at: row.edited_at.map(time).transpose()?,
                revisions: Vec::new(),
                state: state(&row.status)?,
                status_reason: row.status_reason,
                deleted: row.deleted,
                deleted_by: row.deleted_by.map(UserId),
                quotes: Vec::new(),
                mentions: Vec::new(),
                reactions: Vec::new(),
            });
        }
        // Each list is in comment order, as the comments are.
        for (id, body, at) in revisions {
            entry(&mut comments, id)?.revisions.push(RevisionRecord { body, created_at: time(at)? });
        }
        for (id, source, revision, text, verified) in quotes {
            let source_revision = small(revision);
            entry(&mut comments, id)?.quotes.push(NewQuote {
                source: CommentId(source),
                source_revision,
                text,
                verified,
            });
        }
        for (id, user, name) in mentions {
            entry(&mut comments, id)?.mentions.push(MentionRef { user: UserId(user), name });
        }
        for (id, user, kind, at) in reactions {
            entry(&mut comments, id)?.reactions.push(ReactionRecord {
                user: UserId(user),
                kind,
                created_at: time(at)?,
            });
        }
        Ok(comments)
    }

    async fn holds_nothing(&self) -> Result<bool, DbError> {
        let held: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM comments)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(!held)
    }

    async fn begin_import(&self) -> Result<Box<dyn ImportTx>, DbError> {
        let tx = self.pool.begin().await?;
        Ok(Box::new(PgImport { pool: self.pool.clone(), tx: Some(tx), kept_ids: false }))
    }
}

/// An import's transaction.
struct PgImport {
    pool: sqlx::PgPool,
    /// `None` only between the two halves of a checkpoint.
    tx: Option<Transaction<'static, Postgres>>,
    /// Whether a row was stored with the id it had (a restore): the identities then move past.
    kept_ids: bool,
}

fn position(place: Place) -> Option<i64> {
    match place {
        Place::Kept(position) => Some(i64::try_from(position).unwrap_or(i64::MAX)),
        Place::Next | Place::None => None,
    }
}

#[async_trait]
impl ImportTx for PgImport {
    async fn site(&mut self, site: &SiteRecord) -> Result<(i64, bool), DbError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM sites WHERE name = $1")
            .bind(&site.name)
            .fetch_optional(self.conn()?)
            .await?;
        if let Some(id) = found {
            return Ok((id, false));
        }
        let id =
            sqlx::query_scalar("INSERT INTO sites (name, created_at, guest_comments) VALUES ($1, $2, $3) RETURNING id")
                .bind(&site.name)
                .bind(millis(site.created_at))
                .bind(site.guest_comments)
                .fetch_one(self.conn()?)
                .await?;
        Ok((id, true))
    }

    async fn known(&mut self, key: &ImportKey<'_>) -> Result<Option<i64>, DbError> {
        Ok(sqlx::query_scalar("SELECT local_id FROM import_keys WHERE source = $1 AND kind = $2 AND external_id = $3")
            .bind(key.source)
            .bind(key.kind.as_str())
            .bind(key.external)
            .fetch_optional(self.conn()?)
            .await?)
    }

    async fn remember(&mut self, key: &ImportKey<'_>, local: i64) -> Result<(), DbError> {
        sqlx::query("INSERT INTO import_keys (source, kind, external_id, local_id) VALUES ($1, $2, $3, $4)")
            .bind(key.source)
            .bind(key.kind.as_str())
            .bind(key.external)
            .bind(local)
            .execute(self.conn()?)
            .await?;
        Ok(())
    }

    async fn person_by_email(&mut self, email: &str) -> Result<Option<UserId>, DbError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(self.conn()?)
            .await?;
        Ok(id.map(UserId))
    }

    async fn person_named(&mut self, name: &str) -> Result<Option<UserId>, DbError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE name_key = $1")
            .bind(name_key(name))
            .fetch_optional(self.conn()?)
            .await?;
        Ok(id.map(UserId))
    }

    async fn person_name(&mut self, id: UserId) -> Result<Option<String>, DbError> {
        Ok(sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn()?)
            .await?)
    }

    async fn add_person(&mut self, person: &PersonRecord) -> Result<UserId, DbError> {
        self.kept_ids |= person.id.is_some();
        let id = sqlx::query_scalar(
            "INSERT INTO users (id, display_name, name_key, email, email_confirmed_at, role, lang, created_at) \
             VALUES (COALESCE($1, nextval(pg_get_serial_sequence('users', 'id'))), $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(person.id.map(|id| id.0))
        .bind(&person.display_name)
        .bind(name_key(&person.display_name))
        .bind(&person.email)
        .bind(person.email_confirmed_at.map(millis))
        .bind(&person.role)
        .bind(&person.lang)
        .bind(millis(person.created_at))
        .fetch_one(self.conn()?)
        .await?;
        Ok(UserId(id))
    }

    async fn article_at(&mut self, site: i64, url: &str) -> Result<Option<ArticleKey>, DbError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE site_id = $1 AND canonical_url = $2")
            .bind(site)
            .bind(url)
            .fetch_optional(self.conn()?)
            .await?;
        Ok(id.map(ArticleKey))
    }

    async fn slug_taken(&mut self, slug: &Slug) -> Result<bool, DbError> {
        Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM articles WHERE slug = $1)")
            .bind(slug.as_str())
            .fetch_one(self.conn()?)
            .await?)
    }

    async fn add_article(&mut self, site: i64, article: &ArticleRecord) -> Result<ArticleKey, DbError> {
        self.kept_ids |= article.id.is_some();
        let id = sqlx::query_scalar(
            "INSERT INTO articles (id, site_id, slug, lang, canonical_url, title, author, published_at, body, note, \
             discussion) VALUES (COALESCE($1, nextval(pg_get_serial_sequence('articles', 'id'))), $2, $3, $4, $5, $6, $7, $8, \
             $9, $10, $11) RETURNING id",
        )
        .bind(article.id.map(|id| id.0))
        .bind(site)
        .bind(article.slug.as_str())
        .bind(&article.lang)
        .bind(&article.canonical_url)
        .bind(&article.title)
        .bind(&article.author)
        .bind(millis(article.published_at))
        .bind(&article.body)
        .bind(&article.note)
        .bind(&article.discussion)
        .fetch_one(self.conn()?)
        .await?;
        Ok(ArticleKey(id))
    }

    async fn add_comment(&mut self, comment: &CommentRecord, place: Place) -> Result<CommentId, DbError> {
        self.kept_ids |= comment.id.is_some();
        let position = match place {
            Place::Next => Some(
                sqlx::query_scalar::<_, i64>(
                    "UPDATE articles SET thread_length = thread_length + 1 WHERE id = $1 RETURNING thread_length",
                )
                .bind(comment.article.0)
                .fetch_one(self.conn()?)
                .await?,
            ),
            kept_or_none => position(kept_or_none),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (id, article_id, position, author_id, body, created_at, edited_at, edit_count, \
             deleted, deleted_by, guest_name, status, status_reason, body_hash, body_public) \
             VALUES (COALESCE($1, nextval(pg_get_serial_sequence('comments', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(comment.id.map(|id| id.0))
        .bind(comment.article.0)
        .bind(position)
        .bind(comment.author.0)
        .bind(&comment.body)
        .bind(millis(comment.created_at))
        .bind(comment.edited_at.map(millis))
        .bind(i64::try_from(comment.revisions.len()).unwrap_or(i64::MAX))
        .bind(comment.deleted)
        .bind(comment.deleted_by.map(|id| id.0))
        .bind(&comment.guest_name)
        .bind(comment.state.as_str())
        .bind(&comment.status_reason)
        .bind(body_hash(&comment.body))
        .bind(position.is_some())
        .fetch_one(self.conn()?)
        .await?;
        for (revision, earlier) in comment.revisions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO comment_revisions (comment_id, revision, body, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(i64::try_from(revision).unwrap_or(i64::MAX) + 1)
            .bind(&earlier.body)
            .bind(millis(earlier.created_at))
            .execute(self.conn()?)
            .await?;
        }
        super::references::store(self.conn()?, id, &comment.quotes, &comment.mentions).await?;
        for reaction in &comment.reactions {
            sqlx::query(
                "INSERT INTO reactions (comment_id, kind, user_id, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (comment_id, kind, user_id) DO NOTHING",
            )
            .bind(id)
            .bind(&reaction.kind)
            .bind(reaction.user.0)
            .bind(millis(reaction.created_at))
            .execute(self.conn()?)
            .await?;
        }
        Ok(CommentId(id))
    }

    async fn finish_thread(&mut self, article: ArticleKey) -> Result<(), DbError> {
        // The count's rule: published and not deleted (as posting, deleting and deciding keep it).
        sqlx::query(
            "UPDATE articles SET \
             comment_count = (SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'published' AND NOT deleted), \
             thread_length = COALESCE((SELECT MAX(position) FROM comments WHERE article_id = $1), 0) WHERE id = $1",
        )
        .bind(article.0)
        .execute(self.conn()?)
        .await?;
        events::append(self.conn()?, EventKind::Imported, Some(article.0), None).await
    }

    async fn checkpoint(&mut self) -> Result<(), DbError> {
        self.move_identities().await?;
        if let Some(done) = self.tx.take() {
            done.commit().await?;
        }
        self.tx = Some(self.pool.begin().await?);
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> Result<(), DbError> {
        self.move_identities().await?;
        self.tx.take().ok_or_else(gone)?.commit().await?;
        Ok(())
    }
}

impl PgImport {
    /// After rows were stored with the ids they had, moves each identity past them.
    async fn move_identities(&mut self) -> Result<(), DbError> {
        if self.kept_ids {
            for table in ["users", "articles", "comments"] {
                // `false`: the next id handed out is the highest plus one.
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
                ))
                .execute(self.conn()?)
                .await?;
            }
        }
        Ok(())
    }
}

impl PgImport {
    /// The transaction's connection.
    fn conn(&mut self) -> Result<&mut PgConnection, DbError> {
        self.tx.as_deref_mut().ok_or_else(gone)
    }
}

/// A checkpoint that failed between commit and begin leaves no transaction to go on in.
fn gone() -> DbError {
    DbError::Corrupt("the import's transaction ended with an error".into())
}
