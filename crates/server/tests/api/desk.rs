//! The desk's reads through the API: a queue narrowed to one article, author or reason and
//! ordered by reports; the queues' counts; an author's record with moderators' notes.

use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    AccountRecord, ApiError, CommentId, ModerationMode, ModerationQueue, ModerationSettings, ModeratorNote,
    QueueCounts, QueueFilter, QueueReason, QueueSort, QueueState, Reason, Role, UserId,
};
use serde_json::json;

use schrieb_server::settings::Settings;

use crate::helpers::{Answer, TestApp, User, comment_body, slug};

const SITE: &str = "test";

async fn queue(app: &TestApp, moderator: &User, state: QueueState, filter: &QueueFilter) -> ModerationQueue {
    let answer =
        Answer::of(app.send(Method::GET, &api::moderation_queue(state, 1, filter), Some(moderator), None).await).await;
    assert_eq!(answer.status, 200, "{filter:?}");
    answer.body
}

fn bodies(queue: &ModerationQueue) -> Vec<&str> {
    queue.items.iter().map(|item| item.comment.body.as_str()).collect()
}

async fn post(app: &TestApp, article: &str, author: &User, text: &str) -> CommentId {
    let posted =
        app.post_comment::<schrieb_api::CommentPermalink>(article, Some(author), &comment_body(text), None).await;
    assert_eq!(posted.status, 201, "{text}");
    posted.body.comment.id
}

async fn report(app: &TestApp, reader: &User, id: CommentId, reason: &str) {
    let sent = app.send(Method::POST, &api::comment_reports(id), Some(reader), Some(json!({"reason": reason}))).await;
    assert_eq!(sent.status().as_u16(), 201);
}

/// Every comment waits; two articles, two authors, a suspect word: each filter picks what it
/// names, the filters add up, and the count says how many match.
#[tokio::test]
async fn a_queue_narrows_to_an_article_an_author_and_a_reason() {
    let app = TestApp::empty().await;
    app.article_with_comments("erster", 0).await;
    app.article_with_comments("zweiter", 0).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    let words = json!({"words": [{"entry": "werbung", "severity": "suspect"}]});
    let admin = app.user("Admin Anna", Role::Admin).await;
    let set = app.send(Method::PUT, &api::admin_site_words(SITE), Some(&admin), Some(words)).await;
    assert_eq!(set.status().as_u16(), 200);
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let anna = app.user("Anna Leserin", Role::Reader).await;
    let bert = app.user("Bert Leser", Role::Reader).await;
    post(&app, "erster", &anna, "Anna im ersten").await;
    post(&app, "zweiter", &anna, "Anna im zweiten mit Werbung").await;
    post(&app, "erster", &bert, "Bert im ersten mit Werbung").await;

    let all = queue(&app, &moderator, QueueState::Pending, &QueueFilter::default()).await;
    assert_eq!(bodies(&all), ["Anna im ersten", "Anna im zweiten mit Werbung", "Bert im ersten mit Werbung"]);
    let first = QueueFilter { article: Some(slug("erster")), ..QueueFilter::default() };
    let first = queue(&app, &moderator, QueueState::Pending, &first).await;
    assert_eq!((bodies(&first), first.total), (vec!["Anna im ersten", "Bert im ersten mit Werbung"], 2));
    let by_anna = QueueFilter { author: Some(anna.id), ..QueueFilter::default() };
    let by_anna = queue(&app, &moderator, QueueState::Pending, &by_anna).await;
    assert_eq!(bodies(&by_anna), ["Anna im ersten", "Anna im zweiten mit Werbung"]);
    let words = QueueFilter { reason: Some(QueueReason::Words), ..QueueFilter::default() };
    let words = queue(&app, &moderator, QueueState::Pending, &words).await;
    assert_eq!(bodies(&words), ["Anna im zweiten mit Werbung", "Bert im ersten mit Werbung"]);
    let together =
        QueueFilter { article: Some(slug("erster")), reason: Some(QueueReason::Words), ..QueueFilter::default() };
    let together = queue(&app, &moderator, QueueState::Pending, &together).await;
    assert_eq!((bodies(&together), together.total, together.pages), (vec!["Bert im ersten mit Werbung"], 1, 1));
    // Held by the site's mode, not by a honeypot: a check that passed or never ran picks none.
    let honeypot = QueueFilter { reason: Some(QueueReason::Honeypot), ..QueueFilter::default() };
    assert_eq!(queue(&app, &moderator, QueueState::Pending, &honeypot).await.total, 0);
    let mode = QueueFilter { reason: Some(QueueReason::SiteMode), ..QueueFilter::default() };
    assert_eq!(queue(&app, &moderator, QueueState::Pending, &mode).await.total, 3);
    let nowhere = QueueFilter { article: Some(slug("kein-artikel")), ..QueueFilter::default() };
    assert_eq!(queue(&app, &moderator, QueueState::Pending, &nowhere).await.total, 0);

    // Bad filters are told apart from empty ones.
    for query in ["article=Kein%20Slug", "reason=laut", "sort=newest", "author=x"] {
        let path = format!("{}?state=pending&{query}", Endpoint::ModerationQueue.template());
        let refused: Answer<ApiError> = Answer::of(app.send(Method::GET, &path, Some(&moderator), None).await).await;
        assert_eq!(refused.status, 400, "{query}");
    }
}

