//! Synthetic threads of any length, for benchmarks and load tests (`seed-synthetic`).

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentState, Slug};

use crate::db::{DbError, NewArticle, NewComment, Repository};
use crate::domain::{DomainError, QuotePolicy, References, references};

/// Comments are stored in transactions of this many.
const BATCH: usize = 2_000;

/// What the synthetic thread holds.
#[derive(Debug, Clone)]
pub enum Thread {
    /// This many generated comments of varied length, with quotes and links like real ones.
    Generated(usize),
    /// These bodies, in order (test fixtures such as the XSS suite).
    Bodies(Vec<String>),
}

/// Creates the article `slug` with the comments of `thread` by 50 made-up readers, spread over
/// the hours before `now`.
pub async fn seed(repository: &dyn Repository, slug: Slug, thread: Thread, now: DateTime<Utc>) -> Result<(), DbError> {
    let count = match &thread {
        Thread::Generated(count) => *count,
        Thread::Bodies(bodies) => bodies.len(),
    };
    let site = repository.ensure_site("synthetic", now).await?;
    let started = now - Duration::hours(48);
    let key = repository
        .insert_article(&NewArticle {
            site_id: site,
            lang: "de".into(),
            title: format!("Lasttest: ein Thread mit {count} Kommentaren"),
            author: "schrieb bench".into(),
            published_at: started,
            canonical_url: format!("https://bench.example.org/{slug}"),
            body: "Ein künstlicher Artikel für Messungen.".into(),
            note: None,
            slug,
        })
        .await?;
    let mut users = Vec::with_capacity(50);
    for n in 0..50 {
        users.push(repository.ensure_user(&format!("Leser {n:02}"), started).await?);
    }
    let step_ms = (48 * 3_600_000 / count.max(1)).max(1) as i64;
    let mut position = 0;
    while position < count {
        let mut batch = Vec::with_capacity(BATCH);
        for n in position..(position + BATCH).min(count) {
            let body = match &thread {
                Thread::Generated(_) => body(n),
                Thread::Bodies(bodies) => bodies[n].clone(),
            };
            // Bodies from a file are imports: their quotes are kept, marked unverified when
            // they do not check out, and their mentions find whoever has the name.
            let References { quotes, mentions } =
                references(repository, &schrieb_markup::parse(&body), QuotePolicy::Import).await.map_err(|error| {
                    match error {
                        DomainError::Database(error) => error,
                        // Imports keep quotes that do not check out; nothing else can go wrong.
                        other => DbError::Corrupt(other.to_string()),
                    }
                })?;
            batch.push(NewComment {
                author_id: users[n % users.len()],
                body,
                created_at: started + Duration::milliseconds(step_ms * n as i64),
                edited_at: None,
                earlier: Vec::new(),
                quotes,
                mentions,
                guest_name: None,
                state: CommentState::Published,
                findings: Vec::new(),
            });
        }
        position += batch.len();
        repository.append_comments(key, &batch).await?;
    }
    Ok(())
}

fn body(n: usize) -> String {
    match n % 4 {
        0 => format!("Kommentar {n}: kurz und knapp."),
        1 => {
            format!("> Zitat aus Kommentar {}\n\nAntwort {n} darauf, mit Quelle: https://example.org/quelle/{n}", n - 1)
        }
        2 => format!("Kommentar {n}.\n\n{}", "Ein längerer Absatz mit Gedanken zum Thema. ".repeat(8)),
        _ => format!("Kommentar {n}\nmit Zeilenumbruch."),
    }
}
