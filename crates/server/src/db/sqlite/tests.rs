//! The SQLite repository against a real database file.

use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, CommentState, MentionRef, PageNumber, Slug, UserId};

use super::comments::PAGE_QUERY;
use super::*;
use crate::db::{
    ArticleKey, ArticleStore, CommentEdit, CommentStore, HeldFor, NewArticle, NewComment, NewQuote, RevisionStore,
    SiteStore, SourceNow, StoredQuote, UserStore,
};

mod drafts;
mod sites;
mod suggestions;

async fn repository() -> (tempfile::TempDir, SqliteRepository) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let repository = SqliteRepository::connect(path.to_str().unwrap()).await.unwrap();
    (dir, repository)
}

/// The thread query must stay an index range scan, whatever the page: that is what keeps
/// page 5,000 of a 100,000-comment thread as fast as page 1.
#[tokio::test]
async fn comment_page_query_uses_the_position_index() {
    let (_dir, repository) = repository().await;
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {}", *PAGE_QUERY))
        .bind(1)
        .bind(1)
        .bind(20)
        .fetch_all(repository.pool())
        .await
        .unwrap();
    let details: Vec<&str> = plan.iter().map(|row| row.3.as_str()).collect();
    assert!(
        details.iter().any(|d| d.contains("comments_article_position") && d.contains("position>? AND position<?")),
        "{details:?}"
    );
    assert!(!details.iter().any(|d| d.contains("TEMP B-TREE")), "sorts instead of reading in order: {details:?}");
}

/// Article `a` by "Martin", who is also the returned user.
async fn article(repository: &SqliteRepository, now: DateTime<Utc>) -> (ArticleKey, UserId) {
    let site = repository.ensure_site("test", now).await.unwrap();
    let author = repository.ensure_user("Martin", now).await.unwrap();
    let key = repository
        .insert_article(&NewArticle {
            site_id: site,
            slug: Slug::parse("a").unwrap(),
            lang: "de".into(),
            title: "A".into(),
            author: "B".into(),
            published_at: now,
            canonical_url: "https://example.org/a".into(),
            body: "text".into(),
            note: None,
        })
        .await
        .unwrap();
    (key, author)
}

fn new_comment(author: UserId, body: &str, now: DateTime<Utc>) -> NewComment {
    NewComment {
        author_id: author,
        body: body.into(),
        created_at: now,
        edited_at: None,
        earlier: vec![],
        quotes: vec![],
        mentions: vec![],
        guest_name: None,
        state: CommentState::Published,
        findings: vec![],
    }
}

/// Appends `body` (with no quotes or mentions) as `author`.
async fn post(repository: &SqliteRepository, key: ArticleKey, author: UserId, body: &str) -> CommentId {
    repository.append_comments(key, &[new_comment(author, body, Utc::now())]).await.unwrap()[0].id
}

/// The comments of page 1 of article `a`, and their quotes as stored.
async fn first_page(repository: &SqliteRepository) -> (Vec<schrieb_api::Comment>, Vec<StoredQuote>) {
    let found =
        repository.thread_page(&Slug::parse("a").unwrap(), PageNumber::FIRST, HeldFor::Nobody).await.unwrap().unwrap();
    (found.read.items, found.quotes)
}

