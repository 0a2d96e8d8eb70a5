//! Posting, editing, deleting, restoring and reacting: who may do what, and what each does to
//! the thread.

use reqwest::Method;
use schrieb_api::{
    ApiError, ChangeKind, CommentPage, CommentPermalink, ErrorKind, QuoteStatus, ReactionCount, ReactionKind, Reactors,
    RevisionHistory, Role,
};
use schrieb_server::settings::Settings;
use serde_json::json;

use crate::helpers::{TestApp, User};

const THREAD: &str = "/api/v1/articles/genau-vierzig/comments";

fn no_limits() -> Settings {
    Settings { rate_limits: false, ..Settings::default() }
}

async fn post(app: &TestApp, user: &User, body: &str) -> CommentPermalink {
    let answer = app.send_json::<CommentPermalink>(Method::POST, THREAD, Some(user), Some(json!({"body": body}))).await;
    assert_eq!(answer.status, 201, "posting {body:?}");
    answer.body
}

/// Every mutating endpoint × anonymous, another reader, the author, a moderator, an admin.
#[tokio::test]
async fn the_authorization_matrix() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments("genau-vierzig", 40).await;
    let owner = app.user("Autorin", Role::Reader).await;
    let other = app.user("Jemand", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let actors: [(&str, Option<&User>); 5] = [
        ("anonymous", None),
        ("other reader", Some(&other)),
        ("owner", Some(&owner)),
        ("moderator", Some(&moderator)),
        ("admin", Some(&admin)),
    ];

    type Case = (&'static str, Method, &'static str, Option<serde_json::Value>, bool, [u16; 5]);
    let cases: [Case; 6] = [
        ("post", Method::POST, THREAD, Some(json!({"body": "neu"})), false, [401, 201, 201, 201, 201]),
        (
            "edit",
            Method::PATCH,
            "/api/v1/comments/{id}",
            Some(json!({"body": "geändert"})),
            false,
            [401, 403, 200, 200, 200],
        ),
        ("delete", Method::DELETE, "/api/v1/comments/{id}", None, false, [401, 403, 204, 204, 204]),
        ("restore", Method::POST, "/api/v1/comments/{id}/restore", None, true, [401, 403, 403, 200, 200]),
        ("react", Method::PUT, "/api/v1/comments/{id}/reactions/like", None, false, [401, 200, 200, 200, 200]),
        ("unreact", Method::DELETE, "/api/v1/comments/{id}/reactions/like", None, false, [401, 200, 200, 200, 200]),
    ];
    for (name, method, path, body, deleted_first, expected) in cases {
        for ((actor, user), status) in actors.iter().zip(expected) {
            // A fresh comment by the owner for every attempt, deleted first where the case needs it.
            let target = post(&app, &owner, &format!("Ziel für {name} durch {actor}")).await.comment.id;
            if deleted_first {
                let deleted = app.send(Method::DELETE, &format!("/api/v1/comments/{target}"), Some(&owner), None).await;
                assert_eq!(deleted.status().as_u16(), 204);
            }
            let body =
                body.clone().map(|b| if name == "post" { json!({"body": format!("neu von {actor}")}) } else { b });
            let path = path.replace("{id}", &target.to_string());
            let answer = app.send(method.clone(), &path, *user, body).await;
            assert_eq!(answer.status().as_u16(), status, "{name} by {actor}");
            if status >= 400 {
                let error: ApiError = answer.json().await.expect("the shared error shape");
                let kind = match status {
                    401 => ErrorKind::Unauthorized,
                    _ => ErrorKind::Forbidden,
                };
                assert_eq!(error.error, kind, "{name} by {actor}");
            }
        }
    }
    let password = app
        .send(Method::PUT, "/api/v1/me/password", None, Some(json!({"current_password": "x", "new_password": "y"})))
        .await;
    assert_eq!(password.status().as_u16(), 401);
}

