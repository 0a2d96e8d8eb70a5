//! Drafts: one per person and article, replaced on save.

use schrieb_api::DraftBody;

use super::*;
use crate::db::DraftStore;

#[tokio::test]
async fn a_draft_is_kept_per_person_and_article_and_replaced_on_save() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (first, martin) = article(&repository, now).await;
    let site = repository.ensure_site("test", now).await.unwrap();
    let second = repository
        .insert_article(&NewArticle {
            site_id: site,
            slug: Slug::parse("b").unwrap(),
            lang: "de".into(),
            title: "B".into(),
            author: "B".into(),
            published_at: now,
            canonical_url: "https://example.org/b".into(),
            body: "text".into(),
            note: None,
        })
        .await
        .unwrap();
    let holle = repository.ensure_user("Frau Holle", now).await.unwrap();
    let body = |text: &str| DraftBody::parse(text).unwrap();
    assert_eq!(repository.draft(martin, first).await.unwrap(), None);

    let saved = repository.save_draft(martin, first, &body("Erster Gedanke"), now).await.unwrap();
    assert_eq!(saved.updated_at.timestamp_millis(), now.timestamp_millis());
    assert_eq!(repository.draft(martin, first).await.unwrap(), Some(saved.clone()), "reads back as answered");

    let later = now + chrono::Duration::seconds(30);
    let replaced = repository.save_draft(martin, first, &body("Zweiter Gedanke"), later).await.unwrap();
    assert_eq!(repository.draft(martin, first).await.unwrap(), Some(replaced));
    assert_eq!(repository.draft(holle, first).await.unwrap(), None, "someone else's");
    assert_eq!(repository.draft(martin, second).await.unwrap(), None, "another article's");

    assert!(repository.delete_draft(martin, first).await.unwrap());
    assert!(!repository.delete_draft(martin, first).await.unwrap(), "deleting again is no error");
    assert_eq!(repository.draft(martin, first).await.unwrap(), None);
}
