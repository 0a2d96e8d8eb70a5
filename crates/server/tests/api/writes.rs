//! Posting, editing, deleting, restoring and reacting: who may do what, and what each does to
//! the thread.

use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    ApiError, Article, ChangeKind, CommentId, CommentPage, CommentPermalink, ErrorKind, PER_PAGE, QuoteStatus,
    ReactionCount, ReactionKind, Reactors, RevisionHistory, Role,
};
use schrieb_server::settings::Settings;

use crate::helpers::{TestApp, User, comment_body, raw_path, slug};

const SLUG: &str = "der-faden";

fn no_limits() -> Settings {
    Settings { rate_limits: false, ..Settings::default() }
}

/// Every mutating endpoint × anonymous, another reader, the author, a moderator, an admin.
#[tokio::test]
async fn the_authorization_matrix() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
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

    // What is done, how, to which path (for the target comment), with a body?, to a deleted
    // comment?, and the status each actor gets.
    type Case = (&'static str, Method, fn(CommentId) -> String, bool, bool, [u16; 5]);
    let like = |id| api::comment_reaction(id, ReactionKind::Like);
    let cases: [Case; 6] = [
        ("post", Method::POST, |_| api::article_comments(&slug(SLUG)), true, false, [401, 201, 201, 201, 201]),
        ("edit", Method::PATCH, api::comment, true, false, [401, 403, 200, 200, 200]),
        ("delete", Method::DELETE, api::comment, false, false, [401, 403, 204, 204, 204]),
        ("restore", Method::POST, api::comment_restore, false, true, [401, 403, 403, 200, 200]),
        ("react", Method::PUT, like, false, false, [401, 200, 200, 200, 200]),
        ("unreact", Method::DELETE, like, false, false, [401, 200, 200, 200, 200]),
    ];
    for (name, method, path, with_body, deleted_first, expected) in cases {
        for ((actor, user), status) in actors.iter().zip(expected) {
            // A fresh comment by the owner for every attempt, deleted first where the case needs it.
            let target = app.posted(SLUG, &owner, &format!("Ziel für {name} durch {actor}")).await.comment.id;
            if deleted_first {
                assert_eq!(app.delete_comment(target, Some(&owner)).await.status().as_u16(), 204);
            }
            // A body of its own for every attempt: the same one twice in a row would be a 409.
            let body = with_body.then(|| serde_json::to_value(comment_body(&format!("{name} von {actor}"))).unwrap());
            let answer = app.send(method.clone(), &path(target), *user, body).await;
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
    assert_eq!(app.change_password(None, "x", "y").await.status().as_u16(), 401);
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
    let posted = app.posted("pergola-lizenzwechsel", &otto, &body).await;
    // The demo thread's 52 comments fill pages 1 and 2 and 12 places of page 3, at 20 a page.
    assert_eq!(
        (posted.page, posted.comment.position, posted.article_slug.as_str()),
        (3, Some(53), "pergola-lizenzwechsel")
    );
    assert_eq!((posted.comment.author.id, posted.comment.author.display_name.as_str()), (otto.id, "Ottokar"));
    assert_eq!(posted.comment.quotes[0].status, QuoteStatus::Verified);
    assert!(posted.comment.mentioned("Martin").is_some());
    let page = app.comment_page("pergola-lizenzwechsel", "3").await;
    assert_eq!(page.items.last().unwrap(), &posted.comment, "the answer is the comment as stored");
    assert_eq!(page.total, 53);
    assert_eq!(app.get_json::<Article>(&api::article(&slug("pergola-lizenzwechsel"))).await.body.comment_count, 53);

    let refusal = |slug: &'static str, text: String| {
        let (app, otto) = (&app, &otto);
        async move { app.post_comment::<ApiError>(slug, Some(otto), &comment_body(&text), None).await }
    };
    let again = refusal("pergola-lizenzwechsel", body.clone()).await;
    assert_eq!((again.status, again.body.error), (409, ErrorKind::Conflict), "the same comment twice in a row");
    let misquote =
        format!("[quote={} author=\"{}\"]\nDas hat niemand gesagt.\n[/quote]", source.id, source.author.display_name);
    let refused = refusal("pergola-lizenzwechsel", misquote).await;
    assert_eq!((refused.status, refused.body.error), (422, ErrorKind::Validation));
    assert!(refused.body.message.contains("does not contain"), "{}", refused.body.message);
    let long = refusal("pergola-lizenzwechsel", "x".repeat(20_001)).await;
    assert_eq!(long.status, 422);
    assert!(long.body.message.contains("20,000"));
    let empty = refusal("pergola-lizenzwechsel", "  \n ".into()).await;
    assert_eq!(empty.status, 422);
    let nowhere = refusal("gibt-es-nicht", "hallo".into()).await;
    assert_eq!((nowhere.status, nowhere.body.error), (404, ErrorKind::NotFound));
    assert_eq!(app.comment_page("pergola-lizenzwechsel", "3").await.total, 53, "nothing refused was saved");
}

#[tokio::test]
async fn edits_keep_revisions_and_respect_the_window() {
    let app = TestApp::with_settings(Settings { edit_window: chrono::Duration::zero(), ..no_limits() }).await;
    app.article_with_comments(SLUG, 3).await;
    let author = app.user("Autorin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let comment = app.posted(SLUG, &author, "Die erste Fassung mit einem Tippfeler.").await.comment;
    let late = app.edit_comment::<ApiError>(comment.id, Some(&author), "zu spät").await;
    assert_eq!((late.status, late.body.error), (403, ErrorKind::Forbidden), "the window has passed");
    assert!(late.body.message.contains("0 hours"));
    let fixed = "Die erste Fassung mit einem Tippfehler.";
    let edited = app.edit_comment::<CommentPermalink>(comment.id, Some(&moderator), fixed).await;
    assert_eq!(edited.status, 200);
    assert_eq!((edited.body.comment.edit_count, edited.body.comment.edited_at.is_some()), (1, true));
    let unchanged = app.edit_comment::<CommentPermalink>(comment.id, Some(&moderator), fixed).await;
    assert_eq!(unchanged.body.comment.edit_count, 1, "an edit that changes nothing adds no revision");
    let history = app.get_json::<RevisionHistory>(&api::comment_revisions(comment.id)).await.body;
    assert_eq!(history.revisions.len(), 2);
    let changes = &history.revisions[1].changes;
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Removed && c.text.contains("Tippfeler")));
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Added && c.text.contains("Tippfehler")));

    let fresh = TestApp::with_settings(no_limits()).await;
    fresh.article_with_comments(SLUG, 3).await;
    let writer = fresh.user("Schreiber", Role::Reader).await;
    let own = fresh.posted(SLUG, &writer, "eins").await.comment;
    let ok = fresh.edit_comment::<CommentPermalink>(own.id, Some(&writer), "zwei").await;
    assert_eq!((ok.status, ok.body.comment.body.as_str()), (200, "zwei"), "within the window the author may");
}