#[tokio::test]
async fn a_posted_comment_lands_on_its_page_with_its_references() {
    // Refused attempts count against the posting limit too; this test makes many.
    let app = TestApp::with_settings(no_limits()).await;
    schrieb_server::demo::seed(app.repository.as_ref(), chrono::Utc::now()).await.unwrap();
    let otto = app.user("Ottokar", Role::Reader).await;
    let page3 = app.comment_page("pergola-lizenzwechsel", "3").await;
    let source = &page3.items[0];
    let quote = source.body.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    let body = format!(
        "[quote={} author=\"{}\"]\n{quote}\n[/quote]\n\nGenau, @Martin.",
        source.id, source.author.display_name
    );
    let answer = app
        .send_json::<CommentPermalink>(
            Method::POST,
            "/api/v1/articles/pergola-lizenzwechsel/comments",
            Some(&otto),
            Some(json!({"body": body})),
        )
        .await;
    assert_eq!(answer.status, 201);
    let posted = answer.body;
    assert_eq!((posted.page, posted.comment.position, posted.article_slug.as_str()), (3, 53, "pergola-lizenzwechsel"));
    assert_eq!((posted.comment.author.id, posted.comment.author.display_name.as_str()), (otto.id, "Ottokar"));
    assert_eq!(posted.comment.quotes[0].status, QuoteStatus::Verified);
    assert!(posted.comment.mentioned("Martin").is_some());
    let page = app.comment_page("pergola-lizenzwechsel", "3").await;
    assert_eq!(page.items.last().unwrap(), &posted.comment, "the answer is the comment as stored");
    assert_eq!(page.total, 53);
    let article = app.get_json::<schrieb_api::Article>("/api/v1/articles/pergola-lizenzwechsel").await.body;
    assert_eq!(article.comment_count, 53);

    let path = "/api/v1/articles/pergola-lizenzwechsel/comments";
    let again = app.send_json::<ApiError>(Method::POST, path, Some(&otto), Some(json!({"body": body}))).await;
    assert_eq!((again.status, again.body.error), (409, ErrorKind::Conflict), "the same comment twice in a row");
    let misquote =
        format!("[quote={} author=\"{}\"]\nDas hat niemand gesagt.\n[/quote]", source.id, source.author.display_name);
    let refused = app.send_json::<ApiError>(Method::POST, path, Some(&otto), Some(json!({"body": misquote}))).await;
    assert_eq!((refused.status, refused.body.error), (422, ErrorKind::Validation));
    assert!(refused.body.message.contains("does not contain"), "{}", refused.body.message);
    let long =
        app.send_json::<ApiError>(Method::POST, path, Some(&otto), Some(json!({"body": "x".repeat(20_001)}))).await;
    assert_eq!(long.status, 422);
    assert!(long.body.message.contains("20,000"));
    let empty = app.send_json::<ApiError>(Method::POST, path, Some(&otto), Some(json!({"body": "  \n "}))).await;
    assert_eq!(empty.status, 422);
    let nowhere = app
        .send_json::<ApiError>(
            Method::POST,
            "/api/v1/articles/gibt-es-nicht/comments",
            Some(&otto),
            Some(json!({"body": "hallo"})),
        )
        .await;
    assert_eq!((nowhere.status, nowhere.body.error), (404, ErrorKind::NotFound));
    assert_eq!(app.comment_page("pergola-lizenzwechsel", "3").await.total, 53, "nothing refused was saved");
}

#[tokio::test]
async fn edits_keep_revisions_and_respect_the_window() {
    let app = TestApp::with_settings(Settings { edit_window: chrono::Duration::zero(), ..no_limits() }).await;
    app.article_with_comments("genau-vierzig", 3).await;
    let author = app.user("Autorin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let comment = post(&app, &author, "Die erste Fassung mit einem Tippfeler.").await.comment;
    let path = format!("/api/v1/comments/{}", comment.id);
    let late = app.send_json::<ApiError>(Method::PATCH, &path, Some(&author), Some(json!({"body": "zu spät"}))).await;
    assert_eq!((late.status, late.body.error), (403, ErrorKind::Forbidden), "the window has passed");
    assert!(late.body.message.contains("0 hours"));
    let edited = app
        .send_json::<CommentPermalink>(
            Method::PATCH,
            &path,
            Some(&moderator),
            Some(json!({"body": "Die erste Fassung mit einem Tippfehler."})),
        )
        .await;
    assert_eq!(edited.status, 200);
    assert_eq!((edited.body.comment.edit_count, edited.body.comment.edited_at.is_some()), (1, true));
    let unchanged = app
        .send_json::<CommentPermalink>(
            Method::PATCH,
            &path,
            Some(&moderator),
            Some(json!({"body": "Die erste Fassung mit einem Tippfehler."})),
        )
        .await;
    assert_eq!(unchanged.body.comment.edit_count, 1, "an edit that changes nothing adds no revision");
    let history = app.get_json::<RevisionHistory>(&format!("{path}/revisions")).await.body;
    assert_eq!(history.revisions.len(), 2);
    let changes = &history.revisions[1].changes;
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Removed && c.text.contains("Tippfeler")));
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Added && c.text.contains("Tippfehler")));

    let fresh = TestApp::with_settings(no_limits()).await;
    fresh.article_with_comments("genau-vierzig", 3).await;
    let writer = fresh.user("Schreiber", Role::Reader).await;
    let own = post(&fresh, &writer, "eins").await.comment;
    let ok = fresh
        .send_json::<CommentPermalink>(
            Method::PATCH,
            &format!("/api/v1/comments/{}", own.id),
            Some(&writer),
            Some(json!({"body": "zwei"})),
        )
        .await;
    assert_eq!((ok.status, ok.body.comment.body.as_str()), (200, "zwei"), "within the window the author may");
}

