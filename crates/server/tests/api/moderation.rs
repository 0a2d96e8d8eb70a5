//! Moderation through the API: who may use the desk, held comments and what nobody else learns
//! of them, decisions (one wins), the log (one row per change, never changed), and a site's
//! rules.

use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{
    ApiError, Article, CommentPage, CommentPermalink, CommentState, ModerationLog, ModerationMode, ModerationQueue,
    ModerationSettings, QueueState, Reason, RevisionHistory, Role, Standing, UserProfile, UserSuggestion, WordLists,
};
use serde_json::json;

use crate::helpers::{Answer, TestApp, User, comment_body, slug};

const SLUG: &str = "der-faden";
const SITE: &str = "test";

/// An app with the thread [`SLUG`] of two comments, on the site [`SITE`] with `settings`.
async fn app_with(settings: ModerationSettings) -> TestApp {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 2).await;
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    app
}

fn premoderated() -> ModerationSettings {
    ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() }
}

async fn page_as(app: &TestApp, user: Option<&User>) -> CommentPage {
    let path = api::article_comments_page(&slug(SLUG), 1);
    let answer: Answer<CommentPage> = Answer::of(app.send(Method::GET, &path, user, None).await).await;
    assert_eq!(answer.status, 200);
    answer.body
}

async fn decide(app: &TestApp, moderator: &User, id: schrieb_api::CommentId, action: &str) -> reqwest::Response {
    let body = json!({"action": action, "reason": "Geprüft."});
    app.send(Method::POST, &api::moderation_decision(id), Some(moderator), Some(body)).await
}

async fn held_post(app: &TestApp, author: &User, text: &str) -> CommentPermalink {
    let posted = app.post_comment::<CommentPermalink>(SLUG, Some(author), &comment_body(text), None).await;
    assert_eq!(posted.status, 201);
    assert_eq!((posted.body.comment.state, posted.body.comment.position), (CommentState::Pending, None));
    posted.body
}

