//! `schrieb-server db copy --from DB --to DB`: the demo site copied from SQLite to PostgreSQL
//! and back answers every read as the original does (threads with quotes, reactions and
//! revisions, profiles, counts); the copy takes new accounts and comments, its identities moved
//! past the copied ids; a copy into a database that holds data is refused and writes nothing.
//! SQLite to SQLite needs no PostgreSQL; the rest runs against the test run's server
//! (`SCHRIEB_TEST_POSTGRES`), as the store's other tests do.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::Utc;
use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{ReactionKind, Role};
use serde_json::{Value, json};

use crate::helpers::{TestApp, postgres_database, postgres_server};

const SERVER: &str = env!("CARGO_BIN_EXE_schrieb-server");

/// The demo's German article, whose thread spans three pages.
const GERMAN: &str = "pergola-lizenzwechsel";

/// The demo's comments: 52 under the German article, 7 under the English one.
const DEMO_COMMENTS: u64 = 59;

/// Runs `schrieb-server db copy --from FROM --to TO`: whether it succeeded, and what it printed
/// on stdout and stderr.
async fn copy_command(from: &str, to: &str) -> (bool, String, String) {
    let (from, to) = (from.to_owned(), to.to_owned());
    tokio::task::spawn_blocking(move || {
        let output = Command::new(SERVER)
            .args(["db", "copy", "--from", &from, "--to", &to])
            .env("RUST_LOG", "warn")
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("the server runs");
        let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        (output.status.success(), said(&output.stdout), said(&output.stderr))
    })
    .await
    .expect("the copy ran")
}

/// A SQLite file in `dir` holding the demo, and a server on it with a reader's comment,
/// reaction and report and a moderator's decision added through the API: its `--db` value and
/// the server.
async fn demo_site(dir: &Path) -> (String, TestApp) {
    let db = dir.join("original.db").to_str().expect("utf-8 path").to_owned();
    let repository = schrieb_server::db::connect(&db).await.expect("the database opens");
    schrieb_server::demo::seed(repository.as_ref(), Utc::now()).await.expect("the demo loads");
    let app = TestApp::on_database(&db).await;
    // Counts are answered for the pages of registered origins only.
    app.register_site("schrieb Demo", &["https://news.example.org"]).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let english =
        app.articles().await.items.into_iter().find(|article| article.slug.as_str() != GERMAN).expect("English demo");
    let thread = app.comment_page(english.slug.as_str(), "1").await.items;
    let (first, second) = (thread[0].id, thread[1].id);
    let reacted = app.send(Method::PUT, &api::comment_reaction(first, ReactionKind::Like), Some(&reader), None).await;
    assert!(reacted.status().is_success(), "reacting: {}", reacted.status());
    app.posted(english.slug.as_str(), &reader, "Gelesen, und gern wieder.").await;
    // A report and a moderator's decision: a line of the append-only moderation log.
    let report = json!({"reason": "spam"});
    let reported = app.send(Method::POST, &api::comment_reports(second), Some(&reader), Some(report)).await;
    assert_eq!(reported.status().as_u16(), 201);
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let reject = json!({"action": "reject", "reason": "Werbung."});
    let decided = app.send(Method::POST, &api::moderation_decision(second), Some(&moderator), Some(reject)).await;
    assert_eq!(decided.status().as_u16(), 200);
    (db, app)
}

/// A fresh, empty database on the test run's PostgreSQL: its `--db` value.
async fn postgres_target() -> String {
    let (pool, name) = postgres_database().await;
    pool.close().await;
    format!("{}/{name}", postgres_server())
}

