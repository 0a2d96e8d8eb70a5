//! `schrieb-server import --from disqus`: a Disqus export built here with every mess real ones
//! have (bytes before the declaration, entities and CDATA, HTML bodies with scripts, replies
//! listed before their parents, a reply to a deleted parent and one to a parent not in the
//! file, spam, a deleted post nobody answered, a duplicate id, a post without id or date, an
//! invalid thread address, other scripts and direction characters, an IPv6-mapped address)
//! becomes flat threads whose replies quote their parents, unverified; people with an address
//! are matched or become authors who can claim it, guests stay guests; a second run changes
//! nothing and a dry run writes nothing.

use std::io::Cursor;

use schrieb_api::{Comment, QuoteStatus, Role};
use schrieb_server::portable::Report;
use schrieb_server::portable::disqus::import;
use schrieb_server::portable::foreign::{ForeignOptions, ThreadKey};

use crate::helpers::TestApp;

/// One `<post>`.
struct Post<'a> {
    id: Option<&'a str>,
    thread: &'a str,
    parent: Option<&'a str>,
    name: &'a str,
    email: Option<&'a str>,
    username: Option<&'a str>,
    message: &'a str,
    at: Option<&'a str>,
    deleted: bool,
    spam: bool,
}

const POST: Post<'static> = Post {
    id: None,
    thread: "t1",
    parent: None,
    name: "",
    email: None,
    username: None,
    message: "",
    at: None,
    deleted: false,
    spam: false,
};

fn post_xml(post: &Post<'_>) -> String {
    let id = post.id.map(|id| format!(" dsq:id=\"{id}\"")).unwrap_or_default();
    let parent = post.parent.map(|parent| format!("<parent dsq:id=\"{parent}\" />")).unwrap_or_default();
    let email = post.email.map(|email| format!("<email>{email}</email>")).unwrap_or_default();
    let (username, anonymous) = match post.username {
        Some(username) => (format!("<username>{username}</username>"), "false"),
        None => (String::new(), "true"),
    };
    let at = post.at.map(|at| format!("<createdAt>{at}</createdAt>")).unwrap_or_default();
    // Disqus writes messages as CDATA; the fixture's own CDATA and entity-encoded ones stay.
    let message = if post.message.starts_with("<![CDATA[") || post.message.starts_with("&lt;") {
        post.message.to_owned()
    } else {
        format!("<![CDATA[{}]]>", post.message)
    };
    format!(
        "<post{id}><id /><message>{}</message>{at}<isDeleted>{}</isDeleted><isSpam>{}</isSpam>\
         <author>{email}<name>{}</name><isAnonymous>{anonymous}</isAnonymous>{username}</author>\
         <ipAddress>::ffff:192.0.2.1</ipAddress><thread dsq:id=\"{}\" />{parent}</post>\n",
        message, post.deleted, post.spam, post.name, post.thread
    )
}