/// Every moderation endpoint × who asks: nobody (401), a reader (403), a banned reader (401:
/// the ban ended their session), a suspended reader (403), a moderator (the desk, not a site's
/// rules), an admin (everything).
#[tokio::test]
async fn the_desk_is_for_moderators_and_a_sites_rules_for_admins() {
    let app = app_with(ModerationSettings::default()).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let banned = app.user("Gesperrter", Role::Reader).await;
    let suspended = app.user("Pausierende", Role::Reader).await;
    let target = app.user("Ziel", Role::Reader).await;
    let until = chrono::Utc::now() + chrono::Duration::hours(1);
    for (who, body) in [
        (&banned, json!({"kind": "ban", "reason": "Spam"})),
        (&suspended, json!({"kind": "suspend", "until": until, "reason": "Pause"})),
    ] {
        let set = app.send(Method::PUT, &api::moderation_sanction(who.id), Some(&admin), Some(body)).await;
        assert_eq!(set.status().as_u16(), 200);
    }
    let comment = page_as(&app, None).await.items[0].id;
    let words = json!({"words": [{"entry": "spam", "severity": "banned"}]});
    let calls: Vec<(Method, String, Option<serde_json::Value>, bool, u16)> = vec![
        // method, path, body, admins only, what a moderator or admin gets
        (
            Method::GET,
            api::moderation_queue(QueueState::Pending, 1, &schrieb_api::QueueFilter::default()),
            None,
            false,
            200,
        ),
        (
            Method::GET,
            api::moderation_queue(QueueState::Reported, 1, &schrieb_api::QueueFilter::default()),
            None,
            false,
            200,
        ),
        (Method::GET, api::moderation_log(None), None, false, 200),
        (Method::GET, api::moderation_log(Some(comment)), None, false, 200),
        (Method::GET, api::moderation_account_log(target.id), None, false, 200),
        (Method::GET, schrieb_api::paths::Endpoint::ModerationCounts.template().to_owned(), None, false, 200),
        (Method::GET, api::moderation_user(target.id), None, false, 200),
        (Method::POST, api::moderation_notes(target.id), Some(json!({"body": "Schon einmal verwarnt."})), false, 201),
        (
            Method::POST,
            schrieb_api::paths::Endpoint::ModerationJobs.template().to_owned(),
            Some(json!({"action": "approve", "state": "pending", "ids": []})),
            false,
            202,
        ),
        (Method::GET, api::moderation_job(schrieb_api::JobId(999)), None, false, 404),
        // Published, never held nor reported: nothing to decide.
        (Method::POST, api::moderation_decision(comment), Some(json!({"action": "approve"})), false, 409),
        (Method::PUT, api::moderation_discussion(&slug(SLUG)), Some(json!({"state": "closed"})), false, 204),
        (
            Method::PUT,
            api::moderation_sanction(target.id),
            Some(json!({"kind": "premoderate", "reason": "Erst prüfen."})),
            false,
            200,
        ),
        (Method::GET, schrieb_api::paths::Endpoint::AdminSites.template().to_owned(), None, true, 200),
        (Method::GET, api::admin_site_moderation(SITE), None, true, 200),
        (Method::PUT, api::admin_site_moderation(SITE), Some(json!({"mode": "guests"})), true, 200),
        (Method::GET, api::admin_site_words(SITE), None, true, 200),
        (Method::PUT, api::admin_site_words(SITE), Some(words), true, 200),
    ];
    for (method, path, body, admins_only, allowed) in calls {
        let status = |response: reqwest::Response| response.status().as_u16();
        let name = format!("{method} {path}");
        assert_eq!(status(app.send(method.clone(), &path, None, body.clone()).await), 401, "nobody: {name}");
        assert_eq!(status(app.send(method.clone(), &path, Some(&reader), body.clone()).await), 403, "reader: {name}");
        assert_eq!(status(app.send(method.clone(), &path, Some(&banned), body.clone()).await), 401, "banned: {name}");
        let as_suspended = status(app.send(method.clone(), &path, Some(&suspended), body.clone()).await);
        assert_eq!(as_suspended, 403, "suspended: {name}");
        let as_moderator = status(app.send(method.clone(), &path, Some(&moderator), body.clone()).await);
        assert_eq!(as_moderator, if admins_only { 403 } else { allowed }, "moderator: {name}");
        assert_eq!(status(app.send(method.clone(), &path, Some(&admin), body.clone()).await), allowed, "admin: {name}");
    }
}

