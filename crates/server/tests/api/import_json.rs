//! Imports of Remark42 (JSON lines, plain and gzip), Commento (one JSON object, its commenters
//! after their comments) and Isso (its SQLite database file, and its generic JSON): replies
//! quote their parents, deleted parents stay as placeholders, waiting comments wait, people
//! with an address there are people here and everyone else a guest, and the page paths Isso
//! keeps become addresses by `--map-url`.

use std::io::{Cursor, Write};

use schrieb_api::{Comment, Role};
use schrieb_server::portable::foreign::ForeignOptions;
use schrieb_server::portable::{commento, isso, remark42};

use crate::helpers::TestApp;

fn options() -> ForeignOptions {
    ForeignOptions {
        site: "Blog".into(),
        map_url: vec![("/".into(), "https://blog.example/".into())],
        ..ForeignOptions::default()
    }
}

/// The only thread's comments, as readers see them, and as a moderator sees the held ones.
async fn only_thread(app: &TestApp) -> (Vec<Comment>, Vec<Comment>) {
    app.settle().await;
    let articles = app.articles().await.items;
    assert_eq!(articles.len(), 1, "{articles:?}");
    let slug = &articles[0].slug;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let page: schrieb_api::CommentPage = app
        .send(reqwest::Method::GET, &schrieb_api::paths::api::article_comments_page(slug, 1), Some(&moderator), None)
        .await
        .json()
        .await
        .unwrap();
    (app.comment_page(slug.as_str(), "1").await.items, page.held)
}

fn remark42_backup() -> String {
    let comment = |id: &str, pid: &str, name: &str, text: &str, time: &str, delete: bool| {
        serde_json::json!({
            "id": id, "pid": pid, "text": text, "orig": "ignored",
            "user": { "name": name, "id": format!("github_{name}"), "picture": "", "ip": "5f1e", "admin": false },
            "locator": { "site": "blog", "url": "https://blog.example/post/" },
            "score": 0, "votes": {}, "time": time, "delete": delete, "title": "Ein Beitrag",
        })
        .to_string()
    };
    [
        r#"{"version":1,"users":[],"posts":[{"url":"https://blog.example/post/","read_only":false}]}"#.to_owned(),
        comment("c2", "c1", "bob", "<p>Stimmt.</p>", "2023-05-01T10:05:00Z", false),
        comment("c1", "", "alice", "<p>Erster <b>Kommentar</b></p>", "2023-05-01T10:00:00Z", false),
        "this line is not JSON".to_owned(),
        comment("c3", "", "carol", "<p>weg</p>", "2023-05-01T10:10:00Z", true),
        comment("c4", "c3", "dave", "<p>Antwort auf Gelöschtes</p>", "2023-05-01T10:15:00Z", false),
    ]
    .join("\n")
}

#[tokio::test]
async fn a_remark42_backup_plain_or_gzip() {
    let plain = remark42_backup().into_bytes();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&plain).unwrap();
    for file in [plain.clone(), gzip.finish().unwrap()] {
        let app = TestApp::empty().await;
        let report = remark42::import(app.repository.as_ref(), Cursor::new(file), &options(), &|_| {}).await.unwrap();
        assert_eq!((report.threads, report.comments, report.people), (1, 4, 0), "{report:?}");
        assert_eq!(report.skipped.get("lines that are not JSON"), Some(&1));
        let (thread, _) = only_thread(&app).await;
        let names: Vec<&str> = thread.iter().map(|comment| comment.author.display_name.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave"]);
        assert!(thread.iter().all(|comment| comment.author.guest), "Remark42 leaves no address");
        assert_eq!(thread[0].body, "Erster **Kommentar**");
        assert!(thread[1].body.starts_with(&format!("[quote={} author=\"alice\"]", thread[0].id.0)));
        assert!(thread[2].deleted);
        assert!(thread[3].body.starts_with(&format!("[quote={} author=\"carol\"]\n…\n[/quote]", thread[2].id.0)));
    }
}