/// Every read answer of `app` worth comparing, by path: the article list, each article, each
/// page of each thread, each comment's permalink, the revisions of every edited comment, every
/// author's profile, and the comment counts of every article's address.
pub(crate) async fn read_answers(app: &TestApp) -> BTreeMap<String, Value> {
    let mut paths = vec![Endpoint::Articles.template().to_owned()];
    let articles = app.articles().await.items;
    for article in &articles {
        paths.push(api::article(&article.slug));
        let pages = app.comment_page(article.slug.as_str(), "1").await.pages;
        for page in 1..=pages {
            paths.push(api::article_comments_page(&article.slug, page));
            for comment in app.comment_page(article.slug.as_str(), &page.to_string()).await.items {
                paths.push(api::comment(comment.id));
                paths.push(api::user(comment.author.id));
                if comment.edit_count > 0 {
                    paths.push(api::comment_revisions(comment.id));
                }
            }
        }
    }
    let mut answers = BTreeMap::new();
    for path in paths {
        let response = app.get(&path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        answers.insert(path, response.json::<Value>().await.expect("a JSON answer"));
    }
    let addresses: Vec<&str> = articles
        .iter()
        .map(|article| answers[&api::article(&article.slug)]["canonical_url"].as_str().expect("an address"))
        .collect();
    let counts = app.counts(&addresses, None).await;
    assert_eq!(counts.status().as_u16(), 200);
    let counts = counts.json().await.expect("the counts");
    answers.insert("counts".into(), counts);
    answers
}

/// Checks that `copy` answers every read as `original` does, and that those answers hold
/// what a copy could lose: quotes, reactions, revisions and the counts.
async fn assert_answers_alike(original: &TestApp, copy: &TestApp) {
    let (expected, copied) = (read_answers(original).await, read_answers(copy).await);
    assert_eq!(expected.keys().collect::<Vec<_>>(), copied.keys().collect::<Vec<_>>(), "the same paths");
    for (path, answer) in &expected {
        assert_eq!(answer, &copied[path], "{path}: the original (left) and the copy (right) differ");
    }
    let comments: Vec<&Value> = expected
        .iter()
        .filter(|(path, _)| path.contains("/comments?page="))
        .flat_map(|(_, page)| page["items"].as_array().expect("items"))
        .collect();
    assert!(comments.iter().any(|comment| !comment["quotes"].as_array().expect("quotes").is_empty()));
    assert!(comments.iter().any(|comment| !comment["reactions"].as_array().expect("reactions").is_empty()));
    assert!(expected.keys().any(|path| path.ends_with("/revisions")), "edited comments' revisions compared");
    let counts: u64 = expected["counts"].as_object().expect("counts").values().filter_map(Value::as_u64).sum();
    assert_eq!(counts, DEMO_COMMENTS, "the demo's comments and the reader's, less the one rejected");
}

/// The rows of every table of `db` (and where the reactions' digest stands), to see that a
/// refused copy wrote nothing.
async fn rows_per_table(db: &str) -> BTreeMap<String, i64> {
    sqlx::any::install_default_drivers();
    let (url, tables) = if db.starts_with("postgres") {
        (db.to_owned(), "SELECT table_name::TEXT FROM information_schema.tables WHERE table_schema = 'public'")
    } else {
        (format!("sqlite://{db}"), "SELECT name FROM sqlite_master WHERE type = 'table'")
    };
    let pool = sqlx::AnyPool::connect(&url).await.expect("the database opens");
    let mut rows = BTreeMap::new();
    for table in sqlx::query_scalar::<_, String>(tables).fetch_all(&pool).await.expect("tables") {
        let count = format!("SELECT COUNT(*) FROM \"{table}\"");
        rows.insert(table, sqlx::query_scalar(&count).fetch_one(&pool).await.expect("a count"));
    }
    let until = sqlx::query_scalar("SELECT until FROM reactions_cursor").fetch_one(&pool).await.expect("cursor");
    rows.insert("reactions_cursor.until".into(), until);
    pool.close().await;
    rows
}

/// The highest comment id in `app`'s threads.
async fn highest_comment_id(app: &TestApp) -> i64 {
    let mut highest = 0;
    for article in app.articles().await.items {
        let pages = app.comment_page(article.slug.as_str(), "1").await.pages;
        for page in 1..=pages {
            let items = app.comment_page(article.slug.as_str(), &page.to_string()).await.items;
            highest = items.iter().map(|comment| comment.id.0).fold(highest, i64::max);
        }
    }
    highest
}

/// Posts a comment on the copy `app` as an account made there: both get ids past every copied
/// one (a store whose identities were left behind would hand out a copied id and fail).
async fn post_on_copy(app: &TestApp) {
    let highest = highest_comment_id(app).await;
    let newcomer = app.user("Neu Hier", Role::Reader).await;
    let posted = app.posted(GERMAN, &newcomer, "Erster Kommentar auf der Kopie.").await;
    assert!(posted.comment.id.0 > highest, "{:?} after {highest}", posted.comment.id);
}

#[tokio::test]
async fn a_sqlite_site_copied_to_another_sqlite_file_answers_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (original_db, original) = demo_site(dir.path()).await;
    let copy_db = dir.path().join("kopie/schrieb.db").to_str().expect("utf-8 path").to_owned();
    let (ok, said, complaint) = copy_command(&original_db, &copy_db).await;
    assert!(ok, "{complaint}");
    assert!(said.contains(&format!("comments: {} rows", DEMO_COMMENTS + 1)), "{said}");
    assert!(said.contains("reactions: 1 rows") && said.contains("moderation_log: 1 rows"), "{said}");
    assert!(said.lines().last().is_some_and(|total| total.starts_with("copied ")), "{said}");
    let copy = TestApp::on_database(&copy_db).await;
    assert_answers_alike(&original, &copy).await;
    post_on_copy(&copy).await;
}