/// The database keeps quotes as they were checked and reads them back with their source as it
/// is now (its body only once it changed); how each stands is for the quoting rules to say.
#[tokio::test]
async fn quotes_come_back_as_stored_with_their_source_as_it_is_now() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, martin) = article(&repository, now).await;
    let source = post(&repository, key, martin, "Die Lizenz bleibt frei.").await;
    let quotes = vec![
        NewQuote { source, source_revision: 1, text: "Die Lizenz".into(), verified: true },
        NewQuote { source: CommentId(999), source_revision: 1, text: "Nirgends".into(), verified: false },
    ];
    let quoting = NewComment { quotes, ..new_comment(martin, "zitiert", now) };
    let quote = repository.append_comments(key, &[quoting]).await.unwrap()[0].id;
    let stored = |source_now| StoredQuote {
        comment: quote,
        source,
        verified: true,
        quoted_revision: 1,
        text: "Die Lizenz".into(),
        source_now,
    };
    let missing = StoredQuote {
        comment: quote,
        source: CommentId(999),
        verified: false,
        quoted_revision: 1,
        text: "Nirgends".into(),
        source_now: None,
    };

    let (comments, quotes) = first_page(&repository).await;
    assert!(comments.iter().all(|comment| comment.quotes.is_empty()), "no status is decided here");
    let unchanged = SourceNow { deleted: false, revision: 1, body: None };
    assert_eq!(quotes, [stored(Some(unchanged.clone())), missing.clone()]);

    let edit = CommentEdit {
        body: "Ich habe mich geirrt.".into(),
        at: now,
        quotes: vec![],
        mentions: vec![],
        findings: vec![],
        hold: false,
    };
    assert!(repository.edit_comment(source, &edit).await.unwrap());
    let edited = SourceNow { deleted: false, revision: 2, body: Some("Ich habe mich geirrt.".into()) };
    assert_eq!(first_page(&repository).await.1, [stored(Some(edited.clone())), missing.clone()]);
    let permalink = repository.permalink(quote).await.unwrap().unwrap();
    assert_eq!(permalink.quotes, [stored(Some(edited.clone())), missing]);

    assert!(repository.delete_comment(source, martin).await.unwrap());
    let deleted = SourceNow { deleted: true, ..edited };
    assert_eq!(first_page(&repository).await.1[0], stored(Some(deleted)));
    assert!(repository.delete_comment(quote, martin).await.unwrap());
    assert_eq!(first_page(&repository).await.1, [], "a deleted comment's quotes are gone with its body");
}

#[tokio::test]
async fn mentions_resolve_to_accounts_and_edits_keep_revisions() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, martin) = article(&repository, now).await;
    let holle = repository.ensure_user("Frau Holle", now).await.unwrap();
    let body = "@\"frau holle\" und @martin, aber nicht @niemand";
    let mentions = repository.users_named(&["frau holle".into(), "martin".into(), "niemand".into()]).await.unwrap();
    assert_eq!(
        mentions,
        [MentionRef { name: "frau holle".into(), user: holle }, MentionRef { name: "martin".into(), user: martin }]
    );
    let id =
        repository.append_comments(key, &[NewComment { mentions, ..new_comment(martin, body, now) }]).await.unwrap()[0]
            .id;
    let comment = repository.permalink(id).await.unwrap().unwrap().read.comment;
    assert_eq!(comment.mentioned("Frau Holle"), Some(holle));
    assert_eq!(comment.mentioned("martin"), Some(martin));
    assert_eq!(comment.mentioned("niemand"), None);
    assert_eq!(comment.mentions.len(), 2);

    let later = now + chrono::Duration::minutes(5);
    let edit = CommentEdit {
        body: "zweite Fassung".into(),
        at: later,
        quotes: vec![],
        mentions: vec![],
        findings: vec![],
        hold: false,
    };
    assert!(repository.edit_comment(id, &edit).await.unwrap());
    assert!(!repository.edit_comment(CommentId(999), &edit).await.unwrap());
    let comment = repository.permalink(id).await.unwrap().unwrap().read.comment;
    assert_eq!(
        (comment.edit_count, comment.edited_at.map(|t| t.timestamp_millis())),
        (1, Some(later.timestamp_millis()))
    );
    assert!(comment.mentions.is_empty(), "the edit's mentions replace the old ones");
    let history = repository.revisions(id).await.unwrap().unwrap().history;
    let bodies: Vec<(u32, &str)> = history.revisions.iter().map(|r| (r.number, r.body.as_str())).collect();
    assert_eq!(bodies, [(1, "@\"frau holle\" und @martin, aber nicht @niemand"), (2, "zweite Fassung")]);
    assert!(repository.revisions(CommentId(999)).await.unwrap().is_none());
}

