//! `schrieb-server export` and `import --from schrieb`: a site written out and read into an
//! empty database is the same site (every read answer) and writes out byte for byte the same
//! file; a second run adds and changes nothing; a dry run writes nothing; into a database with
//! a discussion of its own, the file's threads get free slugs, people are matched, quotes name
//! the new ids and nobody gains a role; a malformed file is refused with its line.

use std::io::Cursor;

use chrono::Utc;
use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{QuoteStatus, ReactionKind, Role};
use schrieb_server::portable::import::{ImportOptions, native};
use schrieb_server::portable::{PortableError, export};
use serde_json::Value;

use crate::db_copy::read_answers;
use crate::helpers::TestApp;

const SITE: &str = "schrieb Demo";

/// The demo with a reader's reaction and comment (mentioning Martin) and an edit: an app and
/// its export.
async fn exported_demo() -> (TestApp, Vec<u8>) {
    let app = TestApp::with_demo().await;
    let reader = app.user("Leserin", Role::Reader).await;
    let slug = app.articles().await.items[0].slug.clone();
    let first = app.comment_page(slug.as_str(), "1").await.items[0].id;
    let reacted = app.send(Method::PUT, &api::comment_reaction(first, ReactionKind::Like), Some(&reader), None).await;
    assert!(reacted.status().is_success());
    app.posted(slug.as_str(), &reader, "@Martin hat recht, finde ich.").await;
    let file = export_of(&app.repository).await;
    (app, file)
}

async fn export_of(repository: &std::sync::Arc<dyn schrieb_server::db::Repository>) -> Vec<u8> {
    let mut out = Vec::new();
    export::native(repository.as_ref(), SITE, &mut out).await.expect("the site exports");
    out
}

fn options(site: &str, dry_run: bool) -> ImportOptions {
    ImportOptions { site: site.to_owned(), dry_run }
}

#[tokio::test]
async fn a_site_read_into_an_empty_database_is_the_same_site_and_the_same_file() {
    let (original, file) = exported_demo().await;
    let lines: Vec<Value> = file
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect();
    assert_eq!(lines[0]["type"], "schrieb");
    assert_eq!(lines[0]["version"], 1);
    assert!(lines.iter().any(|line| line["type"] == "comment" && !line["reactions"].as_array().unwrap().is_empty()));
    assert!(lines.iter().any(|line| line["type"] == "comment" && !line["revisions"].as_array().unwrap().is_empty()));
    assert!(lines.iter().any(|line| line["type"] == "comment" && !line["mentions"].as_array().unwrap().is_empty()));
    assert!(!String::from_utf8_lossy(&file).contains("argon2"), "no password hash leaves the server");

    let copy = TestApp::empty().await;
    let report = native(copy.repository.as_ref(), Cursor::new(&file), &options(SITE, false)).await.expect("imports");
    assert_eq!((report.threads, report.comments, report.already_imported), (2, 60, 0));
    assert_eq!(export_of(&copy.repository).await, file, "export, import, export: the same bytes");
    copy.settle().await;
    let (copied, original) = (answers(&copy).await, answers(&original).await);
    for (path, answer) in &original {
        assert_eq!(copied.get(path), Some(answer), "{path}");
    }
    assert_eq!(copied.len(), original.len());
    // New rows get ids past the restored ones (PostgreSQL's identities were moved).
    let reader = copy.user("Neu hier", Role::Reader).await;
    copy.posted("pergola-lizenzwechsel", &reader, "Nach dem Umzug noch da.").await;
}

