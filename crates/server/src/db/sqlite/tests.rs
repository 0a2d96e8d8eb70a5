//! The SQLite repository against a real database file.

use schrieb_api::{QuoteCheck, QuoteStatus};

use super::*;
use crate::quoting::QuotePolicy;

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
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {PAGE_QUERY}"))
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
    }
}

/// Posts `body` as `author` the way the server does: quotes checked, mentions resolved.
async fn post(repository: &SqliteRepository, key: ArticleKey, author: UserId, body: &str) -> CommentId {
    let document = schrieb_markup::parse(body);
    let refs = crate::posting::references(repository, &document, QuotePolicy::Strict).await.unwrap();
    let comment = NewComment { quotes: refs.quotes, mentions: refs.mentions, ..new_comment(author, body, Utc::now()) };
    repository.append_comments(key, &[comment]).await.unwrap()[0].id
}

async fn first_page(repository: &SqliteRepository) -> Vec<schrieb_api::Comment> {
    repository.comment_page(&Slug::parse("a").unwrap(), PageNumber::FIRST).await.unwrap().unwrap().items
}

#[tokio::test]
async fn quotes_are_verified_on_save_and_their_status_follows_the_source() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, martin) = article(&repository, now).await;
    let source = post(&repository, key, martin, "Die Lizenz bleibt **frei**, versprochen.").await;
    let quoting = format!("[quote={} author=\"martin\"]\nDie Lizenz bleibt frei\n[/quote]\n\nSchön wär's.", source.0);
    let quote = post(&repository, key, martin, &quoting).await;
    let check = |comments: &[schrieb_api::Comment]| comments.iter().find(|c| c.id == quote).unwrap().quotes.clone();
    assert_eq!(
        check(&first_page(&repository).await),
        [QuoteCheck { source, revision: 1, status: QuoteStatus::Verified }]
    );

    // An edit that keeps the words keeps the quote verified; one that drops them does not.
    let edit = |body: &str| CommentEdit { body: body.into(), at: Utc::now(), quotes: vec![], mentions: vec![] };
    assert!(repository.edit_comment(source, &edit("Die Lizenz bleibt frei. Nachtrag: wirklich.")).await.unwrap());
    assert_eq!(check(&first_page(&repository).await)[0].status, QuoteStatus::Verified);
    assert!(repository.edit_comment(source, &edit("Ich habe mich geirrt.")).await.unwrap());
    assert_eq!(
        check(&first_page(&repository).await),
        [QuoteCheck { source, revision: 1, status: QuoteStatus::Edited }]
    );
    let permalink = repository.find_comment(quote).await.unwrap().unwrap();
    assert_eq!(permalink.comment.quotes[0].status, QuoteStatus::Edited, "permalinks carry the check too");

    // Quoting the source as it reads now records its current revision.
    let again =
        post(&repository, key, martin, &format!("[quote={} author=\"Martin\"]\ngeirrt\n[/quote]", source.0)).await;
    let page = first_page(&repository).await;
    assert_eq!(page.iter().find(|c| c.id == again).unwrap().quotes[0].revision, 3);

    sqlx::query("UPDATE comments SET deleted = TRUE WHERE id = ?")
        .bind(source.0)
        .execute(repository.pool())
        .await
        .unwrap();
    assert_eq!(check(&first_page(&repository).await)[0].status, QuoteStatus::Deleted);
}

#[tokio::test]
async fn quotes_that_do_not_check_out_are_refused_or_imported_as_unverified() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, martin) = article(&repository, now).await;
    let source = post(&repository, key, martin, "Original.").await;
    let refuse = |body: String| {
        let repository = repository.clone();
        async move {
            crate::posting::references(&repository, &schrieb_markup::parse(&body), QuotePolicy::Strict)
                .await
                .unwrap_err()
                .to_string()
        }
    };
    let wrong_words = refuse(format!("[quote={} author=\"Martin\"]\nGefälscht.\n[/quote]", source.0)).await;
    assert!(wrong_words.contains("does not contain"), "{wrong_words}");
    let wrong_author = refuse(format!("[quote={} author=\"Mallory\"]\nOriginal.\n[/quote]", source.0)).await;
    assert!(wrong_author.contains("“Martin” wrote it"), "{wrong_author}");
    let missing = refuse("[quote=999 author=\"Martin\"]\nOriginal.\n[/quote]".into()).await;
    assert!(missing.contains("does not exist"), "{missing}");

    let document = schrieb_markup::parse(&format!("[quote={} author=\"Martin\"]\nGefälscht.\n[/quote]", source.0));
    let imported = crate::posting::references(&repository, &document, QuotePolicy::Import).await.unwrap();
    assert!(!imported.quotes[0].verified);
    let comment = NewComment { quotes: imported.quotes, ..new_comment(martin, "imported", now) };
    let id = repository.append_comments(key, &[comment]).await.unwrap()[0].id;
    let page = first_page(&repository).await;
    assert_eq!(page.iter().find(|c| c.id == id).unwrap().quotes[0].status, QuoteStatus::Unverified);
}

#[tokio::test]
async fn mentions_resolve_to_accounts_and_edits_keep_revisions() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, martin) = article(&repository, now).await;
    let holle = repository.ensure_user("Frau Holle", now).await.unwrap();
    let id = post(&repository, key, martin, "@\"frau holle\" und @martin, aber nicht @niemand").await;
    let comment = repository.find_comment(id).await.unwrap().unwrap().comment;
    assert_eq!(comment.mentioned("Frau Holle"), Some(holle));
    assert_eq!(comment.mentioned("martin"), Some(martin));
    assert_eq!(comment.mentioned("niemand"), None);
    assert_eq!(comment.mentions.len(), 2);

    let later = now + chrono::Duration::minutes(5);
    let edit = CommentEdit { body: "zweite Fassung".into(), at: later, quotes: vec![], mentions: vec![] };
    assert!(repository.edit_comment(id, &edit).await.unwrap());
    assert!(!repository.edit_comment(CommentId(999), &edit).await.unwrap());
    let comment = repository.find_comment(id).await.unwrap().unwrap().comment;
    assert_eq!(
        (comment.edit_count, comment.edited_at.map(|t| t.timestamp_millis())),
        (1, Some(later.timestamp_millis()))
    );
    assert!(comment.mentions.is_empty(), "the edit's mentions replace the old ones");
    let history = repository.revisions(id).await.unwrap().unwrap();
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
    let page = repository.comment_page(&Slug::parse("a").unwrap(), PageNumber::new(2).unwrap()).await.unwrap().unwrap();
    assert_eq!((page.total, page.pages, page.items.len()), (26, 2, 6));
    assert_eq!(page.items[0].position, 21);
    assert_eq!(page.items[5].body, "last");
    assert_eq!(repository.list_articles().await.unwrap()[0].comment_count, 26);
    let missing = repository.comment_page(&Slug::parse("b").unwrap(), PageNumber::FIRST).await.unwrap();
    assert!(missing.is_none());
}