/// The export: three threads (one with no address), and posts in the order a messy export
/// lists them.
fn export() -> Vec<u8> {
    let posts = [
        // A reply to a reply, listed before both.
        Post {
            id: Some("p3"),
            parent: Some("p2"),
            name: "Carla",
            message: "<p>Und ich antworte Bernd.</p>",
            at: Some("2024-03-01T10:20:00Z"),
            ..POST
        },
        Post {
            id: Some("p2"),
            parent: Some("p1"),
            name: "Bernd",
            message: "&lt;p&gt;Gruß &amp;amp; Kuss, Anna&lt;/p&gt;",
            at: Some("2024-03-01T10:10:00Z"),
            ..POST
        },
        Post {
            id: Some("p1"),
            name: "Anna",
            email: Some("Anna@Example.org"),
            username: Some("anna"),
            message: "<![CDATA[<p>Hallo <b>Welt</b>, siehe <a href=\"https://example.org/x\">hier</a>.</p><script>alert(1)</script>]]>",
            at: Some("2024-03-01T10:00:00Z"),
            ..POST
        },
        Post {
            id: Some("p5"),
            name: "Dieter",
            message: "<p>Das wurde gelöscht.</p>",
            at: Some("2024-03-01T11:00:00Z"),
            deleted: true,
            ..POST
        },
        Post {
            id: Some("p6"),
            parent: Some("p5"),
            name: "Emil",
            message: "<p>Antwort auf Gelöschtes.</p>",
            at: Some("2024-03-01T11:10:00Z"),
            ..POST
        },
        Post {
            id: Some("p7"),
            name: "Fritz",
            message: "<p>weg</p>",
            at: Some("2024-03-01T11:20:00Z"),
            deleted: true,
            ..POST
        },
        Post {
            id: Some("p8"),
            name: "Spammer",
            message: "<p>Kaufen!</p>",
            at: Some("2024-03-01T11:30:00Z"),
            spam: true,
            ..POST
        },
        Post {
            id: Some("p1"),
            name: "Doppelt",
            message: "<p>Zweimal p1</p>",
            at: Some("2024-03-01T11:40:00Z"),
            ..POST
        },
        Post { name: "Ohne Id", message: "<p>Ich habe keine Id.</p>", at: Some("2024-03-01T12:00:00Z"), ..POST },
        Post { id: Some("p11"), name: "Ohne Datum", message: "<p>Wann war das?</p>", ..POST },
        Post {
            id: Some("p12"),
            parent: Some("p999"),
            name: "Gustav",
            message: "<p>Mein Vorredner fehlt.</p>",
            at: Some("2024-03-01T12:10:00Z"),
            ..POST
        },
        Post {
            id: Some("p13"),
            name: "Иван\u{202E}",
            email: Some("ivan@example.org"),
            username: Some("ivan"),
            message: "<p>Привет, مرحبا, 你好</p>",
            at: Some("2024-03-01T12:20:00Z"),
            ..POST
        },
        Post {
            id: Some("p14"),
            name: "Hanna Alt",
            email: Some("hanna@example.org"),
            username: Some("hanna"),
            message: "<p>Ich habe hier schon ein Konto.</p>",
            at: Some("2024-03-01T12:30:00Z"),
            ..POST
        },
        Post {
            id: Some("p20"),
            thread: "t3",
            name: "Ida",
            message: "<p>Leerer Bezeichner.</p>",
            at: Some("2024-03-02T09:00:00Z"),
            ..POST
        },
        Post {
            id: Some("p30"),
            thread: "t4",
            name: "Jan",
            message: "<p>Keine Adresse.</p>",
            at: Some("2024-03-02T09:00:00Z"),
            ..POST
        },
    ];
    let mut xml = String::from("\u{feff}junk before the declaration\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n");
    xml.push_str(
        "<category dsq:id=\"c1\"><forum>demo</forum><title>General</title><isDefault>true</isDefault></category>\n",
    );
    xml.push_str(
        "<thread dsq:id=\"t1\"><id>post-1</id><forum>demo</forum><category dsq:id=\"c1\" />\
         <link>http://alt.example/artikel/eins</link><title>Erster &amp; bester\u{202E} Artikel</title>\
         <message /><createdAt>2024-03-01T09:00:00Z</createdAt><author><name>Redaktion</name>\
         <isAnonymous>false</isAnonymous><username>red</username></author><isClosed>false</isClosed>\
         <isDeleted>false</isDeleted></thread>\n",
    );
    xml.push_str(
        "<thread dsq:id=\"t3\"><id></id><link>https://neu.example/leer</link><title><![CDATA[Ohne Bezeichner]]></title>\
         <createdAt>2024-03-02T08:00:00Z</createdAt><isClosed>true</isClosed></thread>\n",
    );
    xml.push_str("<thread dsq:id=\"t4\"><id>kaputt</id><link></link><title>Ohne Adresse</title></thread>\n");
    for post in &posts {
        xml.push_str(&post_xml(post));
    }
    xml.push_str("</disqus>\n");
    xml.into_bytes()
}

fn options(dry_run: bool) -> ForeignOptions {
    ForeignOptions {
        site: "Altes Blog".into(),
        dry_run,
        map_url: vec![("http://alt.example".into(), "https://neu.example".into())],
        thread_key: ThreadKey::Url,
    }
}

async fn run(app: &TestApp, dry_run: bool) -> Report {
    import(app.repository.as_ref(), Cursor::new(export()), &options(dry_run), &|_| {}).await.expect("the file imports")
}

/// The thread of the imported page at `url`: its comments in order.
async fn thread_at(app: &TestApp, url: &str) -> (String, Vec<Comment>) {
    let articles = app.articles().await.items;
    for article in articles {
        let full: serde_json::Value =
            app.get(&schrieb_api::paths::api::article(&article.slug)).await.json().await.unwrap();
        if full["canonical_url"] == url {
            let comments = app.comment_page(article.slug.as_str(), "1").await.items;
            return (article.title, comments);
        }
    }
    panic!("no thread at {url}");
}

