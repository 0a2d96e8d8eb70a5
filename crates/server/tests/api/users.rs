//! Public profiles, where mentions link, and suggestions while a mention is typed.

use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{ErrorKind, Role, UserId, UserProfile};

use crate::helpers::{TestApp, raw_path};

#[tokio::test]
async fn a_profile_shows_the_persons_latest_comments_as_plain_excerpts() {
    let app = TestApp::with_demo().await;
    let page = app.comment_page("pergola-lizenzwechsel", "3").await;
    let reply = page.items.iter().find(|c| c.position == Some(45)).unwrap();
    let otto = reply.mentioned("Onkel Otto").expect("the mention names Onkel Otto's account");
    let answer = app.get_json::<UserProfile>(&api::user(otto)).await;
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
    let quoter = app.get_json::<UserProfile>(&api::user(reply.author.id)).await.body;
    let excerpt = &quoter.recent.iter().find(|c| c.id == reply.id).unwrap().excerpt;
    assert!(excerpt.starts_with("Und früher ging das Passwort"), "{excerpt}");
}

#[tokio::test]
async fn unknown_and_malformed_ids_get_the_shared_error_shape() {
    let app = TestApp::with_demo().await;
    let missing = app.error(&api::user(UserId(999_999))).await;
    assert_eq!((missing.status, missing.body.error), (404, ErrorKind::NotFound));
    let malformed = app.error(&raw_path(Endpoint::User, &["otto"])).await;
    assert_eq!((malformed.status, malformed.body.error), (400, ErrorKind::BadRequest));
}

/// `(display_name, in_thread)` of the suggestions for `query`.
async fn suggested(app: &TestApp, query: &str) -> Vec<(String, bool)> {
    app.suggestions(query).await.into_iter().map(|user| (user.display_name, user.in_thread)).collect()
}

fn names(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected.iter().map(|(name, in_thread)| (name.to_string(), *in_thread)).collect()
}

#[tokio::test]
async fn suggestions_put_commenters_in_the_thread_first() {
    let app = TestApp::empty().await;
    app.article_with_comments("faden", 0).await;
    app.article_with_comments("anderer", 0).await;
    let oliver = app.user("Oliver", Role::Reader).await;
    let olympia = app.user("Olympia", Role::Reader).await;
    let olga = app.user("olga", Role::Reader).await;
    let olaf = app.user("Olaf", Role::Reader).await;
    app.user("Martin", Role::Reader).await;
    app.posted("faden", &olympia, "Erste!").await;
    app.posted("faden", &oliver, "Zweiter.").await;
    let withdrawn = app.posted("faden", &olga, "Doch nicht.").await.comment.id;
    assert_eq!(app.delete_comment(withdrawn, Some(&olga)).await.status().as_u16(), 204);
    app.posted("anderer", &olaf, "Anderswo.").await;

    assert_eq!(
        suggested(&app, "prefix=ol&article=faden").await,
        names(&[("Oliver", true), ("Olympia", true), ("Olaf", false), ("olga", false)]),
        "a deleted comment does not count; by name within each group, in any case"
    );
    assert_eq!(
        suggested(&app, "prefix=ol&article=anderer").await,
        names(&[("Olaf", true), ("olga", false), ("Oliver", false), ("Olympia", false)])
    );
    assert_eq!(
        suggested(&app, "prefix=Ol").await,
        names(&[("Olaf", false), ("olga", false), ("Oliver", false), ("Olympia", false)]),
        "without an article nobody comes first"
    );

    // What is suggested is what a mention resolves to.
    let suggestion = app.suggestions("prefix=olym").await.remove(0);
    let mention = app.posted("faden", &oliver, &format!("@{} hat recht.", suggestion.display_name)).await;
    assert_eq!(mention.comment.mentioned("Olympia"), Some(suggestion.id));
    assert_eq!(suggestion.id, olympia.id);
}

#[tokio::test]
async fn suggestions_match_the_start_of_the_name_in_any_case() {
    let app = TestApp::empty().await;
    let now = chrono::Utc::now();
    for name in ["Onkel Otto", "Ömer", "özlem", "Martin Onken"] {
        app.repository.ensure_user(name, now).await.unwrap();
    }
    for query in ["prefix=on", "prefix=ON", "prefix=oN", "prefix=Onkel%20O"] {
        assert_eq!(suggested(&app, query).await, names(&[("Onkel Otto", false)]), "{query}");
    }
    assert_eq!(suggested(&app, "prefix=%C3%B6M").await, names(&[("Ömer", false)]), "öM");
    assert_eq!(suggested(&app, "prefix=%C3%96z").await, names(&[("özlem", false)]), "Öz");
    assert!(suggested(&app, "prefix=tin").await.is_empty(), "the start, not anywhere in the name");
}

#[tokio::test]
async fn wildcards_in_the_prefix_match_only_themselves() {
    let app = TestApp::empty().await;
    let now = chrono::Utc::now();
    for name in ["ab", "a%b", "a_c", "a\\d", "a*e"] {
        app.repository.ensure_user(name, now).await.unwrap();
    }
    for (query, only) in [("prefix=a%25", "a%b"), ("prefix=a_", "a_c"), ("prefix=a%5C", "a\\d"), ("prefix=a*", "a*e")] {
        assert_eq!(suggested(&app, query).await, names(&[(only, false)]), "{query}");
    }
}

#[tokio::test]
async fn at_most_eight_are_suggested() {
    let app = TestApp::empty().await;
    let now = chrono::Utc::now();
    for n in (1..=12).rev() {
        app.repository.ensure_user(&format!("Leser {n:02}"), now).await.unwrap();
    }
    let found: Vec<String> = app.suggestions("prefix=le").await.into_iter().map(|user| user.display_name).collect();
    let expected: Vec<String> = (1..=8).map(|n| format!("Leser {n:02}")).collect();
    assert_eq!(found, expected);
}

#[tokio::test]
async fn a_bad_prefix_is_refused_naming_the_field() {
    let app = TestApp::with_demo().await;
    let long = "x".repeat(41);
    for query in ["prefix=O", "prefix=%C3%96", "prefix=", "article=pergola-lizenzwechsel", &format!("prefix={long}")] {
        let answer = app.error(&format!("{}?{query}", Endpoint::Users.template())).await;
        assert_eq!(
            (answer.status, answer.body.error, answer.body.field.as_deref()),
            (422, ErrorKind::Validation, Some("prefix")),
            "{query}"
        );
    }
}

#[tokio::test]
async fn suggestions_for_an_unknown_article_are_a_404() {
    let app = TestApp::with_demo().await;
    for article in ["gibt-es-nicht", "Kein%20Slug"] {
        let answer = app.error(&format!("{}?prefix=On&article={article}", Endpoint::Users.template())).await;
        assert_eq!((answer.status, answer.body.error), (404, ErrorKind::NotFound), "{article}");
    }
}