#[tokio::test]
async fn appending_numbers_positions_and_counts() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, author) = article(&repository, now).await;
    assert_eq!(repository.ensure_user("MARTIN", now).await.unwrap(), author);
    let comment = |body: &str| new_comment(author, body, now);
    let batch: Vec<NewComment> = (0..25).map(|i| comment(&format!("c{i}"))).collect();
    repository.append_comments(key, &batch).await.unwrap();
    repository.append_comments(key, &[comment("last")]).await.unwrap();
    let page = repository
        .thread_page(&Slug::parse("a").unwrap(), PageNumber::new(2).unwrap(), HeldFor::Nobody)
        .await
        .unwrap()
        .unwrap()
        .read;
    assert_eq!((page.total, page.pages, page.items.len()), (26, 2, 6));
    assert_eq!(page.items[0].position, Some(21));
    assert_eq!(page.items[5].body, "last");
    assert_eq!(repository.list_articles().await.unwrap()[0].comment_count, 26);
    let missing = repository.thread_page(&Slug::parse("b").unwrap(), PageNumber::FIRST, HeldFor::Nobody).await.unwrap();
    assert!(missing.is_none());
}

/// The moderation log is appended to and never changed: the database refuses it.
#[tokio::test]
async fn the_moderation_log_refuses_changes() {
    let (_dir, repository) = repository().await;
    let (key, author) = article(&repository, Utc::now()).await;
    let held =
        NewComment { state: CommentState::Pending, findings: vec![], ..new_comment(author, "wartet", Utc::now()) };
    let id = repository.append_comments(key, &[held]).await.unwrap()[0].id;
    assert_eq!(id.0, 1);
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM moderation_log").fetch_one(repository.pool()).await.unwrap();
    assert_eq!(rows, 1, "the hold is logged");
    let update = sqlx::query("UPDATE moderation_log SET reason = 'anders'").execute(repository.pool()).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM moderation_log").execute(repository.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

/// The moderation queues read the partial indexes of comments that are not published or are
/// reported, never the whole table of published ones: their pages cost the same with millions
/// of comments. The same
/// body elsewhere is one range of the body-hash index, however much its author wrote.
#[tokio::test]
async fn the_queue_queries_use_the_index_of_held_comments() {
    let (_dir, repository) = repository().await;
    use super::moderation::{
        QUEUE_COUNT, QUEUE_MOST_REPORTED, QUEUE_QUERY, REPORTED_COUNT, REPORTED_MOST_REPORTED, REPORTED_QUERY,
        SAME_BODY_QUERY,
    };
    let queues =
        [QUEUE_COUNT, QUEUE_QUERY, QUEUE_MOST_REPORTED, REPORTED_COUNT, REPORTED_QUERY, REPORTED_MOST_REPORTED];
    for query in queues {
        // Filtered or not: the filters narrow the index's range, they do not replace it.
        for (article, author, reason) in [(None, None, None), (Some("a"), Some(1), Some("words"))] {
            let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {query}"))
                .bind(article)
                .bind(author)
                .bind(reason)
                .bind(20)
                .bind(0)
                .bind("pending")
                .fetch_all(repository.pool())
                .await
                .unwrap();
            let steps: Vec<&str> = plan.iter().map(|(_, _, _, detail)| detail.as_str()).collect();
            let reported = query.contains("open_reports > 0 AND status = 'published'");
            let index = if reported { "comments_reported" } else { "comments_status" };
            assert!(steps.iter().any(|step| step.contains(index)), "{query}: {steps:?}");
            assert!(!steps.iter().any(|step| *step == "SCAN c" || *step == "SCAN comments"), "{query}: {steps:?}");
        }
    }
    for query in [SAME_BODY_QUERY] {
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {query}"))
            .bind(1)
            .bind(20)
            .bind(0)
            .bind(1)
            .bind("text")
            .fetch_all(repository.pool())
            .await
            .unwrap();
        let steps: Vec<&str> = plan.iter().map(|(_, _, _, detail)| detail.as_str()).collect();
        let index = "comments_author_body_hash";
        assert!(steps.iter().any(|step| step.contains(index)), "{query}: {steps:?}");
        assert!(!steps.iter().any(|step| *step == "SCAN c" || *step == "SCAN comments"), "{query}: {steps:?}");
    }
}