#[tokio::test]
async fn a_messy_disqus_export_becomes_flat_threads_that_quote_their_parents() {
    let app = TestApp::empty().await;
    let hanna = app.user("Hanna", Role::Reader).await;
    let sql = app.sql().await;
    let address = format!("UPDATE users SET email = 'hanna@example.org' WHERE id = {}", hanna.id.0);
    sqlx::query(&address).execute(&sql).await.unwrap();

    let report = run(&app, false).await;
    assert_eq!(report.threads, 2, "{report:?}");
    assert_eq!(report.comments, 11, "{report:?}");
    assert_eq!(report.people, 2, "Anna and Ivan: {report:?}");
    assert_eq!(report.people_matched, 1, "Hanna: {report:?}");
    assert_eq!(report.skipped.get("marked as spam"), Some(&1));
    assert_eq!(report.skipped.get("deleted, and answered by nobody"), Some(&1));
    assert_eq!(report.skipped.get("comments with an id read before"), Some(&1));
    assert_eq!(report.skipped.get("comments of a thread without a valid address"), Some(&1));
    assert_eq!(report.notes.get("without an id, given one made of their content"), Some(&1));
    assert_eq!(report.notes.get("undated, given the time of the comment before them"), Some(&1));
    assert_eq!(report.notes.get("replies to a comment not in the file, imported without its quote"), Some(&1));

    app.settle().await;
    let (title, thread) = thread_at(&app, "https://neu.example/artikel/eins").await;
    assert_eq!(title, "Erster & bester Artikel");
    let names: Vec<&str> = thread.iter().map(|comment| comment.author.display_name.as_str()).collect();
    assert_eq!(
        names,
        ["Anna", "Bernd", "Carla", "Dieter", "Emil", "Ohne Id", "Gustav", "Иван", "Hanna", "Ohne Datum"],
        "time order, every reply after its parent, the undated one last"
    );
    let (anna, bernd, carla) = (&thread[0], &thread[1], &thread[2]);
    assert!(!anna.author.guest && bernd.author.guest, "Anna had an account, Bernd wrote as a guest");
    assert_eq!(anna.body, "Hallo **Welt**, siehe [hier](https://example.org/x).");
    assert!(thread.iter().all(|comment| !comment.body.contains("script") && !comment.body.contains("<p>")));
    assert!(
        bernd.body.starts_with(&format!("[quote={} author=\"Anna\"]\nHallo **Welt**", anna.id.0)),
        "{}",
        bernd.body
    );
    assert!(bernd.body.ends_with("Gruß & Kuss, Anna"), "{}", bernd.body);
    assert_eq!(bernd.quotes[0].status, QuoteStatus::Unverified);
    assert!(carla.body.starts_with(&format!("[quote={} author=\"Bernd\"]", bernd.id.0)), "{}", carla.body);
    // The deleted parent stays as a placeholder; the reply to it quotes nothing of it.
    let (dieter, emil) = (&thread[3], &thread[4]);
    assert!(dieter.deleted);
    assert!(emil.body.starts_with(&format!("[quote={} author=\"Dieter\"]\n…\n[/quote]", dieter.id.0)), "{}", emil.body);
    assert_eq!(emil.quotes[0].status, QuoteStatus::Deleted);
    assert_eq!(thread[7].body, "Привет, مرحبا, 你好", "{:?}", thread[7]);
    assert_eq!(thread[8].author.id, hanna.id, "matched by address");

    let (_, empty_identifier) = thread_at(&app, "https://neu.example/leer").await;
    assert_eq!(empty_identifier.len(), 1);

    // Anna and Ivan can claim their accounts: an address, no password.
    let unclaimed: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT email, password_hash FROM users WHERE email IN ('anna@example.org', 'ivan@example.org') ORDER BY email",
    )
    .fetch_all(&sql)
    .await
    .unwrap();
    assert_eq!(unclaimed, [("anna@example.org".to_owned(), None), ("ivan@example.org".to_owned(), None)]);
}

#[tokio::test]
async fn a_second_run_adds_nothing_and_a_dry_run_writes_nothing() {
    let app = TestApp::empty().await;
    let dry = run(&app, true).await;
    assert!(dry.dry_run);
    assert_eq!((dry.threads, dry.comments), (2, 11));
    assert!(app.repository.holds_nothing().await.unwrap(), "a dry run wrote");

    run(&app, false).await;
    app.settle().await;
    let before = thread_at(&app, "https://neu.example/artikel/eins").await;
    let again = run(&app, false).await;
    assert_eq!((again.threads, again.comments, again.people), (0, 0, 0), "{again:?}");
    assert_eq!(again.already_imported, 11);
    app.settle().await;
    assert_eq!(thread_at(&app, "https://neu.example/artikel/eins").await, before);
}

