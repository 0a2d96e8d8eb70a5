//! The quoting rules: the status of a stored quote alone, and checking and reading quotes
//! against a real database.

use chrono::Utc;
use schrieb_api::{CommentId, CommentState, PageNumber, QuoteCheck, QuoteStatus, Slug, UserId};

use super::*;
use crate::db::sqlite::SqliteRepository;
use crate::db::{ArticleKey, CommentEdit, CommentStore, NewComment, RevisionStore, SourceNow, UserStore};
use crate::domain::moderation::visibility::Viewer;
use crate::domain::testing::World;

fn stored(verified: bool, quoted_revision: u32, source_now: Option<SourceNow>) -> StoredQuote {
    StoredQuote {
        comment: CommentId(2),
        source: CommentId(1),
        verified,
        quoted_revision,
        text: "die Lizenz bleibt".into(),
        source_now,
    }
}

fn now(deleted: bool, revision: u32, body: Option<&str>) -> Option<SourceNow> {
    Some(SourceNow { deleted, revision, body: body.map(str::to_owned) })
}

#[test]
fn unchanged_sources_verify() {
    assert_eq!(status(&stored(true, 1, now(false, 1, None))), QuoteStatus::Verified);
}

#[test]
fn an_edit_that_keeps_the_words_still_verifies() {
    let source = now(false, 2, Some("Ich glaube, **die Lizenz** bleibt, sagt sie."));
    assert_eq!(status(&stored(true, 1, source)), QuoteStatus::Verified);
}

#[test]
fn an_edit_that_removes_the_words_marks_the_quote_edited() {
    let source = now(false, 3, Some("Ich habe mich geirrt."));
    assert_eq!(status(&stored(true, 1, source)), QuoteStatus::Edited);
}

#[test]
fn deleted_sources_say_so_whatever_else_holds() {
    assert_eq!(status(&stored(true, 1, now(true, 1, None))), QuoteStatus::Deleted);
    assert_eq!(status(&stored(false, 1, now(true, 1, None))), QuoteStatus::Deleted);
    assert_eq!(status(&stored(true, 1, None)), QuoteStatus::Deleted);
}

#[test]
fn imported_quotes_that_did_not_check_out_stay_unverified() {
    assert_eq!(status(&stored(false, 1, now(false, 1, None))), QuoteStatus::Unverified);
    assert_eq!(status(&stored(false, 1, None)), QuoteStatus::Unverified);
}

/// The domain tests' fresh database with article `a`, and "Martin" to write in it.
async fn thread() -> (World, SqliteRepository, ArticleKey, UserId) {
    let world = World::new().await;
    let martin = world.store.ensure_user("Martin", Utc::now()).await.unwrap();
    let (repository, key) = (world.store.clone(), world.article);
    (world, repository, key, martin)
}

fn new_comment(author: UserId, body: &str, quotes: Vec<NewQuote>) -> NewComment {
    NewComment {
        author_id: author,
        body: body.into(),
        created_at: Utc::now(),
        edited_at: None,
        earlier: vec![],
        quotes,
        mentions: vec![],
        guest_name: None,
        state: CommentState::Published,
        findings: vec![],
    }
}

/// Posts `body` as `author` with its quotes checked strictly, as the server does.
async fn post(repository: &SqliteRepository, key: ArticleKey, author: UserId, body: &str) -> CommentId {
    let quotes = check_quotes(repository, &schrieb_markup::parse(body), QuotePolicy::Strict).await.unwrap();
    repository.append_comments(key, &[new_comment(author, body, quotes)]).await.unwrap()[0].id
}

async fn first_page(repository: &SqliteRepository) -> Vec<schrieb_api::Comment> {
    repository.comment_page(&Slug::parse("a").unwrap(), PageNumber::FIRST, Viewer::Anyone).await.unwrap().unwrap().items
}

#[tokio::test]
async fn quotes_are_verified_on_save_and_their_status_follows_the_source() {
    let (_world, repository, key, martin) = thread().await;
    let source = post(&repository, key, martin, "Die Lizenz bleibt **frei**, versprochen.").await;
    let quoting = format!("[quote={} author=\"martin\"]\nDie Lizenz bleibt frei\n[/quote]\n\nSchön wär's.", source.0);
    let quote = post(&repository, key, martin, &quoting).await;
    let check = |comments: &[schrieb_api::Comment]| comments.iter().find(|c| c.id == quote).unwrap().quotes.clone();
    assert_eq!(
        check(&first_page(&repository).await),
        [QuoteCheck { source, revision: 1, status: QuoteStatus::Verified }]
    );

    // An edit that keeps the words keeps the quote verified; one that drops them does not.
    let edit = |body: &str| CommentEdit {
        body: body.into(),
        at: Utc::now(),
        quotes: vec![],
        mentions: vec![],
        findings: vec![],
        hold: false,
    };
    assert!(repository.edit_comment(source, &edit("Die Lizenz bleibt frei. Nachtrag: wirklich.")).await.unwrap());
    assert_eq!(check(&first_page(&repository).await)[0].status, QuoteStatus::Verified);
    assert!(repository.edit_comment(source, &edit("Ich habe mich geirrt.")).await.unwrap());
    assert_eq!(
        check(&first_page(&repository).await),
        [QuoteCheck { source, revision: 1, status: QuoteStatus::Edited }]
    );
    let permalink = repository.find_comment(quote, Viewer::Anyone).await.unwrap().unwrap();
    assert_eq!(permalink.comment.quotes[0].status, QuoteStatus::Edited, "permalinks carry the check too");

    // Quoting the source as it reads now records its current revision.
    let again =
        post(&repository, key, martin, &format!("[quote={} author=\"Martin\"]\ngeirrt\n[/quote]", source.0)).await;
    let page = first_page(&repository).await;
    assert_eq!(page.iter().find(|c| c.id == again).unwrap().quotes[0].revision, 3);

    assert!(repository.delete_comment(source, martin).await.unwrap());
    assert_eq!(check(&first_page(&repository).await)[0].status, QuoteStatus::Deleted);
}

#[tokio::test]
async fn quotes_that_do_not_check_out_are_refused_or_imported_as_unverified() {
    let (_world, repository, key, martin) = thread().await;
    let source = post(&repository, key, martin, "Original.").await;
    let refuse = |body: String| {
        let repository = repository.clone();
        async move {
            check_quotes(&repository, &schrieb_markup::parse(&body), QuotePolicy::Strict).await.unwrap_err().to_string()
        }
    };
    let wrong_words = refuse(format!("[quote={} author=\"Martin\"]\nGefälscht.\n[/quote]", source.0)).await;
    assert!(wrong_words.contains("does not contain"), "{wrong_words}");
    let wrong_author = refuse(format!("[quote={} author=\"Mallory\"]\nOriginal.\n[/quote]", source.0)).await;
    assert!(wrong_author.contains("“Martin” wrote it"), "{wrong_author}");
    let missing = refuse("[quote=999 author=\"Martin\"]\nOriginal.\n[/quote]".into()).await;
    assert!(missing.contains("does not exist"), "{missing}");

    let document = schrieb_markup::parse(&format!("[quote={} author=\"Martin\"]\nGefälscht.\n[/quote]", source.0));
    let imported = check_quotes(&repository, &document, QuotePolicy::Import).await.unwrap();
    assert!(!imported[0].verified);
    let id = repository.append_comments(key, &[new_comment(martin, "imported", imported)]).await.unwrap()[0].id;
    let page = first_page(&repository).await;
    assert_eq!(page.iter().find(|c| c.id == id).unwrap().quotes[0].status, QuoteStatus::Unverified);
}