/// `schrieb-server export` and `import` as an operator runs them, on SQLite files.
#[tokio::test]
async fn the_commands_write_and_read_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let repository = schrieb_server::db::connect(&path("a.db")).await.unwrap();
    schrieb_server::demo::seed(repository.as_ref(), Utc::now()).await.unwrap();
    let run = |args: Vec<String>| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_schrieb-server"))
            .args(&args)
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("the server runs");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let args = |list: &[&str]| list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
    run(args(&["export", "--db", &path("a.db"), "--site", SITE, "--out", &path("a.jsonl")]));
    let dry = run(args(&[
        "import",
        "--db",
        &path("b.db"),
        "--from",
        "schrieb",
        &path("a.jsonl"),
        "--site",
        SITE,
        "--dry-run",
    ]));
    assert!(
        dry.contains("would add: 2 threads, 59 comments, 25 people") && dry.contains("nothing was written"),
        "{dry}"
    );
    let done = run(args(&["import", "--db", &path("b.db"), "--from", "schrieb", &path("a.jsonl"), "--site", SITE]));
    assert!(done.contains("added: 2 threads, 59 comments, 25 people"), "{done}");
    let again = run(args(&["import", "--db", &path("b.db"), "--from", "schrieb", &path("a.jsonl"), "--site", SITE]));
    assert!(again.contains("added: 0 threads, 0 comments, 0 people"), "{again}");
    run(args(&["export", "--db", &path("b.db"), "--site", SITE, "--out", &path("b.jsonl")]));
    assert_eq!(std::fs::read(path("a.jsonl")).unwrap(), std::fs::read(path("b.jsonl")).unwrap());
}

/// Every read answer of `app`, without the event log's numbers (an export does not carry the
/// log: it is the database's own history, not the site's).
async fn answers(app: &TestApp) -> std::collections::BTreeMap<String, Value> {
    let mut answers = read_answers(app).await;
    for answer in answers.values_mut() {
        if let Some(object) = answer.as_object_mut() {
            object.remove("event");
        }
    }
    answers
}

#[tokio::test]
async fn a_second_run_adds_nothing_and_changes_nothing() {
    let (_, file) = exported_demo().await;
    let copy = TestApp::empty().await;
    native(copy.repository.as_ref(), Cursor::new(&file), &options(SITE, false)).await.expect("imports");
    let before = answers(&copy).await;
    let again = native(copy.repository.as_ref(), Cursor::new(&file), &options(SITE, false)).await.expect("imports");
    assert_eq!((again.threads, again.comments, again.people), (0, 0, 0));
    assert!(again.already_imported > 60, "{again:?}");
    assert_eq!(export_of(&copy.repository).await, file);
    copy.settle().await;
    assert_eq!(answers(&copy).await, before);
}

#[tokio::test]
async fn a_dry_run_reports_and_writes_nothing() {
    let (_, file) = exported_demo().await;
    let copy = TestApp::empty().await;
    let report = native(copy.repository.as_ref(), Cursor::new(&file), &options(SITE, true)).await.expect("checks");
    assert!(report.dry_run);
    assert_eq!((report.threads, report.comments), (2, 60));
    assert!(copy.repository.holds_nothing().await.unwrap(), "a dry run wrote");
    assert!(copy.articles().await.items.is_empty());
}