/// Two Disqus threads of one post (its address before and after the blog moved it),
/// with one comment each.
fn one_post_twice() -> Vec<u8> {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<disqus xmlns:dsq=\"http://disqus.com/disqus-internals\">\n");
    for (thread, link) in [("a", "http://alt.example/post"), ("b", "http://alt.example/2024/01/post")] {
        xml.push_str(&format!(
            "<thread dsq:id=\"{thread}\"><id>post-1</id><link>{link}</link><title>Post</title></thread>\n"
        ));
    }
    for (id, thread) in [("1", "a"), ("2", "b")] {
        xml.push_str(&post_xml(&Post {
            id: Some(id),
            thread,
            name: "Leser",
            message: "<p>Hallo</p>",
            at: Some("2024-01-01T00:00:00Z"),
            ..POST
        }));
    }
    xml.push_str("</disqus>\n");
    xml.into_bytes()
}

#[tokio::test]
async fn threads_with_one_identifier_become_one_when_asked() {
    let by_url = TestApp::empty().await;
    let report =
        import(by_url.repository.as_ref(), Cursor::new(one_post_twice()), &options(false), &|_| {}).await.unwrap();
    assert_eq!((report.threads, report.comments), (2, 2));

    let by_identifier = TestApp::empty().await;
    let options = ForeignOptions { thread_key: ThreadKey::Identifier, ..options(false) };
    let report =
        import(by_identifier.repository.as_ref(), Cursor::new(one_post_twice()), &options, &|_| {}).await.unwrap();
    assert_eq!((report.threads, report.comments), (1, 2));
    by_identifier.settle().await;
    let (_, thread) = thread_at(&by_identifier, "https://neu.example/post").await;
    assert_eq!(thread.len(), 2);
}

/// The command as an operator runs it, with its address mapping and thread key.
#[tokio::test]
async fn the_command_imports_a_disqus_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("disqus.xml");
    std::fs::write(&file, one_post_twice()).unwrap();
    let db = dir.path().join("site.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_schrieb-server"))
        .args(["import", "--db", db.to_str().unwrap(), "--from", "disqus", file.to_str().unwrap(), "--site", "Blog"])
        .args(["--map-url", "http://alt.example=https://neu.example", "--thread-key", "identifier"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("added: 1 threads, 2 comments, 0 people"), "{printed}");
    let url: String = sqlx::query_scalar("SELECT canonical_url FROM articles")
        .fetch_one(&sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap())
        .await
        .unwrap();
    assert_eq!(url, "https://neu.example/post");
}

/// An imported author claims their account by the address Disqus had: the password-reset mail
/// goes there, its link sets a password and confirms the address, and the comments are theirs.
#[tokio::test]
async fn an_imported_author_claims_the_account_by_their_address() {
    let app = TestApp::empty().await;
    run(&app, false).await;
    // No password yet: nobody can log in as Anna.
    let refused: crate::helpers::Answer<schrieb_api::ApiError> =
        app.login("anna@example.org", "irgendein-passwort").await;
    assert_eq!(refused.status, 401);
    let body = serde_json::json!({ "email": "Anna@Example.org" });
    let asked = app
        .send(reqwest::Method::POST, schrieb_api::paths::Endpoint::AuthPasswordReset.template(), None, Some(body))
        .await;
    assert_eq!(asked.status().as_u16(), 202);
    let mails = app.repository.mails_to("anna@example.org").await.unwrap();
    let token = schrieb_server::mail::token_in(&mails[0].body).expect("a token").to_owned();
    let body = serde_json::json!({ "token": token, "password": "annas-neues-passwort" });
    let set = app
        .send(
            reqwest::Method::POST,
            schrieb_api::paths::Endpoint::AuthPasswordResetConfirm.template(),
            None,
            Some(body),
        )
        .await;
    assert_eq!(set.status().as_u16(), 204);
    let me: crate::helpers::Answer<schrieb_api::Me> = app.login("anna@example.org", "annas-neues-passwort").await;
    assert_eq!(me.status, 200);
    app.settle().await;
    let (_, thread) = thread_at(&app, "https://neu.example/artikel/eins").await;
    assert_eq!(thread[0].author.id, me.body.id, "Anna's imported comment is hers");
}