/// The reported queue by reason and most reported first; the counts follow every change.
#[tokio::test]
async fn the_reported_queue_sorts_by_reports_and_the_counts_follow() {
    let app = TestApp::empty().await;
    app.article_with_comments("faden", 0).await;
    let settings = ModerationSettings { report_threshold: 10, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let author = app.user("Autorin", Role::Reader).await;
    let once = post(&app, "faden", &author, "einmal gemeldet").await;
    let thrice = post(&app, "faden", &author, "dreimal gemeldet").await;
    let readers = [
        app.user("Leser Eins", Role::Reader).await,
        app.user("Leser Zwei", Role::Reader).await,
        app.user("Leser Drei", Role::Reader).await,
    ];
    report(&app, &readers[0], once, "spam").await;
    for reader in &readers {
        report(&app, reader, thrice, "abuse").await;
    }

    let oldest = queue(&app, &moderator, QueueState::Reported, &QueueFilter::default()).await;
    assert_eq!(bodies(&oldest), ["einmal gemeldet", "dreimal gemeldet"]);
    let most = QueueFilter { sort: QueueSort::MostReported, ..QueueFilter::default() };
    let most = queue(&app, &moderator, QueueState::Reported, &most).await;
    assert_eq!(bodies(&most), ["dreimal gemeldet", "einmal gemeldet"]);
    let spam = QueueFilter { reason: Some(QueueReason::Spam), ..QueueFilter::default() };
    assert_eq!(bodies(&queue(&app, &moderator, QueueState::Reported, &spam).await), ["einmal gemeldet"]);
    let reported = QueueFilter { reason: Some(QueueReason::Reports), ..QueueFilter::default() };
    assert_eq!(queue(&app, &moderator, QueueState::Reported, &reported).await.total, 2);

    let counts = || async {
        let answer: Answer<QueueCounts> =
            Answer::of(app.send(Method::GET, Endpoint::ModerationCounts.template(), Some(&moderator), None).await)
                .await;
        assert_eq!(answer.status, 200);
        answer.body
    };
    assert_eq!(counts().await, QueueCounts { pending: 0, reported: 2, rejected: 0 });
    let body = json!({"action": "reject", "state": "published", "reports": 3});
    let removed = app.send(Method::POST, &api::moderation_decision(thrice), Some(&moderator), Some(body)).await;
    assert_eq!(removed.status().as_u16(), 200);
    assert_eq!(counts().await, QueueCounts { pending: 0, reported: 1, rejected: 1 });
    // Rejected, its reports upheld: still found by their reason.
    let abuse = QueueFilter { reason: Some(QueueReason::Abuse), ..QueueFilter::default() };
    assert_eq!(bodies(&queue(&app, &moderator, QueueState::Rejected, &abuse).await), ["dreimal gemeldet"]);
}

/// An author's record counts where their comments stand and carries the sanction and
/// moderators' notes, newest first; a queue item of theirs carries it too.
#[tokio::test]
async fn an_authors_record_carries_counts_sanction_and_notes() {
    let app = TestApp::empty().await;
    app.article_with_comments("faden", 0).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let author = app.user("Autorin", Role::Reader).await;
    post(&app, "faden", &author, "veröffentlicht").await;
    let premoderate = json!({"kind": "premoderate", "reason": "Erst prüfen."});
    let set = app.send(Method::PUT, &api::moderation_sanction(author.id), Some(&moderator), Some(premoderate)).await;
    assert_eq!(set.status().as_u16(), 200);
    post(&app, "faden", &author, "wartet").await;

    let note = |text: &str| json!({"body": text});
    let added =
        app.send(Method::POST, &api::moderation_notes(author.id), Some(&moderator), Some(note("  Erste Notiz "))).await;
    assert_eq!(added.status().as_u16(), 201);
    let added: ModeratorNote = added.json().await.unwrap();
    assert_eq!((added.body.as_str(), added.moderator.id), ("Erste Notiz", moderator.id));
    let second =
        app.send(Method::POST, &api::moderation_notes(author.id), Some(&moderator), Some(note("Zweite"))).await;
    assert_eq!(second.status().as_u16(), 201);
    for (body, reason) in
        [(note(" "), Reason::NoteRequired), (note(&"x".repeat(1001)), Reason::NoteTooLong { max: 1000 })]
    {
        let refused = app.send(Method::POST, &api::moderation_notes(author.id), Some(&moderator), Some(body)).await;
        assert_eq!(refused.status().as_u16(), 422);
        assert_eq!(refused.json::<ApiError>().await.unwrap().reason, Some(reason));
    }
    let nobody = app.send(Method::POST, &api::moderation_notes(UserId(9_999)), Some(&moderator), Some(note("?"))).await;
    assert_eq!(nobody.status().as_u16(), 404);

    let record: Answer<AccountRecord> =
        Answer::of(app.send(Method::GET, &api::moderation_user(author.id), Some(&moderator), None).await).await;
    assert_eq!(record.status, 200);
    let record = record.body;
    assert_eq!((record.published, record.pending, record.rejected), (1, 1, 0));
    assert_eq!(record.sanction.map(|sanction| sanction.kind), Some(schrieb_api::SanctionKind::Premoderate));
    let notes: Vec<&str> = record.notes.iter().map(|note| note.body.as_str()).collect();
    assert_eq!(notes, ["Zweite", "Erste Notiz"]);
    let missing = app.send(Method::GET, &api::moderation_user(UserId(9_999)), Some(&moderator), None).await;
    assert_eq!(missing.status().as_u16(), 404);

    let pending = queue(&app, &moderator, QueueState::Pending, &QueueFilter::default()).await;
    let item = &pending.items[0];
    assert_eq!(item.record.as_ref().map(|record| record.notes.len()), Some(2));
    // Notes on a moderator are for the others: their own record comes without them.
    let colleague = app.user("Kollegin", Role::Moderator).await;
    let on_colleague =
        app.send(Method::POST, &api::moderation_notes(colleague.id), Some(&moderator), Some(note("Neu im Team"))).await;
    assert_eq!(on_colleague.status().as_u16(), 201);
    let read = |who: &User| {
        let who = who.clone();
        let app = &app;
        let path = api::moderation_user(colleague.id);
        async move {
            Answer::<AccountRecord>::of(app.send(Method::GET, &path, Some(&who), None).await).await.body.notes.len()
        }
    };
    assert_eq!((read(&moderator).await, read(&colleague).await), (1, 0));
    // The author never reads what moderators note.
    let own = app.me::<serde_json::Value>(&author).await.body.to_string();
    assert!(!own.contains("Erste Notiz"), "{own}");
    let profile = app.get(&api::user(author.id)).await.text().await.unwrap();
    assert!(!profile.contains("Erste Notiz"), "{profile}");
}

/// "Edit and approve": the moderator's body is published, the author's never reaches readers
/// (not even in the history); a body that breaks a rule or a stale read decides nothing.
#[tokio::test]
async fn a_moderator_edits_a_held_comment_and_approves_it() {
    let app = TestApp::empty().await;
    app.article_with_comments("faden", 0).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let author = app.user("Autorin", Role::Reader).await;
    let id = post(&app, "faden", &author, "Guter Punkt, aber du Vollpfosten.").await;
    let path = api::moderation_decision(id);
    let decide = |body: serde_json::Value| app.send(Method::POST, &path, Some(&moderator), Some(body));

    let empty = decide(json!({"action": "approve", "state": "pending", "edit_count": 0, "body": "  "})).await;
    assert_eq!(empty.status().as_u16(), 422);
    assert_eq!(empty.json::<ApiError>().await.unwrap().reason, Some(Reason::CommentEmpty));
    let stale = decide(json!({"action": "approve", "state": "pending", "edit_count": 3, "body": "Guter Punkt."})).await;
    assert_eq!(stale.status().as_u16(), 409);
    assert_eq!(stale.json::<ApiError>().await.unwrap().reason, Some(Reason::EditedSinceSeen { edit_count: 0 }));
    let still = queue(&app, &moderator, QueueState::Pending, &QueueFilter::default()).await;
    assert_eq!(bodies(&still), ["Guter Punkt, aber du Vollpfosten."]);

    let approved =
        decide(json!({"action": "approve", "state": "pending", "edit_count": 0, "body": "Guter Punkt."})).await;
    assert_eq!(approved.status().as_u16(), 200);
    let approved: schrieb_api::CommentPermalink = approved.json().await.unwrap();
    assert_eq!(approved.comment.body, "Guter Punkt.");
    assert_eq!(approved.comment.state, schrieb_api::CommentState::Published);
    assert!(approved.comment.position.is_some());
    // Readers read the edited body, and no history of the other.
    let public = app.get(&api::comment(id)).await.text().await.unwrap();
    assert!(public.contains("Guter Punkt.") && !public.contains("Vollpfosten"), "{public}");
    let history = app.get(&api::comment_revisions(id)).await.text().await.unwrap();
    assert!(!history.contains("Vollpfosten"), "{history}");
    let log: schrieb_api::ModerationLog =
        Answer::of(app.send(Method::GET, &api::moderation_log(Some(id)), Some(&moderator), None).await).await.body;
    assert_eq!(log.items.len(), 2, "held, then approved: {log:?}");
}

async fn finished(app: &TestApp, moderator: &User, job: &schrieb_api::Job) -> schrieb_api::Job {
    for _ in 0..200 {
        let read: Answer<schrieb_api::Job> =
            Answer::of(app.send(Method::GET, &api::moderation_job(job.id), Some(moderator), None).await).await;
        assert_eq!(read.status, 200);
        if read.body.state == schrieb_api::JobState::Finished {
            return read.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("job {:?} did not finish", job.id);
}

/// "Reject all that match": the job fixes the comments the filter picks when it starts,
/// decides each (one log line each), and says how far it is; a selection decides only what it
/// names; a comment decided meanwhile is skipped.
#[tokio::test]
async fn a_bulk_job_decides_what_the_filter_picks() {
    // 26 comments of one author in a minute: more than the write limit lets through.
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments("faden", 0).await;
    app.article_with_comments("anderer", 0).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let author = app.user("Spammer", Role::Reader).await;
    let mut spam = Vec::new();
    for n in 0..25 {
        spam.push(post(&app, "faden", &author, &format!("Kauft billig Nummer {n}")).await);
    }
    let elsewhere = post(&app, "anderer", &author, "Nicht in diesem Faden").await;

    let start = |body: serde_json::Value, who: &User| {
        let who = who.clone();
        let app = &app;
        async move { app.send(Method::POST, Endpoint::ModerationJobs.template(), Some(&who), Some(body)).await }
    };
    let body = json!({"action": "reject", "reason": "Spamwelle", "state": "pending", "filter": {"article": "faden"}});
    assert_eq!(start(body.clone(), &reader).await.status().as_u16(), 403);
    let too_many = json!({"action": "approve", "state": "pending", "ids": (0..501).collect::<Vec<i64>>()});
    let refused = start(too_many, &moderator).await;
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(refused.json::<ApiError>().await.unwrap().reason, Some(Reason::TooManySelected { max: 500 }));

    let started = start(body, &moderator).await;
    assert_eq!(started.status().as_u16(), 202);
    let job: schrieb_api::Job = started.json().await.unwrap();
    assert_eq!(job.total, 25);
    let job = finished(&app, &moderator, &job).await;
    assert_eq!((job.done, job.skipped), (25, 0));
    assert!(job.finished_at.is_some());
    let rejected = queue(&app, &moderator, QueueState::Rejected, &QueueFilter::default()).await;
    assert_eq!(rejected.total, 25);
    assert!(rejected.items.iter().all(|item| item.comment.state_reason.as_deref() == Some("Spamwelle")));
    let log: schrieb_api::ModerationLog =
        Answer::of(app.send(Method::GET, &api::moderation_log(Some(spam[3])), Some(&moderator), None).await).await.body;
    assert_eq!(log.items.len(), 2, "held, then rejected by the job: {log:?}");
    let pending = queue(&app, &moderator, QueueState::Pending, &QueueFilter::default()).await;
    assert_eq!(bodies(&pending), ["Nicht in diesem Faden"]);

    // A selection: of the rejected, approve two after all; one of them is approved by hand first.
    let by_hand = json!({"action": "approve", "state": "rejected"});
    let approved = app.send(Method::POST, &api::moderation_decision(spam[0]), Some(&moderator), Some(by_hand)).await;
    assert_eq!(approved.status().as_u16(), 200);
    let selection = json!({"action": "approve", "state": "rejected", "ids": [spam[0], spam[1], elsewhere]});
    let job: schrieb_api::Job = start(selection, &moderator).await.json().await.unwrap();
    assert_eq!(job.total, 1, "the one approved by hand and the pending one are not in the rejected queue");
    let job = finished(&app, &moderator, &job).await;
    assert_eq!((job.done, job.skipped), (1, 0));
    assert_eq!(queue(&app, &moderator, QueueState::Rejected, &QueueFilter::default()).await.total, 23);
    // The reported queue too: keeping every reported comment settles their reports.
    let reported = post(&app, "anderer", &moderator, "Von der Moderation, gemeldet").await;
    let report = json!({"reason": "off_topic"});
    let sent = app.send(Method::POST, &api::comment_reports(reported), Some(&reader), Some(report)).await;
    assert_eq!(sent.status().as_u16(), 201);
    let keep = json!({"action": "approve", "state": "reported"});
    let job: schrieb_api::Job = start(keep, &moderator).await.json().await.unwrap();
    let job = finished(&app, &moderator, &job).await;
    assert_eq!((job.total, job.done, job.skipped), (1, 1, 0));
    assert_eq!(queue(&app, &moderator, QueueState::Reported, &QueueFilter::default()).await.total, 0);
    let missing = app.send(Method::GET, &api::moderation_job(schrieb_api::JobId(999)), Some(&moderator), None).await;
    assert_eq!(missing.status().as_u16(), 404);
}

/// A job whose server died mid-way (its claim ran out) is carried on by another server on the
/// same database, from where it was recorded, once; on either store.
#[tokio::test]
async fn a_job_whose_server_died_is_carried_on_by_another() {
    use schrieb_server::domain::moderation::jobs::{JOB_CLAIM, start_job, take_over};
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments("faden", 0).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation(SITE, &settings).await.unwrap());
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let author = app.user("Spammer", Role::Reader).await;
    for n in 0..3 {
        post(&app, "faden", &author, &format!("Kauft billig Nummer {n}")).await;
    }
    let actor = schrieb_api::permissions::Actor { id: moderator.id, role: Role::Moderator };
    let request: schrieb_api::JobRequest =
        serde_json::from_value(json!({"action": "reject", "reason": "Spamwelle", "state": "pending"})).unwrap();
    let now = chrono::Utc::now();
    // The server that started it dies before it decides anything: its run is dropped.
    let (job, run) = start_job(app.repository.as_ref(), actor, &request, now).await.unwrap();
    drop(run);
    let other = app.beside().await;
    assert!(take_over(other.repository.as_ref(), now).await.unwrap().is_none(), "held while its claim lasts");
    let later = now + JOB_CLAIM + chrono::Duration::seconds(1);
    let (a, b) = tokio::join!(take_over(other.repository.as_ref(), later), take_over(app.repository.as_ref(), later));
    let runs: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(runs.len(), 1, "taken over once");
    for run in runs {
        run.run(other.repository.as_ref()).await;
    }
    let job = finished(&app, &moderator, &job).await;
    assert_eq!((job.total, job.done, job.skipped), (3, 3, 0));
    assert_eq!(queue(&app, &moderator, QueueState::Rejected, &QueueFilter::default()).await.total, 3);
}