#[tokio::test]
async fn into_a_discussion_of_its_own_threads_get_new_slugs_and_quotes_the_new_ids() {
    let (_, file) = exported_demo().await;
    // A file claiming an administrator: a role is never taken from a file into a live site.
    let mut text = String::from_utf8(file).unwrap();
    text = text.replacen(r#""role":"reader""#, r#""role":"admin""#, 1);
    let target = TestApp::with_demo().await;
    let report = native(target.repository.as_ref(), Cursor::new(text.as_bytes()), &options("Zweite Seite", false))
        .await
        .expect("imports");
    assert_eq!((report.threads, report.comments), (2, 60));
    // The demo's people have no address: matched by name, none added twice.
    assert!(report.people_matched >= 20, "{report:?}");
    target.settle().await;
    let slugs: Vec<String> =
        target.articles().await.items.iter().map(|article| article.slug.as_str().to_owned()).collect();
    assert!(slugs.iter().any(|slug| slug == "pergola-lizenzwechsel-2"), "{slugs:?}");
    let copied = target.comment_page("pergola-lizenzwechsel-2", "1").await.items;
    let original = target.comment_page("pergola-lizenzwechsel", "1").await.items;
    let quoting = copied.iter().find(|comment| !comment.quotes.is_empty()).expect("a comment with a quote");
    let source = quoting.quotes[0].source;
    assert!(copied.iter().any(|comment| comment.id == source), "the quote names the copied comment");
    assert!(original.iter().all(|comment| comment.id != source));
    assert_eq!(quoting.quotes[0].status, QuoteStatus::Verified);
    let admins = target.sql().await;
    let roles: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetch_one(&admins).await.unwrap();
    assert_eq!(roles, 0, "an imported person became an administrator");
}

#[tokio::test]
async fn a_malformed_line_is_refused_by_its_number() {
    let copy = TestApp::empty().await;
    let header = format!(
        r#"{{"type":"schrieb","version":1,"site":"x","site_created_at":"{}","guest_comments":false}}"#,
        Utc::now().to_rfc3339()
    );
    let file = format!("{header}\n{{\"type\":\"person\",\"id\":1}}\n");
    let refused = native(copy.repository.as_ref(), Cursor::new(file.as_bytes()), &options("x", false)).await;
    assert!(matches!(refused, Err(PortableError::Malformed { line: 2, .. })), "{refused:?}");
    let newer = header.replace(r#""version":1"#, r#""version":2"#);
    let refused = native(copy.repository.as_ref(), Cursor::new(newer.as_bytes()), &options("x", false)).await;
    assert!(matches!(refused, Err(PortableError::Malformed { line: 1, .. })), "{refused:?}");
    assert!(copy.repository.holds_nothing().await.unwrap());
}

#[tokio::test]
async fn an_admin_downloads_the_site_as_the_command_line_writes_it() {
    let (app, file) = exported_demo().await;
    let admin = app.user("Verwalterin", Role::Admin).await;
    let reader = app.user("Neugierige", Role::Reader).await;
    let path = api::admin_site_export(SITE, schrieb_api::ExportFormat::Schrieb);
    assert_eq!(path, "/api/v1/admin/sites/schrieb%20Demo/export?format=schrieb");

    assert_eq!(app.send(Method::GET, &path, None, None).await.status(), 401);
    assert_eq!(app.send(Method::GET, &path, Some(&reader), None).await.status(), 403);
    let unknown = api::admin_site_export("Nirgendwo", schrieb_api::ExportFormat::Schrieb);
    assert_eq!(app.send(Method::GET, &unknown, Some(&admin), None).await.status(), 404);

    let download = app.send(Method::GET, &path, Some(&admin), None).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/x-ndjson");
    let disposition = download.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"schrieb-schrieb-demo-"), "{disposition}");
    assert!(disposition.ends_with(".jsonl\""), "{disposition}");
    let bytes = download.bytes().await.unwrap();
    // The same bytes as the command line's export: the two new accounts wrote nothing here.
    assert_eq!(bytes.as_ref(), file.as_slice());

    let wxr_path = api::admin_site_export(SITE, schrieb_api::ExportFormat::Wxr);
    let wxr = app.send(Method::GET, &wxr_path, Some(&admin), None).await;
    assert_eq!(wxr.status(), 200);
    assert!(wxr.headers()["content-type"].to_str().unwrap().starts_with("application/rss+xml"));
    let text = wxr.text().await.unwrap();
    assert!(text.starts_with("<?xml") && text.trim_end().ends_with("</rss>"), "a whole document");
}

#[tokio::test]
async fn an_unknown_export_format_is_refused_in_words() {
    let app = TestApp::with_demo().await;
    let admin = app.user("Verwalterin", Role::Admin).await;
    let path = "/api/v1/admin/sites/schrieb%20Demo/export?format=csv";
    let answer = app.send(Method::GET, path, Some(&admin), None).await;
    assert_eq!(answer.status(), 400);
    let error: schrieb_api::ApiError = answer.json().await.unwrap();
    assert_eq!(error.error, schrieb_api::ErrorKind::BadRequest);
}