#[tokio::test]
async fn a_commento_export_with_its_commenters_after_their_comments() {
    let export = serde_json::json!({
        "version": 1,
        "comments": [
            { "commentHex": "r1", "domain": "blog.example", "path": "/post/", "commenterHex": "aa",
              "markdown": "ignored", "html": "<p>Hallo von Bob</p>", "parentHex": "root", "state": "approved",
              "creationDate": "2021-01-01T10:00:00Z", "deleted": false },
            { "commentHex": "r2", "domain": "blog.example", "path": "/post/", "commenterHex": "anonymous",
              "markdown": "Anonym *antwortet*", "html": "", "parentHex": "r1", "state": "approved",
              "creationDate": "2021-01-01T10:05:00Z", "deleted": false },
            { "commentHex": "r3", "domain": "blog.example", "path": "/post/", "commenterHex": "aa",
              "markdown": "", "html": "<p>Wartet noch</p>", "parentHex": "root", "state": "unapproved",
              "creationDate": "2021-01-01T10:10:00Z", "deleted": false },
        ],
        "commenters": [
            { "commenterHex": "aa", "email": "Bob@Example.org", "name": "Bob", "link": "", "photo": "",
              "provider": "commento", "joinDate": "2020-01-01T00:00:00Z", "isModerator": false },
        ],
    });
    let app = TestApp::empty().await;
    let file = Cursor::new(export.to_string().into_bytes());
    let report = commento::import(app.repository.as_ref(), file, &options(), &|_| {}).await.unwrap();
    assert_eq!((report.threads, report.comments, report.people), (1, 3, 1), "{report:?}");
    let (thread, held) = only_thread(&app).await;
    assert_eq!(thread.len(), 2);
    assert_eq!((thread[0].author.display_name.as_str(), thread[0].author.guest), ("Bob", false));
    assert!(thread[1].author.guest);
    assert!(thread[1].body.ends_with("Anonym *antwortet*"), "{}", thread[1].body);
    assert_eq!(held.len(), 1, "the unapproved comment waits for a moderator");
    let sql = app.sql().await;
    let email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE display_name = 'Bob'").fetch_one(&sql).await.unwrap();
    assert_eq!(email, "bob@example.org");
}

#[tokio::test]
async fn an_isso_database_file_is_read_directly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comments.db");
    let isso = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
    for statement in [
        "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256))",
        "CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, \
         created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR, author VARCHAR, \
         email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, \
         notification INTEGER DEFAULT 0)",
        "INSERT INTO threads VALUES (1, '/2020/isso/', 'Isso-Beitrag')",
        "INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, email, voters) VALUES \
         (1, 1, NULL, 1577872800.5, 1, '::ffff:192.0.2.0', 'Ein *Kommentar* mit [Link](https://example.org)', 'Erna', 'erna@example.org', x''), \
         (1, 2, 1, 1577873000, 1, '::ffff:192.0.2.0', 'Antwort', NULL, NULL, x''), \
         (1, 3, NULL, 1577874000, 4, '', 'gelöscht', 'Fritz', NULL, x''), \
         (1, 4, 3, 1577875000, 1, '', 'Auf Gelöschtes', 'Gina', NULL, x''), \
         (1, 5, NULL, 1577876000, 2, '', 'Wartet', 'Hans', NULL, x'')",
    ] {
        sqlx::query(statement).execute(&isso).await.unwrap();
    }
    isso.close().await;
    let app = TestApp::empty().await;
    let report = isso::import_database(app.repository.as_ref(), &path, &options(), &|_| {}).await.unwrap();
    assert_eq!((report.threads, report.comments, report.people), (1, 5, 0), "{report:?}");
    let (thread, held) = only_thread(&app).await;
    let names: Vec<&str> = thread.iter().map(|comment| comment.author.display_name.as_str()).collect();
    assert_eq!(names, ["Erna", "Gast", "Fritz", "Gina"], "Isso checked no address: everyone is a guest");
    assert_eq!(thread[0].body, "Ein *Kommentar* mit [Link](https://example.org/)");
    assert!(thread[1].body.starts_with(&format!("[quote={} author=\"Erna\"]", thread[0].id.0)));
    assert!(thread[2].deleted);
    assert_eq!(held.len(), 1);
    let articles = app.articles().await.items;
    let article: serde_json::Value =
        app.get(&schrieb_api::paths::api::article(&articles[0].slug)).await.json().await.unwrap();
    assert_eq!(article["canonical_url"], "https://blog.example/2020/isso/");
}

#[tokio::test]
async fn isso_generic_json() {
    let json = r#"[{"id": "/json/", "title": "JSON-Beitrag", "comments": [
        {"id": 1, "author": "Ida", "email": "ida@example.org", "website": null, "remote_addr": "::1",
         "created": "2020-01-01 10:00:00", "text": "hallo *welt*"},
        {"author": "Jo", "created": "2020-01-01 11:00:00", "text": "ohne Id"}]}]"#;
    let app = TestApp::empty().await;
    let report = isso::import_json(app.repository.as_ref(), Cursor::new(json.as_bytes().to_vec()), &options(), &|_| {})
        .await
        .unwrap();
    assert_eq!((report.threads, report.comments), (1, 2), "{report:?}");
    let (thread, _) = only_thread(&app).await;
    assert_eq!(thread[0].body, "hallo *welt*");
    let again = isso::import_json(app.repository.as_ref(), Cursor::new(json.as_bytes().to_vec()), &options(), &|_| {})
        .await
        .unwrap();
    assert_eq!((again.comments, again.already_imported), (0, 2), "the made id is the same on the second run");
}
