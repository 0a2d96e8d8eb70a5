//! Readers' reports through the API: once per reader, the threshold that holds a comment, and
//! what a moderator's decision does to the reports and to each reporter's record.

use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{
    ApiError, Article, Check, CommentId, CommentPage, CommentState, ModerationLog, ModerationQueue, ModerationSettings,
    QueueState, Reason, ReportReason, ReportReceipt, ReporterRecord, Role, Standing,
};
use serde_json::json;

use crate::helpers::{Answer, TestApp, User, slug};

const SLUG: &str = "gemeldet";
const SITE: &str = "test";

/// An app with the thread [`SLUG`] of three comments by one author, and reports holding a
/// comment at `threshold`.
async fn app_with(threshold: u32) -> TestApp {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 3).await;
    let settings = ModerationSettings { report_threshold: threshold, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    app
}

async fn page(app: &TestApp) -> CommentPage {
    app.get_json::<CommentPage>(&api::article_comments_page(&slug(SLUG), 1)).await.body
}

async fn report(app: &TestApp, reader: Option<&User>, id: CommentId, body: serde_json::Value) -> reqwest::Response {
    app.send(Method::POST, &api::comment_reports(id), reader, Some(body)).await
}

async fn queue(app: &TestApp, moderator: &User, state: QueueState) -> ModerationQueue {
    let answer = app
        .send(
            Method::GET,
            &api::moderation_queue(state, 1, &schrieb_api::QueueFilter::default()),
            Some(moderator),
            None,
        )
        .await;
    Answer::of(answer).await.body
}

async fn decide(app: &TestApp, moderator: &User, id: CommentId, action: &str) -> reqwest::Response {
    app.send(Method::POST, &api::moderation_decision(id), Some(moderator), Some(json!({"action": action}))).await
}

async fn log(app: &TestApp, moderator: &User, id: CommentId) -> ModerationLog {
    Answer::of(app.send(Method::GET, &api::moderation_log(Some(id)), Some(moderator), None).await).await.body
}

