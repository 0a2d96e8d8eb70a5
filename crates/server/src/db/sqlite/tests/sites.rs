//! Sites that embed threads: origins belong to one site, a page has one thread, counts come in
//! one query.

use schrieb_api::PageUrl;

use super::*;
use crate::db::OriginTaken;

fn page(url: &str, site_id: i64, slug: &str, title: &str) -> NewArticle {
    NewArticle {
        site_id,
        slug: Slug::parse(slug).unwrap(),
        lang: "de".into(),
        title: title.into(),
        author: "Blog".into(),
        published_at: Utc::now(),
        canonical_url: url.into(),
        body: String::new(),
        note: None,
    }
}

#[tokio::test]
async fn origins_belong_to_one_site_and_a_clash_registers_nothing() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let origins = |list: &[&str]| list.iter().map(|o| o.to_string()).collect::<Vec<_>>();
    let blog = repository.register_origins("Blog", &origins(&["https://blog.example"]), now).await.unwrap().unwrap();
    let again = repository
        .register_origins("Blog", &origins(&["https://blog.example", "http://localhost:8080"]), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, blog.id);
    assert_eq!(again.origins, ["http://localhost:8080", "https://blog.example"], "in byte order");

    let clash = repository
        .register_origins("Andere", &origins(&["https://andere.example", "https://blog.example"]), now)
        .await
        .unwrap();
    assert_eq!(clash, Err(OriginTaken { origin: "https://blog.example".into(), site: "Blog".into() }));
    assert_eq!(repository.site_of_origin("https://andere.example").await.unwrap(), None, "all or nothing");
    let sites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites").fetch_one(repository.pool()).await.unwrap();
    assert_eq!(sites, 1, "nor the site");

    let found = repository.site_of_origin("http://localhost:8080").await.unwrap().unwrap();
    assert_eq!((found.id, found.name.as_str()), (blog.id, "Blog"));
    assert_eq!(repository.site_of_origin("http://localhost:8081").await.unwrap(), None);
}

#[tokio::test]
async fn a_page_keeps_the_thread_it_got_first() {
    let (_dir, repository) = repository().await;
    let site =
        repository.register_origins("Blog", &["https://blog.example".into()], Utc::now()).await.unwrap().unwrap();
    let url = PageUrl::parse("https://blog.example/post").unwrap();
    assert_eq!(repository.page_thread(site.id, &url).await.unwrap(), None);
    let first = repository.create_page_thread(&page(url.as_str(), site.id, "post-1", "Erster")).await.unwrap();
    // A second first view that lost the race: its row is not stored, the first one answers.
    let second = repository.create_page_thread(&page(url.as_str(), site.id, "post-2", "Zweiter")).await.unwrap();
    assert_eq!(second, first);
    assert_eq!(first.title, "Erster");
    assert_eq!(repository.page_thread(site.id, &url).await.unwrap(), Some(first));
    assert_eq!(repository.find_article(&Slug::parse("post-2").unwrap()).await.unwrap(), None);
}

#[tokio::test]
async fn counts_are_found_by_origin_and_address() {
    let (_dir, repository) = repository().await;
    let now = Utc::now();
    let blog = repository.register_origins("Blog", &["https://blog.example".into()], now).await.unwrap().unwrap();
    let key = repository.insert_article(&page("https://blog.example/a", blog.id, "a", "A")).await.unwrap();
    let author = repository.ensure_user("Martin", now).await.unwrap();
    post(&repository, key, author, "eins").await;
    post(&repository, key, author, "zwei").await;
    // The same address in a site without that origin is not the page's thread.
    let other = repository.ensure_site("ohne-origin", now).await.unwrap();
    let stray = repository.insert_article(&page("https://blog.example/b", other, "b", "B")).await.unwrap();
    post(&repository, stray, author, "drei").await;

    let urls: Vec<PageUrl> = ["https://blog.example/a", "https://blog.example/b", "https://x.example/a"]
        .map(|u| PageUrl::parse(u).unwrap())
        .into();
    let counts = repository.page_counts(&urls).await.unwrap();
    assert_eq!(counts, std::collections::HashMap::from([("https://blog.example/a".to_owned(), 2)]));
}

/// Counting 50 pages must stay 50 index lookups, never a scan of all articles.
#[tokio::test]
async fn the_counts_query_looks_pages_up_by_index() {
    let (_dir, repository) = repository().await;
    let plan: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(&format!("EXPLAIN QUERY PLAN {}", super::super::sites::COUNTS_QUERY))
            .bind(r#"[["https://blog.example","https://blog.example/a"]]"#)
            .fetch_all(repository.pool())
            .await
            .unwrap();
    let details: Vec<&str> = plan.iter().map(|row| row.3.as_str()).collect();
    assert!(details.iter().any(|d| d.contains("articles_site_url") && d.contains("canonical_url=?")), "{details:?}");
    assert!(!details.iter().any(|d| d.starts_with("SCAN a") || d.starts_with("SCAN articles")), "{details:?}");
}
