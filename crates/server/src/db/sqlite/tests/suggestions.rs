//! Suggestions for a mention being typed.

use super::*;

async fn names(repository: &SqliteRepository, prefix: &str, thread: Option<ArticleKey>) -> Vec<(String, bool)> {
    let found = repository.suggest_users(prefix, thread, 8).await.unwrap();
    found.into_iter().map(|user| (user.display_name, user.in_thread)).collect()
}

fn expected(names: &[(&str, bool)]) -> Vec<(String, bool)> {
    names.iter().map(|(name, in_thread)| (name.to_string(), *in_thread)).collect()
}

#[tokio::test]
async fn commenters_in_the_thread_come_first_then_everyone_by_name() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let (key, _) = article(&repository, now).await;
    for name in ["Onkel Otto", "oma Erna", "Olga", "Oskar", "Ömer", "Anna"] {
        repository.ensure_user(name, now).await.unwrap();
    }
    let oskar = repository.ensure_user("Oskar", now).await.unwrap();
    let olga = repository.ensure_user("Olga", now).await.unwrap();
    post(&repository, key, oskar, "Erster").await;
    let deleted = post(&repository, key, olga, "Zurückgezogen").await;
    repository.delete_comment(deleted, olga).await.unwrap();

    assert_eq!(
        names(&repository, "Ok", Some(key)).await,
        expected(&[]),
        "prefix, not substring: Onkel has no \"ok\" at its start"
    );
    assert_eq!(
        names(&repository, "o", Some(key)).await,
        expected(&[("Oskar", true), ("Olga", false), ("oma Erna", false), ("Onkel Otto", false)]),
        "a deleted comment does not count; case does not matter for the order"
    );
    assert_eq!(names(&repository, "ON", None).await, expected(&[("Onkel Otto", false)]));
    assert_eq!(names(&repository, "OSK", None).await, expected(&[("Oskar", false)]), "no thread, nobody first");
    assert_eq!(names(&repository, "öm", None).await, expected(&[("Ömer", false)]), "umlauts in any case");
    assert_eq!(names(&repository, "ÖM", None).await, expected(&[("Ömer", false)]));
}

#[tokio::test]
async fn wildcards_in_the_prefix_match_only_themselves() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    for name in ["ab", "a%b", "a_c", "a\\d", "a*e", "a?f", "a[g]"] {
        repository.ensure_user(name, now).await.unwrap();
    }
    for (prefix, only) in
        [("a%", "a%b"), ("a_", "a_c"), ("a\\", "a\\d"), ("a*", "a*e"), ("a?", "a?f"), ("a[", "a[g]"), ("A[G]", "a[g]")]
    {
        assert_eq!(names(&repository, prefix, None).await, expected(&[(only, false)]), "{prefix}");
    }
}

#[tokio::test]
async fn at_most_the_limit_is_suggested() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    for n in 0..12 {
        repository.ensure_user(&format!("Leser {n:02}"), now).await.unwrap();
    }
    let found = repository.suggest_users("le", None, 8).await.unwrap();
    let found: Vec<&str> = found.iter().map(|user| user.display_name.as_str()).collect();
    assert_eq!(found, ["Leser 00", "Leser 01", "Leser 02", "Leser 03", "Leser 04", "Leser 05", "Leser 06", "Leser 07"]);
}

/// A prefix reads only its range of the name-key index, not every account; umlauts too.
#[tokio::test]
async fn the_suggestion_query_uses_the_name_index() {
    let (_dir, repository) = repository().await;
    for prefix in ["on", "Öl"] {
        let (low, high) = crate::db::users::name_key_range(prefix);
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {}", users::SUGGEST_QUERY))
                .bind(low)
                .bind(1)
                .bind(high)
                .bind(8)
                .fetch_all(repository.pool())
                .await
                .unwrap();
        let details: Vec<&str> = plan.iter().map(|row| row.3.as_str()).collect();
        assert!(details.iter().any(|d| d.contains("users_name_key")), "{prefix}: {details:?}");
        assert!(!details.iter().any(|d| d.starts_with("SCAN u")), "{prefix} reads every account: {details:?}");
    }
}

/// One name whatever its case or composition: "JÜRGEN" is taken by "Jürgen", a mention of
/// "@jürgen" (typed with a combining diaeresis, too) names him, and "jür" suggests him.
#[tokio::test]
async fn names_are_one_in_any_case_umlauts_included() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let jurgen = repository.ensure_user("Jürgen", now).await.unwrap();
    assert_eq!(repository.ensure_user("JÜRGEN", now).await.unwrap(), jurgen);
    let decomposed = "ju\u{308}rgen";
    let named = repository.users_named(&[decomposed.to_owned(), "ÄNNE".to_owned()]).await.unwrap();
    assert_eq!(named.iter().map(|m| (m.name.as_str(), m.user)).collect::<Vec<_>>(), [(decomposed, jurgen)]);
    assert_eq!(names(&repository, "JÜR", None).await, expected(&[("Jürgen", false)]));
}

/// Keys the migration made with SQLite's ASCII-only lower() are made right when the database
/// is opened; two names that were apart then and are one now stay apart.
#[tokio::test]
async fn opening_the_database_refolds_keys_made_by_ascii_lower() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let repository = SqliteRepository::connect(path.to_str().unwrap()).await.unwrap();
    // As the migration leaves them: "jÜrgen", "änna" and "Änna" (apart under ASCII folding).
    sqlx::query(
        "INSERT INTO users (display_name, name_key, created_at) VALUES \
         ('JÜRGEN', lower('JÜRGEN'), 0), ('äNNA', lower('äNNA'), 0), ('ÄNNA', lower('ÄNNA'), 0)",
    )
    .execute(repository.pool())
    .await
    .unwrap();
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users ORDER BY id").fetch_all(repository.pool()).await.unwrap();
    drop(repository);

    let repository = SqliteRepository::connect(path.to_str().unwrap()).await.unwrap();
    let now = Utc::now();
    assert_eq!(repository.ensure_user("Jürgen", now).await.unwrap().0, ids[0]);
    assert_eq!(repository.ensure_user("Änna", now).await.unwrap().0, ids[1], "the first keeps the name");
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT name_key FROM users ORDER BY id").fetch_all(repository.pool()).await.unwrap();
    assert_eq!(keys, ["jürgen".to_owned(), "änna".to_owned(), format!("änna#{}", ids[2])]);
}