/// A held comment reaches its author and moderators, and nobody else, by any read.
#[tokio::test]
async fn a_held_comment_leaks_nowhere() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let other = app.user("Andere Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let before = page_as(&app, None).await;
    let held = held_post(&app, &author, "Geheimnis im Wartezimmer").await;
    let id = held.comment.id;

    // The thread: no place, no count, and in the held list of its author and moderators only.
    for viewer in [None, Some(&other)] {
        let page = page_as(&app, viewer).await;
        assert_eq!((page.items.len(), page.total, page.held.len()), (before.items.len(), before.total, 0));
    }
    for viewer in [&author, &moderator] {
        let page = page_as(&app, Some(viewer)).await;
        assert_eq!(page.held.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
        assert_eq!(page.held[0].body, "Geheimnis im Wartezimmer");
    }
    let article = app.get_json::<Article>(&api::article(&slug(SLUG))).await.body;
    assert_eq!(article.comment_count, 2);
    // The comment, its revisions, its reactions.
    for viewer in [None, Some(&other)] {
        for path in [api::comment(id), api::comment_revisions(id), api::comment_reactions(id)] {
            assert_eq!(app.send(Method::GET, &path, viewer, None).await.status().as_u16(), 404, "{path}");
        }
    }
    let own = app.send(Method::GET, &api::comment(id), Some(&author), None).await;
    assert_eq!(own.status().as_u16(), 200);
    let like = api::comment_reaction(id, schrieb_api::ReactionKind::Like);
    let liked = app.send(Method::PUT, &like, Some(&other), None).await;
    assert_eq!(liked.status().as_u16(), 404, "no reactions to what nobody sees");
    // The profile, the mention suggestions, quoting it.
    let profile = app.get_json::<UserProfile>(&api::user(author.id)).await.body;
    assert_eq!((profile.comment_count, profile.recent.len()), (0, 0));
    let suggestions: Vec<UserSuggestion> = app.get_json(&format!("/api/v1/users?prefix=Ver&article={SLUG}")).await.body;
    assert!(suggestions.iter().all(|s| !s.in_thread), "writing a held comment is not being in the thread");
    let quote = format!("[quote={} author=\"Verfasserin\"]\nGeheimnis\n[/quote]\nNa?", id.0);
    let quoting = app.post_comment::<ApiError>(SLUG, Some(&moderator), &comment_body(&quote), None).await;
    assert_eq!(quoting.body.reason, Some(Reason::QuoteUnknown { comment: id.0 }));
    // The page the server renders, and the counts other sites ask for.
    let rendered = app.get(&format!("/a/{SLUG}")).await.text().await.unwrap();
    assert!(!rendered.contains("Geheimnis"));

    // Approved: it takes the next place, and everyone sees it.
    let approved = decide(&app, &moderator, id, "approve").await;
    assert_eq!(approved.status().as_u16(), 200);
    let page = page_as(&app, None).await;
    let last = page.items.last().unwrap();
    assert_eq!((last.id, last.position, last.state), (id, Some(before.total + 1), CommentState::Published));
    assert_eq!(app.get_json::<Article>(&api::article(&slug(SLUG))).await.body.comment_count, 3);
}

/// A rejected comment stays its author's, with the reason; the next decision about it is a 409.
#[tokio::test]
async fn a_rejected_comment_tells_its_author_why() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = held_post(&app, &author, "Nicht so.").await.comment.id;
    let body = json!({"action": "reject", "reason": "  Bitte sachlich bleiben.  "});
    let rejected = app.send(Method::POST, &api::moderation_decision(id), Some(&moderator), Some(body)).await;
    let rejected: CommentPermalink = rejected.json().await.unwrap();
    assert_eq!(rejected.comment.state, CommentState::Rejected);
    let held = page_as(&app, Some(&author)).await.held;
    assert_eq!(
        (held[0].state, held[0].state_reason.as_deref()),
        (CommentState::Rejected, Some("Bitte sachlich bleiben."))
    );
    assert!(page_as(&app, None).await.held.is_empty());
    let queue: ModerationQueue = Answer::of(
        app.send(
            Method::GET,
            &api::moderation_queue(QueueState::Rejected, 1, &schrieb_api::QueueFilter::default()),
            Some(&moderator),
            None,
        )
        .await,
    )
    .await
    .body;
    assert_eq!(queue.items.iter().map(|item| item.comment.id).collect::<Vec<_>>(), [id]);
    let long = json!({"action": "reject", "reason": "x".repeat(501)});
    let refused: ApiError =
        app.send(Method::POST, &api::moderation_decision(id), Some(&moderator), Some(long)).await.json().await.unwrap();
    assert_eq!(refused.reason, Some(Reason::NoteTooLong { max: 500 }));
}

/// Two moderators decide the same comment at once: one decides, the other learns who did and how.
#[tokio::test]
async fn of_two_moderators_deciding_at_once_one_wins() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let mona = app.user("Mona", Role::Moderator).await;
    let max = app.user("Max", Role::Moderator).await;
    let id = held_post(&app, &author, "Wer entscheidet?").await.comment.id;
    let (first, second) = tokio::join!(decide(&app, &mona, id, "approve"), decide(&app, &max, id, "reject"));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let (winner, loser) = if first.status().as_u16() == 200 { ("Mona", second) } else { ("Max", first) };
    let conflict: ApiError = loser.json().await.unwrap();
    let state = if winner == "Mona" { CommentState::Published } else { CommentState::Rejected };
    assert_eq!(conflict.reason, Some(Reason::AlreadyDecided { moderator: Some(winner.into()), state }));
}

