//! Who sees which controls on a comment: its author (within the edit window), another reader
//! (who may report it), a moderator (who decides rather than reports); and reactions: used kinds shown with their counts, the rest in the picker.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::{Duration, Utc};
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Author, Comment, CommentId, Me, ReactionCount, ReactionKind, Role, UserId};
use schrieb_web::components::comment::CommentItem;
use schrieb_web::i18n::Locale;
use schrieb_web::session::Session;
use support::{Fixture, container, settle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AUTHOR: UserId = UserId(3);

fn comment(age: Duration, deleted: bool) -> Comment {
    Comment {
        id: CommentId(42),
        position: Some(7),
        author: Author { id: AUTHOR, display_name: "Frau Holle".into(), guest: false, deleted: false },
        body: if deleted { String::new() } else { "Ein Beitrag".into() },
        created_at: Utc::now() - age,
        edited_at: None,
        edit_count: 0,
        deleted,
        quotes: vec![],
        mentions: vec![],
        reactions: vec![ReactionCount { kind: ReactionKind::Love, count: 3, mine: true }],
        state: schrieb_api::CommentState::Published,
        state_reason: None,
        previews: vec![],
    }
}

fn me(id: UserId, role: Role) -> Me {
    Me { id, display_name: "Jemand".into(), email: "j@example.org".into(), role, edit_window_hours: 24 }
}

/// The buttons' texts when `viewer` looks at `comment`.
async fn buttons(viewer: Option<Me>, comment: Comment) -> (web_sys::HtmlElement, Vec<String>) {
    let root = container();
    let handle = mount_to(root.clone(), move || {
        provide_context(Session { me: RwSignal::new(viewer.clone()), known: RwSignal::new(true) });
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                <CommentItem comment=comment.clone() permalink="/a/x#c42" highlighted=false/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    let list = root.query_selector_all(".comment-actions button").unwrap();
    let texts = (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect();
    (root, texts)
}

#[wasm_bindgen_test]
async fn the_author_edits_and_deletes_within_the_window_only() {
    let (_, fresh) = buttons(Some(me(AUTHOR, Role::Reader)), comment(Duration::hours(1), false)).await;
    assert_eq!(fresh, ["Bearbeiten", "Löschen"]);
    let (_, old) = buttons(Some(me(AUTHOR, Role::Reader)), comment(Duration::hours(25), false)).await;
    assert_eq!(old, ["Löschen"], "past the edit window only deleting is left");
}

#[wasm_bindgen_test]
async fn other_readers_may_only_report_and_guests_get_no_controls() {
    let (_, other) = buttons(Some(me(UserId(99), Role::Reader)), comment(Duration::hours(1), false)).await;
    assert_eq!(other, ["Melden"]);
    let (_, gone) = buttons(Some(me(UserId(99), Role::Reader)), comment(Duration::hours(1), true)).await;
    assert!(gone.is_empty(), "a deleted comment is not reported");
    assert!(buttons(None, comment(Duration::hours(1), false)).await.1.is_empty());
}

#[wasm_bindgen_test]
async fn moderators_edit_any_time_and_restore_and_report_nothing() {
    let (_, live) = buttons(Some(me(UserId(99), Role::Moderator)), comment(Duration::days(30), false)).await;
    assert_eq!(live, ["Bearbeiten", "Löschen"]);
    let (_, deleted) = buttons(Some(me(UserId(99), Role::Moderator)), comment(Duration::hours(1), true)).await;
    assert_eq!(deleted, ["Wiederherstellen"]);
    let (_, as_author) = buttons(Some(me(AUTHOR, Role::Reader)), comment(Duration::hours(1), true)).await;
    assert!(as_author.is_empty(), "a deleted comment offers its author nothing");
}

#[wasm_bindgen_test]
async fn deleting_asks_first() {
    let (root, _) = buttons(Some(me(AUTHOR, Role::Reader)), comment(Duration::hours(1), false)).await;
    let delete: web_sys::HtmlElement =
        root.query_selector_all(".comment-actions button").unwrap().item(1).unwrap().unchecked_into();
    delete.click();
    settle().await;
    let confirm = root.query_selector(".comment-actions__confirm").unwrap().unwrap();
    assert!(confirm.text_content().unwrap().starts_with("Diesen Beitrag wirklich löschen?"));
    assert!(confirm.query_selector(".comment-actions__button--danger").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn used_reactions_show_and_the_rest_wait_in_the_picker() {
    let (root, _) = buttons(None, comment(Duration::hours(1), false)).await;
    let visible = |root: &web_sys::HtmlElement| -> Vec<String> {
        let list = root.query_selector_all("button.reaction").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into::<web_sys::Element>().get_attribute("data-kind").unwrap())
            .collect()
    };
    assert_eq!(visible(&root), ["love"]);
    let love = root.query_selector("button.reaction[data-kind=love]").unwrap().unwrap();
    assert_eq!(love.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(love.get_attribute("aria-label").as_deref(), Some("Herz: 3"));
    let pick: web_sys::HtmlElement = root.query_selector(".reactions__pick").unwrap().unwrap().unchecked_into();
    pick.click();
    settle().await;
    assert_eq!(visible(&root), ["love", "like", "laugh", "wow", "sad"], "used ones first, then the rest");
}

#[wasm_bindgen_test]
async fn a_guests_comment_is_marked() {
    let mut by_guest = comment(Duration::hours(1), false);
    by_guest.author = Author { id: UserId(1), display_name: "Zaungast Zora".into(), guest: true, deleted: false };
    let (root, _) = buttons(None, by_guest).await;
    assert_eq!(support::text_of(&root, ".comment__author").trim(), "Zaungast Zora (Gast)");
}