#[tokio::test]
async fn deleting_keeps_the_place_and_moderators_restore() {
    let app = TestApp::with_settings(no_limits()).await;
    // A full first page, so that the two posted below open the second.
    let full = PER_PAGE as usize;
    app.article_with_comments(SLUG, full).await;
    let author = app.user("Autorin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let first = app.posted(SLUG, &author, "Der erste auf Seite 2").await.comment;
    let second = app.posted(SLUG, &author, "Der zweite auf Seite 2").await.comment;
    assert_eq!(app.delete_comment(first.id, Some(&author)).await.status().as_u16(), 204);
    let page: CommentPage = app.comment_page(SLUG, "2").await;
    assert_eq!((page.total, page.items.len()), (full as u64 + 2, 2), "the place stays");
    assert!(page.items[0].deleted && page.items[0].body.is_empty());
    assert_eq!(page.items[1].id, second.id);
    let article = || async { app.get_json::<Article>(&api::article(&slug(SLUG))).await.body };
    assert_eq!(article().await.comment_count, full as u64 + 1, "the count leaves deleted ones out");
    let edit = app.edit_comment::<ApiError>(first.id, Some(&author), "wieder da?").await;
    assert_eq!(edit.status, 409);
    let like = api::comment_reaction(first.id, ReactionKind::Like);
    let react = app.send(Method::PUT, &like, Some(&moderator), None).await;
    assert_eq!(react.status().as_u16(), 404, "a deleted comment takes no reactions");

    let restore = api::comment_restore(first.id);
    let restored = app.send_json::<CommentPermalink>(Method::POST, &restore, Some(&moderator), None).await;
    assert_eq!(
        (restored.status, restored.body.comment.deleted, restored.body.comment.body.as_str()),
        (200, false, "Der erste auf Seite 2")
    );
    assert_eq!(article().await.comment_count, full as u64 + 2);
}

#[tokio::test]
async fn reactions_toggle_per_person_and_name_who_reacted() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let author = app.user("Autorin", Role::Reader).await;
    let fan = app.user("Fan", Role::Reader).await;
    let comment = app.posted(SLUG, &author, "Lob mich").await.comment;
    let path = |kind: ReactionKind| api::comment_reaction(comment.id, kind);
    let (like, love) = (path(ReactionKind::Like), path(ReactionKind::Love));
    let after = app.send_json::<Vec<ReactionCount>>(Method::PUT, &like, Some(&fan), None).await.body;
    assert_eq!(after, [ReactionCount { kind: ReactionKind::Like, count: 1, mine: true }]);
    let twice = app.send_json::<Vec<ReactionCount>>(Method::PUT, &like, Some(&fan), None).await.body;
    assert_eq!(twice[0].count, 1, "one of each kind per person");
    app.send(Method::PUT, &like, Some(&author), None).await;
    let both = app.send_json::<Vec<ReactionCount>>(Method::PUT, &love, Some(&author), None).await.body;
    assert_eq!(
        both,
        [
            ReactionCount { kind: ReactionKind::Like, count: 2, mine: true },
            ReactionCount { kind: ReactionKind::Love, count: 1, mine: true }
        ]
    );

    // Counts are public; `mine` is the reader's.
    let anonymous = app.comment_page(SLUG, "1").await.items.into_iter().find(|c| c.id == comment.id).unwrap();
    assert_eq!(anonymous.reactions.iter().map(|r| (r.count, r.mine)).collect::<Vec<_>>(), [(2, false), (1, false)]);
    let thread = api::article_comments(&slug(SLUG));
    let as_fan = app.send_json::<CommentPage>(Method::GET, &thread, Some(&fan), None).await.body;
    let seen = as_fan.items.into_iter().find(|c| c.id == comment.id).unwrap().reactions;
    assert_eq!(seen.iter().map(|r| r.mine).collect::<Vec<_>>(), [true, false]);

    let who = app.get_json::<Vec<Reactors>>(&api::comment_reactions(comment.id)).await.body;
    assert_eq!(who[0].names, ["Fan", "Autorin"]);
    assert_eq!((who[1].kind, who[1].names.clone()), (ReactionKind::Love, vec!["Autorin".to_owned()]));

    let gone = app.send_json::<Vec<ReactionCount>>(Method::DELETE, &like, Some(&fan), None).await.body;
    assert_eq!(gone[0], ReactionCount { kind: ReactionKind::Like, count: 1, mine: false });
    let angry = raw_path(Endpoint::CommentReaction, &[&comment.id.to_string(), "angry"]);
    let unknown = app.send_json::<ApiError>(Method::PUT, &angry, Some(&fan), None).await;
    assert_eq!((unknown.status, unknown.body.error), (400, ErrorKind::BadRequest));
}

