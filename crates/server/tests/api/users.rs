//! Public profiles, where mentions link.

use schrieb_api::{ErrorKind, UserProfile};

use crate::helpers::TestApp;

#[tokio::test]
async fn a_profile_shows_the_persons_latest_comments_as_plain_excerpts() {
    let app = TestApp::with_demo().await;
    let page = app.comment_page("pergola-lizenzwechsel", "3").await;
    let reply = page.items.iter().find(|c| c.position == 45).unwrap();
    let otto = reply.mentioned("Onkel Otto").expect("the mention names Onkel Otto's account");
    let answer = app.get_json::<UserProfile>(&format!("/api/v1/users/{otto}")).await;
    assert_eq!(answer.status, 200);
    let profile = answer.body;
    assert_eq!((profile.id, profile.display_name.as_str(), profile.comment_count), (otto, "Onkel Otto", 3));
    assert_eq!(profile.recent.len(), 3);
    assert!(profile.recent[0].created_at > profile.recent[1].created_at, "newest first");
    assert_eq!(profile.recent[0].article_slug.as_str(), "pergola-lizenzwechsel");
    assert_eq!(profile.recent[0].page, 3);
    assert!(profile.recent[0].article_title.starts_with("Pergola"));
    assert_eq!(profile.recent[0].excerpt, "@Zeilenumbruch Weniger kompliziert war aber auch ein Feature. ;-)");

    // Quotes of others stay out of the excerpt: Zeilenumbruch's reply starts with Otto's words.
    let quoter = app.get_json::<UserProfile>(&format!("/api/v1/users/{}", reply.author.id)).await.body;
    let excerpt = &quoter.recent.iter().find(|c| c.id == reply.id).unwrap().excerpt;
    assert!(excerpt.starts_with("Und früher ging das Passwort"), "{excerpt}");
}

#[tokio::test]
async fn unknown_and_malformed_ids_get_the_shared_error_shape() {
    let app = TestApp::with_demo().await;
    let missing = app.error("/api/v1/users/999999").await;
    assert_eq!((missing.status, missing.body.error), (404, ErrorKind::NotFound));
    let malformed = app.error("/api/v1/users/otto").await;
    assert_eq!((malformed.status, malformed.body.error), (400, ErrorKind::BadRequest));
}
