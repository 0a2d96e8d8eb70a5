//! A comment shows its author, a relative time with the exact time on hover, and the edited
//! marker, in the reader's language.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::{DateTime, Duration, Utc};
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Author, Comment, CommentId, UserId};
use schrieb_web::components::comment::CommentItem;
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn comment(now: DateTime<Utc>, edited: bool) -> Comment {
    Comment {
        id: CommentId(42),
        position: Some(7),
        author: Author { id: UserId(3), display_name: "Frau Holle".into(), guest: false, deleted: false },
        body: "> Zitat\n\nAntwort mit https://example.org/seite".into(),
        created_at: now - Duration::minutes(5),
        edited_at: edited.then(|| now - Duration::hours(2) + Duration::hours(1) + Duration::minutes(58)),
        edit_count: u32::from(edited),
        deleted: false,
        quotes: vec![],
        mentions: vec![],
        reactions: vec![],
        state: schrieb_api::CommentState::Published,
        state_reason: None,
        previews: vec![],
    }
}

#[wasm_bindgen_test]
async fn shows_author_relative_time_and_edited_marker_in_german() {
    let now = Utc::now();
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=now>
                <CommentItem comment=comment(now, true) permalink="/a/x?page=1#c42" highlighted=false/>
            </Fixture>
        }
    });
    settle().await;
    assert_eq!(text_of(&root, ".comment__author"), "Frau Holle");
    assert_eq!(text_of(&root, ".avatar"), "FH");
    assert_eq!(text_of(&root, ".comment__permalink time"), "vor 5 Minuten");
    let time = root.query_selector(".comment__permalink time").unwrap().unwrap();
    assert!(time.get_attribute("title").unwrap_or_default().contains(&now.format("%Y").to_string()));
    assert!(time.get_attribute("datetime").unwrap_or_default().ends_with('Z'));
    assert_eq!(text_of(&root, ".comment__edited"), "Zuletzt bearbeitet: vor 2 Minuten");
    let history = root.query_selector(".comment__edited a").unwrap().unwrap();
    assert_eq!(history.get_attribute("href").as_deref(), Some("/c/42/revisions"), "the marker opens the history");
    assert_eq!(text_of(&root, "blockquote"), "Zitat");
    let link = root.query_selector(".comment__body a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.org/seite"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("nofollow ugc noopener"));
    assert_eq!(root.query_selector("li").unwrap().unwrap().id(), "c42");
}

#[wasm_bindgen_test]
async fn unedited_comments_have_no_marker_and_english_reads_english() {
    let now = Utc::now();
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::en now=now>
                <CommentItem comment=comment(now, false) permalink="/a/x?page=1#c42" highlighted=true/>
            </Fixture>
        }
    });
    settle().await;
    assert_eq!(text_of(&root, ".comment__permalink time"), "5 minutes ago");
    assert!(root.query_selector(".comment__edited").unwrap().is_none());
    assert!(root.query_selector("li.comment--highlighted").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn markup_never_becomes_html() {
    let now = Utc::now();
    let root = container();
    let mut hostile = comment(now, false);
    hostile.body = "<img src=x onerror=\"window.__xss=1\"> javascript:alert(1)".into();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::en now=now>
                <CommentItem comment=hostile.clone() permalink="/a/x" highlighted=false/>
            </Fixture>
        }
    });
    settle().await;
    assert!(root.query_selector(".comment__body img").unwrap().is_none());
    assert!(root.query_selector(".comment__body a").unwrap().is_none());
    assert!(text_of(&root, ".comment__body").contains("<img src=x"));
}

#[wasm_bindgen_test]
async fn a_deleted_account_signs_in_words_and_its_quotes_name_nobody() {
    let now = Utc::now();
    let mut left = comment(now, false);
    left.author = Author { id: UserId(3), display_name: String::new(), guest: false, deleted: true };
    left.body = "[quote=9 author=\"\"]\nfrüher\n[/quote]\n\nDas bleibt stehen.".into();
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=now>
                <CommentItem comment=left.clone() permalink="/a/x?page=1#c42" highlighted=false/>
            </Fixture>
        }
    });
    settle().await;
    assert_eq!(text_of(&root, ".comment__author"), "gelöschtes Konto");
    assert!(root.query_selector(".comment__author .comment__deleted-account").unwrap().is_some());
    assert_eq!(text_of(&root, ".avatar"), "?");
    assert_eq!(text_of(&root, ".markup__quote-source"), "gelöschtes Konto schrieb:");
    assert!(text_of(&root, ".comment__body").contains("Das bleibt stehen."));
}

#[wasm_bindgen_test]
async fn link_preview_cards_show_as_text_with_their_host_and_our_picture() {
    let now = Utc::now();
    let root = container();
    let mut with_cards = comment(now, false);
    with_cards.previews = vec![
        schrieb_api::LinkPreview {
            url: "https://www.example.org/seite".into(),
            title: "<b>Ein Titel</b>".into(),
            site: "Beispiel".into(),
            description: Some("Worum es geht.".into()),
            image: Some("/api/v1/preview-images/abc.jpg".into()),
        },
        schrieb_api::LinkPreview {
            url: "https://zweite.example/".into(),
            title: "Zweiter".into(),
            site: "zweite.example".into(),
            description: None,
            // Only pictures on schrieb's origin are shown.
            image: Some("https://tracker.example/pixel.png".into()),
        },
    ];
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=now>
                <CommentItem comment=with_cards.clone() permalink="/a/x?page=1#c42" highlighted=false/>
            </Fixture>
        }
    });
    settle().await;
    let cards = root.query_selector_all(".link-preview__card").unwrap();
    assert_eq!(cards.length(), 2);
    let first = root.query_selector(".link-preview__card").unwrap().unwrap();
    assert_eq!(first.get_attribute("href").as_deref(), Some("https://www.example.org/seite"));
    assert_eq!(first.get_attribute("rel").as_deref(), Some("nofollow ugc noopener"));
    assert_eq!(text_of(&root, ".link-preview__title"), "<b>Ein Titel</b>", "the title is text, never markup");
    assert!(root.query_selector(".link-preview__title b").unwrap().is_none());
    assert_eq!(text_of(&root, ".link-preview__host"), "führt zu example.org");
    let image = root.query_selector(".link-preview__image").unwrap().unwrap();
    assert_eq!(image.get_attribute("src").as_deref(), Some("/api/v1/preview-images/abc.jpg"));
    assert_eq!(image.get_attribute("alt").as_deref(), Some(""));
    assert_eq!(root.query_selector_all(".link-preview__image").unwrap().length(), 1, "no foreign picture");
    assert_eq!(
        root.query_selector(".link-previews__list").unwrap().unwrap().get_attribute("aria-label").as_deref(),
        Some("Linkvorschau")
    );
    assert!(root.query_selector(".link-previews__remove").unwrap().is_none(), "nobody signed in removes nothing");
}
