//! Verified quotes, mentions and revision histories as the API reports them for the demo thread.

use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{ChangeKind, Comment, CommentId, ErrorKind, QuoteStatus, RevisionHistory};

use crate::helpers::{TestApp, raw_path};

async fn thread(app: &TestApp) -> Vec<Comment> {
    let mut comments = Vec::new();
    for page in ["1", "2", "3"] {
        comments.extend(app.comment_page("pergola-lizenzwechsel", page).await.items);
    }
    comments
}

#[tokio::test]
async fn a_quote_of_a_comment_edited_afterwards_is_marked_edited_and_the_rest_verified() {
    let app = TestApp::with_demo().await;
    let comments = thread(&app).await;
    let quoting = comments.iter().find(|c| c.position == Some(45)).unwrap();
    let source = comments.iter().find(|c| c.position == Some(44)).unwrap();
    assert_eq!(quoting.quotes.len(), 1);
    let check = &quoting.quotes[0];
    assert_eq!((check.source, check.revision, check.status), (source.id, 1, QuoteStatus::Edited));
    assert_eq!(source.edit_count, 1);

    // Every other quote checks out; nested quotes are not listed (they belong to the quoted comment).
    let others: Vec<_> = comments.iter().filter(|c| c.position != Some(45)).flat_map(|c| &c.quotes).collect();
    assert!(others.len() >= 15);
    assert!(others.iter().all(|q| q.status == QuoteStatus::Verified), "{others:?}");
    let nested = comments.iter().find(|c| c.body.starts_with(&format!("[quote={} ", comments[9].id))).unwrap();
    let outer_quotes = schrieb_markup::parse(&nested.body).quotes().into_iter().filter(|q| !q.nested).count();
    assert_eq!(nested.quotes.len(), outer_quotes);
}

#[tokio::test]
async fn mentions_name_their_accounts_on_the_wire() {
    let app = TestApp::with_demo().await;
    let comments = thread(&app).await;
    let otto = comments.iter().find(|c| c.author.display_name == "Onkel Otto").unwrap().author.id;
    let reply = comments.iter().find(|c| c.position == Some(45)).unwrap();
    assert_eq!(reply.mentioned("Onkel Otto"), Some(otto));
}

#[tokio::test]
async fn the_revision_history_lists_every_body_with_word_changes() {
    let app = TestApp::with_demo().await;
    let comments = thread(&app).await;
    let source = comments.iter().find(|c| c.position == Some(44)).unwrap();
    let answer = app.get_json::<RevisionHistory>(&api::comment_revisions(source.id)).await;
    assert_eq!(answer.status, 200);
    let history = answer.body;
    assert_eq!((history.comment, history.page, history.deleted), (source.id, 3, false));
    assert_eq!(history.article_slug.as_str(), "pergola-lizenzwechsel");
    let numbers: Vec<u32> = history.revisions.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2]);
    assert!(history.revisions[0].body.contains("FTP-Server"));
    assert_eq!(history.revisions[1].body, source.body);
    assert!(history.revisions[0].changes.is_empty());
    let removed: String = history.revisions[1]
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Removed)
        .map(|c| c.text.as_str())
        .collect();
    assert!(removed.contains("FTP-Server"), "{removed}");
    assert!(history.revisions[0].written_at < history.revisions[1].written_at);

    let unedited = comments.iter().find(|c| c.edit_count == 0).unwrap();
    let single = app.get_json::<RevisionHistory>(&api::comment_revisions(unedited.id)).await.body;
    assert_eq!(single.revisions.len(), 1);

    let missing = app.error(&api::comment_revisions(CommentId(999_999))).await;
    assert_eq!((missing.status, missing.body.error), (404, ErrorKind::NotFound));
    let malformed = app.error(&raw_path(Endpoint::CommentRevisions, &["abc"])).await;
    assert_eq!((malformed.status, malformed.body.error), (400, ErrorKind::BadRequest));
}