#[tokio::test]
async fn deleting_keeps_the_place_and_moderators_restore() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments("genau-vierzig", 20).await;
    let author = app.user("Autorin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let first = post(&app, &author, "Nummer 21").await.comment;
    let second = post(&app, &author, "Nummer 22").await.comment;
    assert_eq!(
        app.send(Method::DELETE, &format!("/api/v1/comments/{}", first.id), Some(&author), None)
            .await
            .status()
            .as_u16(),
        204
    );
    let page: CommentPage = app.comment_page("genau-vierzig", "2").await;
    assert_eq!((page.total, page.items.len()), (22, 2), "the place stays");
    assert!(page.items[0].deleted && page.items[0].body.is_empty());
    assert_eq!(page.items[1].id, second.id);
    let article = app.get_json::<schrieb_api::Article>("/api/v1/articles/genau-vierzig").await.body;
    assert_eq!(article.comment_count, 21, "the count leaves deleted ones out");
    let edit = app
        .send_json::<ApiError>(
            Method::PATCH,
            &format!("/api/v1/comments/{}", first.id),
            Some(&author),
            Some(json!({"body": "wieder da?"})),
        )
        .await;
    assert_eq!(edit.status, 409);
    let react =
        app.send(Method::PUT, &format!("/api/v1/comments/{}/reactions/like", first.id), Some(&moderator), None).await;
    assert_eq!(react.status().as_u16(), 404, "a deleted comment takes no reactions");

    let restored = app
        .send_json::<CommentPermalink>(
            Method::POST,
            &format!("/api/v1/comments/{}/restore", first.id),
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(
        (restored.status, restored.body.comment.deleted, restored.body.comment.body.as_str()),
        (200, false, "Nummer 21")
    );
    let article = app.get_json::<schrieb_api::Article>("/api/v1/articles/genau-vierzig").await.body;
    assert_eq!(article.comment_count, 22);
}

#[tokio::test]
async fn reactions_toggle_per_person_and_name_who_reacted() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments("genau-vierzig", 1).await;
    let author = app.user("Autorin", Role::Reader).await;
    let fan = app.user("Fan", Role::Reader).await;
    let comment = post(&app, &author, "Lob mich").await.comment;
    let path = |kind: &str| format!("/api/v1/comments/{}/reactions/{kind}", comment.id);
    let after = app.send_json::<Vec<ReactionCount>>(Method::PUT, &path("like"), Some(&fan), None).await.body;
    assert_eq!(after, [ReactionCount { kind: ReactionKind::Like, count: 1, mine: true }]);
    let twice = app.send_json::<Vec<ReactionCount>>(Method::PUT, &path("like"), Some(&fan), None).await.body;
    assert_eq!(twice[0].count, 1, "one of each kind per person");
    app.send(Method::PUT, &path("like"), Some(&author), None).await;
    let both = app.send_json::<Vec<ReactionCount>>(Method::PUT, &path("love"), Some(&author), None).await.body;
    assert_eq!(
        both,
        [
            ReactionCount { kind: ReactionKind::Like, count: 2, mine: true },
            ReactionCount { kind: ReactionKind::Love, count: 1, mine: true }
        ]
    );

    // Counts are public; `mine` is the reader's.
    let anonymous =
        app.comment_page("genau-vierzig", "1").await.items.into_iter().find(|c| c.id == comment.id).unwrap();
    assert_eq!(anonymous.reactions.iter().map(|r| (r.count, r.mine)).collect::<Vec<_>>(), [(2, false), (1, false)]);
    let as_fan = app.send_json::<CommentPage>(Method::GET, THREAD, Some(&fan), None).await.body;
    let seen = as_fan.items.into_iter().find(|c| c.id == comment.id).unwrap().reactions;
    assert_eq!(seen.iter().map(|r| r.mine).collect::<Vec<_>>(), [true, false]);

    let who = app.get_json::<Vec<Reactors>>(&format!("/api/v1/comments/{}/reactions", comment.id)).await.body;
    assert_eq!(who[0].names, ["Fan", "Autorin"]);
    assert_eq!((who[1].kind, who[1].names.clone()), (ReactionKind::Love, vec!["Autorin".to_owned()]));

    let gone = app.send_json::<Vec<ReactionCount>>(Method::DELETE, &path("like"), Some(&fan), None).await.body;
    assert_eq!(gone[0], ReactionCount { kind: ReactionKind::Like, count: 1, mine: false });
    let unknown = app.send_json::<ApiError>(Method::PUT, &path("angry"), Some(&fan), None).await;
    assert_eq!((unknown.status, unknown.body.error), (400, ErrorKind::BadRequest));
}

#[tokio::test]
async fn posting_is_rate_limited_per_account() {
    let app = TestApp::empty().await;
    app.article_with_comments("genau-vierzig", 1).await;
    let eager = app.user("Eilig", Role::Reader).await;
    for n in 0..5 {
        post(&app, &eager, &format!("Kommentar {n}")).await;
    }
    let sixth = app.send(Method::POST, THREAD, Some(&eager), Some(json!({"body": "der sechste"}))).await;
    assert_eq!(sixth.status().as_u16(), 429);
    assert!(sixth.headers().contains_key("retry-after"));
    let calm = app.user("Ruhig", Role::Reader).await;
    post(&app, &calm, "ich darf noch").await;
}