/// Exactly one log row per change of standing, in order (that none can be changed afterwards is
/// the database's test, `db::sqlite::tests`).
#[tokio::test]
async fn the_log_has_one_row_per_change_and_is_append_only() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = held_post(&app, &author, "Protokolliert.").await.comment.id;
    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 200);
    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 409, "no change, no row");
    let log: ModerationLog =
        Answer::of(app.send(Method::GET, &api::moderation_log(Some(id)), Some(&moderator), None).await).await.body;
    let rows: Vec<_> =
        log.items.iter().map(|e| (e.from, e.to, e.moderator.as_ref().map(|m| m.display_name.as_str()))).collect();
    assert_eq!(
        rows,
        [(Some(Standing::Pending), Standing::Published, Some("Moderatorin")), (None, Standing::Pending, None),]
    );
    assert!(matches!(log.items[1].findings[0].check, schrieb_api::Check::SiteMode { .. }));
}

/// A site's word lists and a closed discussion, set through the API, act on the next comment.
#[tokio::test]
async fn a_sites_rules_set_through_the_api_act_on_the_next_comment() {
    let app = app_with(ModerationSettings::default()).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let words = json!({"words": [{"entry": "spam*", "severity": "banned"}, {"entry": "doof", "severity": "suspect"}]});
    let set = app.send(Method::PUT, &api::admin_site_words(SITE), Some(&admin), Some(words)).await;
    let lists: WordLists = set.json().await.unwrap();
    assert_eq!(lists.words.len(), 2);
    let refused = app.post_comment::<ApiError>(SLUG, Some(&reader), &comment_body("Spamfilter!"), None).await;
    assert_eq!(
        (refused.status, refused.body.reason),
        (422, Some(Reason::BannedWords { words: vec!["Spamfilter".into()] }))
    );
    let held = app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Wie DOOF."), None).await;
    assert_eq!(held.body.comment.state, CommentState::Pending);
    // Thousands of entries, more than the 250 KB other bodies may have, and whole numbers written
    // with a point, as JSON Schema allows.
    let many: Vec<serde_json::Value> = (0..5_000)
        .map(|n| json!({"entry": format!("ein-recht-langer-eintrag-{n:05}"), "severity": "suspect"}))
        .collect();
    let big = app.send(Method::PUT, &api::admin_site_words(SITE), Some(&admin), Some(json!({"words": many}))).await;
    assert_eq!(big.status().as_u16(), 200);
    let settings = json!({"mode": "post", "trust_after": 2.0, "min_compose_seconds": 0.0});
    let set = app.send(Method::PUT, &api::admin_site_moderation(SITE), Some(&admin), Some(settings)).await;
    assert_eq!(set.json::<ModerationSettings>().await.unwrap().trust_after, 2);
    let fraction = json!({"trust_after": 2.5});
    let set = app.send(Method::PUT, &api::admin_site_moderation(SITE), Some(&admin), Some(fraction)).await;
    assert_eq!(set.status().as_u16(), 422);
    let bad = json!({"words": [{"entry": "s*m", "severity": "banned"}]});
    let bad: ApiError =
        app.send(Method::PUT, &api::admin_site_words(SITE), Some(&admin), Some(bad)).await.json().await.unwrap();
    assert_eq!(bad.reason, Some(Reason::WordEntryInvalid { entry: "s*m".into() }));

    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let discussion = api::moderation_discussion(&slug(SLUG));
    let close = app.send(Method::PUT, &discussion, Some(&moderator), Some(json!({"state": "closed"}))).await;
    assert_eq!(close.status().as_u16(), 204);
    let closed = app.post_comment::<ApiError>(SLUG, Some(&reader), &comment_body("Noch was."), None).await;
    assert_eq!((closed.status, closed.body.reason), (422, Some(Reason::DiscussionClosed)));
}