#[tokio::test]
async fn posting_is_rate_limited_per_account() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let eager = app.user("Eilig", Role::Reader).await;
    for n in 0..5 {
        app.posted(SLUG, &eager, &format!("Kommentar {n}")).await;
    }
    let sixth = app.post_comment::<ApiError>(SLUG, Some(&eager), &comment_body("der sechste"), None).await;
    assert_eq!((sixth.status, sixth.body.error), (429, ErrorKind::RateLimited));
    assert!(sixth.headers.contains_key("retry-after"));
    let calm = app.user("Ruhig", Role::Reader).await;
    app.posted(SLUG, &calm, "ich darf noch").await;
}

/// The editor's timing is a whole number the document states as an `int64`: more is refused,
/// as a client reading the document expects, and nothing is posted.
#[tokio::test]
async fn a_compose_time_past_an_int64_is_refused() {
    let app = TestApp::with_settings(no_limits()).await;
    app.article_with_comments(SLUG, 1).await;
    let author = app.user("Eilige", Role::Reader).await;
    let path = api::article_comments(&slug(SLUG));
    let body = |ms: serde_json::Value| Some(serde_json::json!({"body": "Schnell geschrieben.", "compose_ms": ms}));
    let refused =
        app.send(Method::POST, &path, Some(&author), body(serde_json::json!(9_223_372_036_854_775_808_u64))).await;
    assert_eq!(refused.status(), 422);
    let taken = app.send(Method::POST, &path, Some(&author), body(serde_json::json!(9_000))).await;
    assert_eq!(taken.status(), 201);
    assert_eq!(app.comment_page(SLUG, "1").await.total, 2, "only the second was posted");
}
