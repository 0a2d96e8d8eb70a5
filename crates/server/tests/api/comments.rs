use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{CommentId, CommentPermalink, ErrorKind, PER_PAGE};

use crate::helpers::{TestApp, raw_path, slug, thread_page_path};

// The demo thread `pergola-lizenzwechsel` has 52 comments (`demo/demo.toml`): at 20 a page, the
// pages hold positions 1–20, 21–40 and 41–52. The numbers below are written for that.

/// The page size the expectations in these tests are written for, as the README promises it.
#[test]
fn a_page_holds_twenty_comments() {
    assert_eq!(PER_PAGE, 20);
}

#[tokio::test]
async fn first_page_holds_the_first_twenty_oldest_first() {
    let app = TestApp::with_demo().await;
    let page = app.comment_page("pergola-lizenzwechsel", "1").await;
    assert_eq!((page.page, page.pages, page.total, page.per_page), (1, 3, 52, 20));
    assert_eq!(page.items.len(), 20);
    let positions: Vec<u64> = page.items.iter().filter_map(|c| c.position).collect();
    assert_eq!(positions, (1..=20).collect::<Vec<_>>());
    assert!(page.items.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    assert!(page.items.iter().all(|c| !c.author.display_name.is_empty() && !c.body.is_empty()));
}

#[tokio::test]
async fn no_page_parameter_means_page_one() {
    let app = TestApp::with_demo().await;
    let path = api::article_comments(&slug("pergola-lizenzwechsel"));
    let page = app.get_json::<schrieb_api::CommentPage>(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.page, 1);
    assert_eq!(page.body.items[0].position, Some(1));
}

#[tokio::test]
async fn the_last_page_holds_the_rest_and_past_it_is_empty() {
    let app = TestApp::with_demo().await;
    let last = app.comment_page("pergola-lizenzwechsel", "3").await;
    assert_eq!(last.items.len(), 12);
    assert_eq!(last.items[0].position, Some(41));
    let past = app.comment_page("pergola-lizenzwechsel", "4").await;
    assert!(past.items.is_empty());
    assert_eq!((past.page, past.pages, past.total), (4, 3, 52));
}

#[tokio::test]
async fn edited_comments_carry_their_marker() {
    let app = TestApp::with_demo().await;
    let mut edited = Vec::new();
    for page in ["1", "2", "3"] {
        edited.extend(
            app.comment_page("pergola-lizenzwechsel", page).await.items.into_iter().filter(|c| c.edit_count > 0),
        );
    }
    assert!(edited.len() >= 5);
    assert!(edited.iter().all(|c| c.edited_at.is_some_and(|at| at > c.created_at)));
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_size_has_no_empty_last_page() {
    let app = TestApp::empty().await;
    let per_page = PER_PAGE as usize;
    app.article_with_comments("zwei-volle-seiten", 2 * per_page).await;
    let page = app.comment_page("zwei-volle-seiten", "2").await;
    assert_eq!((page.pages, page.items.len()), (2, per_page));
    app.article_with_comments("ohne-kommentare", 0).await;
    let empty = app.comment_page("ohne-kommentare", "1").await;
    assert_eq!((empty.pages, empty.total, empty.items.len()), (1, 0, 0));
}

#[tokio::test]
async fn bad_page_numbers_get_a_clear_400() {
    let app = TestApp::with_demo().await;
    for (page, needle) in [
        ("0", "counted from 1"),
        ("-1", "whole number"),
        ("abc", "whole number"),
        ("1.5", "whole number"),
        ("", "whole number"),
        ("99999999999999999999", "at most"),
    ] {
        let answer = app.error(&thread_page_path("pergola-lizenzwechsel", page)).await;
        assert_eq!(answer.status, 400, "page={page}");
        assert_eq!(answer.body.error, ErrorKind::BadRequest, "page={page}");
        assert!(answer.body.message.contains(needle), "page={page}: {}", answer.body.message);
    }
    // `page` given twice.
    let duplicate = app.error(&thread_page_path("pergola-lizenzwechsel", "1&page=2")).await;
    assert_eq!(duplicate.status, 400);
}

#[tokio::test]
async fn comments_of_an_unknown_article_are_not_found() {
    let app = TestApp::with_demo().await;
    let answer = app.error(&thread_page_path("gibt-es-nicht", "1")).await;
    assert_eq!((answer.status, answer.body.error), (404, ErrorKind::NotFound));
}

#[tokio::test]
async fn a_permalink_names_article_and_page() {
    let app = TestApp::with_demo().await;
    let third_page = app.comment_page("pergola-lizenzwechsel", "3").await;
    let wanted = &third_page.items[5];
    let answer = app.get_json::<CommentPermalink>(&api::comment(wanted.id)).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body.article_slug.as_str(), "pergola-lizenzwechsel");
    assert_eq!(answer.body.page, 3);
    assert_eq!(&answer.body.comment, wanted);
}

#[tokio::test]
async fn unknown_and_malformed_comment_ids() {
    let app = TestApp::with_demo().await;
    let missing = app.error(&api::comment(CommentId(999_999))).await;
    assert_eq!((missing.status, missing.body.error), (404, ErrorKind::NotFound));
    for bad in ["abc", "1.5", "99999999999999999999999"] {
        let answer = app.error(&raw_path(Endpoint::Comment, &[bad])).await;
        assert_eq!((answer.status, answer.body.error), (400, ErrorKind::BadRequest), "{bad}");
    }
}

#[tokio::test]
async fn deep_pages_of_a_long_thread() {
    // 10,000 comments at 20 a page: page 500 is the last and holds comments 9,981 to 10,000.
    let app = TestApp::empty().await;
    app.article_with_comments("lang", 10_000).await;
    let page = app.comment_page("lang", "500").await;
    assert_eq!((page.pages, page.total), (500, 10_000));
    assert_eq!(page.items.first().map(|c| c.body.as_str()), Some("Kommentar 9981"));
    assert_eq!(page.items.last().map(|c| c.body.as_str()), Some("Kommentar 10000"));
}