/// Bodies a comment had while it was held were never approved: once it is, readers see the
/// approved body's history only; its author and moderators still see every body.
#[tokio::test]
async fn bodies_written_while_held_stay_out_of_the_public_history() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = held_post(&app, &author, "Kauft billige Uhren!").await.comment.id;
    let edited = app.edit_comment::<CommentPermalink>(id, Some(&author), "Ein sachlicher Beitrag.").await;
    assert_eq!(edited.status, 200);
    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 200);

    assert_eq!(history(&app, id, None).await, ["Ein sachlicher Beitrag."]);
    let every = ["Kauft billige Uhren!", "Ein sachlicher Beitrag."];
    assert_eq!(history(&app, id, Some(&author)).await, every);
    assert_eq!(history(&app, id, Some(&moderator)).await, every);

    // An edit after approval (the site no longer holding every comment) keeps the approved body
    // in everyone's history.
    assert!(app.repository.set_site_moderation(SITE, &ModerationSettings::default()).await.unwrap());
    let again = app.edit_comment::<CommentPermalink>(id, Some(&author), "Ein sachlicher Beitrag, ergänzt.").await;
    assert_eq!(again.status, 200);
    assert_eq!(history(&app, id, None).await, ["Ein sachlicher Beitrag.", "Ein sachlicher Beitrag, ergänzt."]);
}

/// The bodies of comment `id`'s history, as `user` (or nobody) reads it.
async fn history(app: &TestApp, id: schrieb_api::CommentId, user: Option<&User>) -> Vec<String> {
    let answer = app.send(Method::GET, &api::comment_revisions(id), user, None).await;
    Answer::<RevisionHistory>::of(answer).await.body.revisions.into_iter().map(|r| r.body).collect()
}

/// A moderator decides what they read: a comment edited since is refused (409, and nothing
/// changes), as is one no longer where they saw it; a rejected comment seen so can be
/// approved after all, and takes its place.
#[tokio::test]
async fn a_decision_holds_for_the_comment_the_moderator_read() {
    let app = app_with(premoderated()).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = held_post(&app, &author, "Erste Fassung.").await.comment.id;
    let path = api::moderation_decision(id);
    let decide_seen = |action: &'static str, state: &'static str, edit_count: u32| {
        let body = json!({"action": action, "state": state, "edit_count": edit_count});
        app.send(Method::POST, &path, Some(&moderator), Some(body))
    };

    assert_eq!(app.edit_comment::<CommentPermalink>(id, Some(&author), "Zweite Fassung.").await.status, 200);
    let stale = decide_seen("approve", "pending", 0).await;
    assert_eq!(stale.status().as_u16(), 409);
    let refused: ApiError = stale.json().await.unwrap();
    assert_eq!(refused.reason, Some(Reason::EditedSinceSeen { edit_count: 1 }));
    assert_eq!(page_as(&app, None).await.total, 2, "nothing was approved");

    assert_eq!(decide_seen("reject", "pending", 1).await.status().as_u16(), 200);
    // Seen as pending, it is rejected now: refused, naming who decided.
    let late = decide_seen("approve", "pending", 1).await;
    assert_eq!(late.status().as_u16(), 409);
    let refused: ApiError = late.json().await.unwrap();
    let decided = Reason::AlreadyDecided { moderator: Some("Moderatorin".into()), state: CommentState::Rejected };
    assert_eq!(refused.reason, Some(decided));
    // Without saying where it stood, a rejected comment stays rejected.
    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 409);

    // On second thought, seen as rejected: approved, in the thread's next place.
    let approved = decide_seen("approve", "rejected", 1).await;
    assert_eq!(approved.status().as_u16(), 200);
    let approved: CommentPermalink = approved.json().await.unwrap();
    assert_eq!((approved.comment.state, approved.comment.position), (CommentState::Published, Some(3)));
    assert_eq!(page_as(&app, None).await.total, 3);
    let rows: Vec<_> = history_of_states(&app, &moderator, id).await;
    assert_eq!(
        rows,
        [
            (Some(Standing::Rejected), Standing::Published),
            (Some(Standing::Pending), Standing::Rejected),
            (None, Standing::Pending),
        ]
    );
}

/// The log's changes of comment `id`, newest first.
async fn history_of_states(
    app: &TestApp,
    moderator: &User,
    id: schrieb_api::CommentId,
) -> Vec<(Option<Standing>, Standing)> {
    let log: ModerationLog =
        Answer::of(app.send(Method::GET, &api::moderation_log(Some(id)), Some(moderator), None).await).await.body;
    log.items.iter().map(|entry| (entry.from, entry.to)).collect()
}
