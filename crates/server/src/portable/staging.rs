//! Where an import of another system's file keeps what it read until it writes: a SQLite file of
//! its own in a temporary folder. Files list replies before their parents and threads' comments
//! mixed with other threads'; the writer needs each thread whole and in order. Spilling to disk
//! keeps memory to one thread at a time, however large the file.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, SqlitePool};

use super::foreign::{ForeignPost, ForeignThread};
use crate::db::DbError;

/// Rows staged before they are written in one transaction.
const BATCH: usize = 5_000;

/// The staging database.
pub struct Staging {
    pool: SqlitePool,
    /// Removed with the staging.
    _dir: tempfile::TempDir,
    threads: Vec<ForeignThread>,
    posts: Vec<ForeignPost>,
}

/// A person a format lists apart from their comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignPerson {
    /// The file's id for them, which posts' `author_ref` names.
    pub external: String,
    /// Their name.
    pub name: String,
    /// Their address.
    pub email: Option<String>,
    /// Whether they had an account there whose address it checked.
    pub registered: bool,
}

/// A staged post with its order of reading.
#[derive(Debug, Clone)]
pub struct StagedPost {
    /// Its place in the file (the tie-breaker for equal times).
    pub seq: i64,
    /// The post.
    pub post: ForeignPost,
}

#[derive(FromRow)]
struct PostRow {
    seq: i64,
    external: String,
    thread: String,
    parent: Option<String>,
    author_name: String,
    author_email: Option<String>,
    author_registered: bool,
    body: String,
    created_at: Option<i64>,
    deleted: bool,
    spam: bool,
    held: bool,
    pingback: bool,
    author_ref: Option<String>,
}