#[tokio::test]
async fn a_copy_into_a_sqlite_file_holding_data_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (original_db, _original) = demo_site(dir.path()).await;
    let taken = dir.path().join("belegt.db").to_str().expect("utf-8 path").to_owned();
    let repository = schrieb_server::db::connect(&taken).await.expect("the database opens");
    repository.ensure_user("Schon Da", Utc::now()).await.expect("a user");
    let before = rows_per_table(&taken).await;
    let (ok, _, complaint) = copy_command(&original_db, &taken).await;
    assert!(!ok, "copied into a database holding data");
    assert!(complaint.contains("already holds data (in users)"), "{complaint}");
    assert_eq!(rows_per_table(&taken).await, before);
}

#[tokio::test]
async fn a_copy_from_nowhere_is_refused_and_makes_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("gibt-es-nicht.db");
    let target = dir.path().join("ziel.db");
    let (ok, _, complaint) = copy_command(missing.to_str().unwrap(), target.to_str().unwrap()).await;
    assert!(!ok);
    assert!(complaint.contains("there is no database at"), "{complaint}");
    assert!(!missing.exists() && !target.exists(), "files were made");
}

#[tokio::test]
async fn a_sqlite_site_copied_to_postgres_and_back_answers_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (original_db, original) = demo_site(dir.path()).await;
    let postgres_db = postgres_target().await;
    let (ok, said, complaint) = copy_command(&original_db, &postgres_db).await;
    assert!(ok, "{complaint}");
    assert!(said.contains(&format!("comments: {} rows", DEMO_COMMENTS + 1)), "{said}");
    let on_postgres = TestApp::on_database(&postgres_db).await;
    assert_answers_alike(&original, &on_postgres).await;
    post_on_copy(&on_postgres).await;

    // And back, with the comment the copy took.
    let back_db = dir.path().join("zurueck.db").to_str().expect("utf-8 path").to_owned();
    let mut tables = Vec::new();
    let copied = schrieb_server::db::copy::copy(&postgres_db, &back_db, &mut |progress| {
        if progress.done {
            tables.push((progress.table.to_owned(), progress.rows));
        }
    })
    .await
    .expect("the copy back");
    assert_eq!(copied.tables, tables, "each table reported once, when done");
    assert!(tables.contains(&("comments".into(), DEMO_COMMENTS + 2)), "{tables:?}");
    let back = TestApp::on_database(&back_db).await;
    assert_eq!(read_answers(&on_postgres).await, read_answers(&back).await);
    let page = back.comment_page(GERMAN, "3").await;
    assert_eq!(page.items.last().expect("comments").body, "Erster Kommentar auf der Kopie.");
}

#[tokio::test]
async fn a_copy_into_a_postgres_database_holding_data_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (original_db, _original) = demo_site(dir.path()).await;
    let taken = postgres_target().await;
    let repository = schrieb_server::db::connect(&taken).await.expect("the database opens");
    repository.ensure_user("Schon Da", Utc::now()).await.expect("a user");
    let before = rows_per_table(&taken).await;
    let refused = schrieb_server::db::copy::copy(&original_db, &taken, &mut |_| {}).await;
    let Err(schrieb_server::db::copy::CopyError::TargetHoldsData(tables)) = refused else {
        panic!("copied into a database holding data: {refused:?}")
    };
    assert_eq!(tables, ["users"]);
    assert_eq!(rows_per_table(&taken).await, before);
}