/// A reader reports a comment once and hears so; again, they are told they did; bad reports get
/// their reason, and only moderators see the reported queue.
#[tokio::test]
async fn a_reader_reports_a_comment_once() {
    let app = app_with(3).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = page(&app).await.items[0].id;
    let body = json!({"reason": "abuse", "note": "  Beleidigt andere.  "});

    assert_eq!(report(&app, None, id, body.clone()).await.status().as_u16(), 401);
    let received = report(&app, Some(&reader), id, body.clone()).await;
    assert_eq!(received.status().as_u16(), 201);
    let receipt: ReportReceipt = received.json().await.unwrap();
    assert_eq!((receipt.comment, receipt.reason), (id, ReportReason::Abuse));
    let again = report(&app, Some(&reader), id, json!({"reason": "spam"})).await;
    assert_eq!(again.status().as_u16(), 409);
    assert_eq!(again.json::<ApiError>().await.unwrap().reason, Some(Reason::AlreadyReported));

    let refusals = [
        (json!({"reason": "other"}), 422, Some(Reason::NoteRequired)),
        (json!({"reason": "other", "note": "x".repeat(501)}), 422, Some(Reason::NoteTooLong { max: 500 })),
        (json!({"reason": "rude"}), 422, None),
    ];
    let other = app.user("Anderer Leser", Role::Reader).await;
    for (body, status, reason) in refusals {
        let refused = report(&app, Some(&other), id, body.clone()).await;
        assert_eq!(refused.status().as_u16(), status, "{body}");
        if reason.is_some() {
            assert_eq!(refused.json::<ApiError>().await.unwrap().reason, reason, "{body}");
        }
    }
    let missing = report(&app, Some(&other), CommentId(9_999), json!({"reason": "spam"})).await;
    assert_eq!(missing.status().as_u16(), 404);

    // Still published (one report of three), and in the reported queue with the report.
    assert_eq!(page(&app).await.items[0].id, id);
    let reported = app
        .send(
            Method::GET,
            &api::moderation_queue(QueueState::Reported, 1, &schrieb_api::QueueFilter::default()),
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(reported.status().as_u16(), 403);
    let reported = queue(&app, &moderator, QueueState::Reported).await;
    assert_eq!(reported.total, 1);
    let item = &reported.items[0];
    assert_eq!((item.comment.id, item.comment.state), (id, CommentState::Published));
    let reports: Vec<_> = item
        .reports
        .iter()
        .map(|r| (r.reporter.display_name.as_str(), r.reason, r.note.as_deref(), r.record))
        .collect();
    assert_eq!(reports, [("Leserin", ReportReason::Abuse, Some("Beleidigt andere."), ReporterRecord::default())]);
    assert_eq!(queue(&app, &moderator, QueueState::Pending).await.total, 0);
}

/// Nobody reports their own comment.
#[tokio::test]
async fn an_author_cannot_report_their_own_comment() {
    let app = app_with(3).await;
    let author = app.user("Verfasser", Role::Reader).await;
    let posted = app
        .post_comment::<schrieb_api::CommentPermalink>(
            SLUG,
            Some(&author),
            &crate::helpers::comment_body("Meins."),
            None,
        )
        .await;
    let refused = report(&app, Some(&author), posted.body.comment.id, json!({"reason": "spam"})).await;
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(refused.json::<ApiError>().await.unwrap().reason, Some(Reason::OwnComment));
}

/// At the threshold the comment is held: gone from the thread and its count, logged with the
/// reports as the reason, in the pending queue with every report; a moderator keeps it, and it
/// is back in its place, the reporters' records counting a dismissal.
#[tokio::test]
async fn enough_reports_hold_a_comment_until_a_moderator_keeps_it() {
    let app = app_with(2).await;
    let readers = [app.user("Erste", Role::Reader).await, app.user("Zweiter", Role::Reader).await];
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let before = page(&app).await;
    let id = before.items[1].id;
    for reader in &readers {
        assert_eq!(report(&app, Some(reader), id, json!({"reason": "spam"})).await.status().as_u16(), 201);
    }

    // Its place stays, empty, as a deleted comment's does: readers see none of it.
    let held = &page(&app).await.items[1];
    assert_eq!((held.id, held.state, held.body.as_str()), (id, CommentState::Pending, ""));
    let article = app.get_json::<Article>(&api::article(&slug(SLUG))).await.body;
    assert_eq!(article.comment_count, 2);
    let permalink = app.get_json::<schrieb_api::CommentPermalink>(&api::comment(id)).await.body;
    assert_eq!((permalink.comment.state, permalink.comment.body.as_str()), (CommentState::Pending, ""));
    let late = app.user("Spät", Role::Reader).await;
    assert_eq!(report(&app, Some(&late), id, json!({"reason": "spam"})).await.status().as_u16(), 404);

    let pending = queue(&app, &moderator, QueueState::Pending).await;
    assert_eq!(pending.items.iter().map(|item| item.comment.id).collect::<Vec<_>>(), [id]);
    assert_eq!(pending.items[0].reports.len(), 2);
    assert_eq!(queue(&app, &moderator, QueueState::Reported).await.total, 0, "held, not merely reported");
    let entries = log(&app, &moderator, id).await.items;
    assert_eq!((entries.len(), entries[0].from, entries[0].to), (1, Some(Standing::Published), Standing::Pending));
    assert!(entries[0].moderator.is_none());
    assert_eq!(entries[0].findings[0].check, Check::Reports { reports: 2, threshold: 2 });

    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 200);
    assert_eq!(
        page(&app).await.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        before.items.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    assert_eq!(app.get_json::<Article>(&api::article(&slug(SLUG))).await.body.comment_count, 3);
    assert_eq!(queue(&app, &moderator, QueueState::Pending).await.total, 0);
    assert_eq!(log(&app, &moderator, id).await.items.len(), 2);

    // The first reporter's next report carries their record: one report dismissed.
    let next = before.items[2].id;
    assert_eq!(report(&app, Some(&readers[0]), next, json!({"reason": "off_topic"})).await.status().as_u16(), 201);
    let reported = queue(&app, &moderator, QueueState::Reported).await;
    assert_eq!(reported.items[0].reports[0].record, ReporterRecord { upheld: 0, dismissed: 1 });
}

/// A moderator removes a reported comment: readers lose it, its reports are upheld (the
/// reporter's record says so), the log has its one row, and a second moderator learns who
/// decided. Keeping one settles its reports without a log row, and a later decision about it
/// is refused, naming who kept it.
#[tokio::test]
async fn removing_upholds_the_reports_and_keeping_dismisses_them() {
    let app = app_with(5).await;
    let reader = app.user("Melderin", Role::Reader).await;
    let mona = app.user("Mona", Role::Moderator).await;
    let max = app.user("Max", Role::Moderator).await;
    let comments = page(&app).await.items;
    let (removed, kept) = (comments[0].id, comments[1].id);
    for id in [removed, kept] {
        assert_eq!(report(&app, Some(&reader), id, json!({"reason": "misinformation"})).await.status().as_u16(), 201);
    }
    assert_eq!(queue(&app, &mona, QueueState::Reported).await.total, 2);

    assert_eq!(decide(&app, &mona, removed, "reject").await.status().as_u16(), 200);
    let gone = &page(&app).await.items[0];
    assert_eq!((gone.id, gone.state, gone.body.as_str()), (removed, CommentState::Rejected, ""));
    assert_eq!(app.get_json::<Article>(&api::article(&slug(SLUG))).await.body.comment_count, 2);
    let rows: Vec<_> = log(&app, &mona, removed).await.items.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(rows, [(Some(Standing::Published), Standing::Rejected)]);
    let rejected = queue(&app, &mona, QueueState::Rejected).await;
    assert_eq!(rejected.items[0].reports[0].record, ReporterRecord { upheld: 1, dismissed: 0 });

    assert_eq!(decide(&app, &mona, kept, "approve").await.status().as_u16(), 200);
    assert_eq!(page(&app).await.items[1], comments[1]);
    assert!(log(&app, &mona, kept).await.items.is_empty(), "no change of standing, no row");
    assert_eq!(queue(&app, &mona, QueueState::Reported).await.total, 0);
    let late = decide(&app, &max, kept, "reject").await;
    assert_eq!(late.status().as_u16(), 409);
    let conflict: ApiError = late.json().await.unwrap();
    assert_eq!(
        conflict.reason,
        Some(Reason::AlreadyDecided { moderator: Some("Mona".into()), state: CommentState::Published })
    );
}

/// A decision names the open reports the moderator read: one that came since is read first
/// (409), not settled unread. Approving a removed comment after all turns its upheld reports
/// into dismissed ones.
#[tokio::test]
async fn a_report_since_the_moderator_read_is_not_settled_unread() {
    let app = app_with(5).await;
    let readers = [app.user("Erste", Role::Reader).await, app.user("Zweite", Role::Reader).await];
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = page(&app).await.items[0].id;
    assert_eq!(report(&app, Some(&readers[0]), id, json!({"reason": "spam"})).await.status().as_u16(), 201);
    let seen = queue(&app, &moderator, QueueState::Reported).await.items[0].open_reports;
    assert_eq!(seen, 1);
    assert_eq!(report(&app, Some(&readers[1]), id, json!({"reason": "abuse"})).await.status().as_u16(), 201);

    let path = api::moderation_decision(id);
    let decide_seen = |action: &'static str, state: &'static str, reports: u32| {
        let body = json!({"action": action, "state": state, "edit_count": 0, "reports": reports});
        app.send(Method::POST, &path, Some(&moderator), Some(body))
    };
    let stale = decide_seen("reject", "published", seen).await;
    assert_eq!(stale.status().as_u16(), 409);
    assert_eq!(stale.json::<ApiError>().await.unwrap().reason, Some(Reason::ReportedSinceSeen { reports: 2 }));
    assert_eq!(decide_seen("reject", "published", 2).await.status().as_u16(), 200);

    // On second thought: approved, and both reporters' reports count as dismissed.
    assert_eq!(decide_seen("approve", "rejected", 0).await.status().as_u16(), 200);
    let next = page(&app).await.items[1].id;
    for reader in &readers {
        assert_eq!(report(&app, Some(reader), next, json!({"reason": "spam"})).await.status().as_u16(), 201);
    }
    let records: Vec<_> =
        queue(&app, &moderator, QueueState::Reported).await.items[0].reports.iter().map(|r| r.record).collect();
    assert_eq!(records, [ReporterRecord { upheld: 0, dismissed: 1 }; 2]);
}

/// A body readers saw stays in the public history, even when it was replaced while reports
/// held the comment.
#[tokio::test]
async fn a_body_readers_saw_stays_in_the_history_of_a_held_comment() {
    let app = app_with(1).await;
    let author = app.user("Verfasser", Role::Reader).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let id = app.posted(SLUG, &author, "Erste, gelesene Fassung.").await.comment.id;
    assert_eq!(report(&app, Some(&reader), id, json!({"reason": "off_topic"})).await.status().as_u16(), 201);
    let edited = app.edit_comment::<schrieb_api::CommentPermalink>(id, Some(&author), "Zweite Fassung.").await;
    assert_eq!((edited.status, edited.body.comment.state), (200, CommentState::Pending));
    assert_eq!(decide(&app, &moderator, id, "approve").await.status().as_u16(), 200);
    let history: schrieb_api::RevisionHistory = app.get_json(&api::comment_revisions(id)).await.body;
    let bodies: Vec<&str> = history.revisions.iter().map(|r| r.body.as_str()).collect();
    assert_eq!(bodies, ["Erste, gelesene Fassung.", "Zweite Fassung."]);
}

/// A deleted comment leaves the reported queue with its reports settled: withdrawn (counted
/// for nobody) when its author deleted it, upheld when a moderator did.
#[tokio::test]
async fn deleting_a_reported_comment_settles_its_reports() {
    let app = app_with(5).await;
    let author = app.user("Verfasserin", Role::Reader).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let own = app.posted(SLUG, &author, "Lösche ich gleich selbst.").await.comment.id;
    let other = app.posted(SLUG, &author, "Löscht die Moderation.").await.comment.id;
    for id in [own, other] {
        assert_eq!(report(&app, Some(&reader), id, json!({"reason": "spam"})).await.status().as_u16(), 201);
    }
    assert_eq!(queue(&app, &moderator, QueueState::Reported).await.total, 2);
    assert_eq!(app.delete_comment(own, Some(&author)).await.status().as_u16(), 204);
    assert_eq!(app.delete_comment(other, Some(&moderator)).await.status().as_u16(), 204);
    assert_eq!(queue(&app, &moderator, QueueState::Reported).await.total, 0);
    // Settled, not merely hidden: restored, it is not back in the queue.
    let restored = app.send(Method::POST, &api::comment_restore(own), Some(&moderator), None).await;
    assert_eq!(restored.status().as_u16(), 200);
    assert_eq!(queue(&app, &moderator, QueueState::Reported).await.total, 0);

    // The reader's record: one upheld (the moderator's), the withdrawn one not counted.
    let next = page(&app).await.items[0].id;
    assert_eq!(report(&app, Some(&reader), next, json!({"reason": "spam"})).await.status().as_u16(), 201);
    let record = queue(&app, &moderator, QueueState::Reported).await.items[0].reports[0].record;
    assert_eq!(record, ReporterRecord { upheld: 1, dismissed: 0 });
}