impl Staging {
    /// A new, empty staging in a temporary folder.
    pub async fn new() -> Result<Self, DbError> {
        let dir = tempfile::tempdir().map_err(|error| DbError::Corrupt(format!("a temporary folder: {error}")))?;
        let path = dir.path().join("staging.db");
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Off)
            .synchronous(SqliteSynchronous::Off);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        for statement in [
            "CREATE TABLE threads (external TEXT PRIMARY KEY, key TEXT NOT NULL, url TEXT NOT NULL, \
             title TEXT NOT NULL, created_at INTEGER, closed BOOLEAN NOT NULL)",
            "CREATE TABLE posts (seq INTEGER PRIMARY KEY, external TEXT NOT NULL UNIQUE, thread TEXT NOT NULL, \
             parent TEXT, author_name TEXT NOT NULL, author_email TEXT, author_registered BOOLEAN NOT NULL, \
             body TEXT NOT NULL, created_at INTEGER, deleted BOOLEAN NOT NULL, spam BOOLEAN NOT NULL, \
             held BOOLEAN NOT NULL, pingback BOOLEAN NOT NULL)",
            "CREATE INDEX posts_thread ON posts (thread, created_at, seq)",
            // Formats that list their people apart from the comments (Commento): a post names
            // its author by `author_ref`, and the person's name and address win over its own.
            "CREATE TABLE people (external TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT, \
             registered BOOLEAN NOT NULL)",
            "ALTER TABLE posts ADD COLUMN author_ref TEXT",
            "CREATE INDEX threads_key ON threads (key)",
        ] {
            sqlx::query(statement).execute(&pool).await?;
        }
        Ok(Self { pool, _dir: dir, threads: Vec::new(), posts: Vec::new() })
    }

    /// Keeps a thread (of two with one id, the first stays).
    pub async fn thread(&mut self, thread: ForeignThread) -> Result<(), DbError> {
        self.threads.push(thread);
        if self.threads.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Keeps a person (of two with one id, the first stays).
    pub async fn person(&mut self, person: &ForeignPerson) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO people (external, name, email, registered) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (external) DO NOTHING",
        )
        .bind(&person.external)
        .bind(&person.name)
        .bind(&person.email)
        .bind(person.registered)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Keeps a post.
    pub async fn post(&mut self, post: ForeignPost) -> Result<(), DbError> {
        self.posts.push(post);
        if self.posts.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes what is buffered. Returns how many posts had an id read before (left out).
    pub async fn flush(&mut self) -> Result<u64, DbError> {
        let mut tx = self.pool.begin().await?;
        for thread in self.threads.drain(..) {
            sqlx::query(
                "INSERT INTO threads (external, key, url, title, created_at, closed) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (external) DO NOTHING",
            )
            .bind(&thread.external)
            .bind(&thread.key)
            .bind(&thread.url)
            .bind(&thread.title)
            .bind(thread.created_at.map(|time| time.timestamp_millis()))
            .bind(thread.closed)
            .execute(&mut *tx)
            .await?;
        }
        let mut duplicates = 0;
        for post in self.posts.drain(..) {
            let stored = sqlx::query(
                "INSERT INTO posts (external, thread, parent, author_name, author_email, author_registered, body, \
                 created_at, deleted, spam, held, pingback, author_ref) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
                 ON CONFLICT (external) DO NOTHING",
            )
            .bind(&post.external)
            .bind(&post.thread)
            .bind(&post.parent)
            .bind(&post.author_name)
            .bind(&post.author_email)
            .bind(post.author_registered)
            .bind(&post.body)
            .bind(post.created_at.map(|time| time.timestamp_millis()))
            .bind(post.deleted)
            .bind(post.spam)
            .bind(post.held)
            .bind(post.pingback)
            .bind(&post.author_ref)
            .execute(&mut *tx)
            .await?;
            duplicates += u64::from(stored.rows_affected() == 0);
        }
        tx.commit().await?;
        Ok(duplicates)
    }

    /// Writes what is still buffered, and counts in `report` the posts left out as duplicates:
    /// what every reader does at the end of its file.
    pub async fn finish(&mut self, mut report: super::Report) -> Result<super::Report, DbError> {
        let duplicates = self.flush().await?;
        if duplicates > 0 {
            *report.skipped.entry("comments with an id read before".to_owned()).or_default() += duplicates;
        }
        Ok(report)
    }

    /// The keys of the staged threads, in the order their first thread was read.
    pub async fn thread_keys(&self) -> Result<Vec<String>, DbError> {
        Ok(sqlx::query_scalar("SELECT key FROM threads GROUP BY key ORDER BY MIN(rowid)").fetch_all(&self.pool).await?)
    }

    /// The staged threads with `key`, in the order they were read.
    pub async fn threads_with(&self, key: &str) -> Result<Vec<ForeignThread>, DbError> {
        #[derive(FromRow)]
        struct Row {
            external: String,
            key: String,
            url: String,
            title: String,
            created_at: Option<i64>,
            closed: bool,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT external, key, url, title, created_at, closed FROM threads WHERE key = ?1 ORDER BY rowid",
        )
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| ForeignThread {
                external: row.external,
                key: row.key,
                url: row.url,
                title: row.title,
                created_at: row.created_at.and_then(DateTime::<Utc>::from_timestamp_millis),
                closed: row.closed,
            })
            .collect())
    }

    /// The posts of the threads `threads`, by time and then as read (undated ones last).
    pub async fn posts_of(&self, threads: &[String]) -> Result<Vec<StagedPost>, DbError> {
        let list = serde_json::to_string(threads).map_err(|error| DbError::Corrupt(error.to_string()))?;
        let rows: Vec<PostRow> = sqlx::query_as(
            "SELECT p.seq, p.external, p.thread, p.parent, COALESCE(pe.name, p.author_name) AS author_name, \
             COALESCE(pe.email, p.author_email) AS author_email, \
             COALESCE(pe.registered, p.author_registered) AS author_registered, p.body, p.created_at, p.deleted, \
             p.spam, p.held, p.pingback, p.author_ref FROM posts p LEFT JOIN people pe ON pe.external = p.author_ref \
             WHERE p.thread IN (SELECT value FROM json_each(?1)) ORDER BY p.created_at IS NULL, p.created_at, p.seq",
        )
        .bind(list)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| StagedPost {
                seq: row.seq,
                post: ForeignPost {
                    external: row.external,
                    thread: row.thread,
                    parent: row.parent,
                    author_name: row.author_name,
                    author_email: row.author_email,
                    author_registered: row.author_registered,
                    body: row.body,
                    created_at: row.created_at.and_then(DateTime::<Utc>::from_timestamp_millis),
                    deleted: row.deleted,
                    spam: row.spam,
                    held: row.held,
                    pingback: row.pingback,
                    author_ref: row.author_ref,
                },
            })
            .collect())
    }

    /// Posts whose thread was never read.
    pub async fn orphans(&self) -> Result<u64, DbError> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE thread NOT IN (SELECT external FROM threads)")
                .fetch_one(&self.pool)
                .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
