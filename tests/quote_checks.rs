//! Each quote with source keeps the server's check of it however often its body is rendered:
//! after Edit → Cancel, and when the same references render the body again.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::{Duration, Utc};
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Author, Comment, CommentId, Me, QuoteCheck, QuoteStatus, Role, UserId};
use schrieb_web::components::comment::CommentItem;
use schrieb_web::components::markup::{MarkupView, References};
use schrieb_web::i18n::Locale;
use schrieb_web::session::Session;
use support::{Fixture, container, settle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AUTHOR: UserId = UserId(3);

/// Two quotes with source: Martin's still verified, Otto's edited since (revision 2 quoted).
const BODY: &str = "[quote=12 author=\"Martin\"]\nDas stimmt.\n[/quote]\n\n\
[quote=14 author=\"Onkel Otto\"]\nFTP\n[/quote]\n\nMeine Antwort.";

fn checks() -> Vec<QuoteCheck> {
    vec![
        QuoteCheck { source: CommentId(12), revision: 1, status: QuoteStatus::Verified },
        QuoteCheck { source: CommentId(14), revision: 2, status: QuoteStatus::Edited },
    ]
}

fn comment() -> Comment {
    Comment {
        id: CommentId(42),
        position: Some(7),
        author: Author { id: AUTHOR, display_name: "Frau Holle".into(), guest: false, deleted: false },
        body: BODY.into(),
        created_at: Utc::now() - Duration::minutes(5),
        edited_at: None,
        edit_count: 0,
        deleted: false,
        quotes: checks(),
        mentions: vec![],
        reactions: vec![],
        state: schrieb_api::CommentState::Published,
        state_reason: None,
        previews: vec![],
    }
}

/// The quotes of the rendered body (`scope`), outermost only, as (verified?, stale?, notice).
fn badges(root: &web_sys::HtmlElement, scope: &str) -> Vec<(bool, bool, Option<String>)> {
    let quotes = root.query_selector_all(&format!("{scope} .markup > blockquote")).unwrap();
    (0..quotes.length())
        .map(|at| {
            let quote: web_sys::Element = quotes.item(at).unwrap().unchecked_into();
            let class = quote.class_name();
            let notice = quote
                .query_selector(":scope > .markup__quote-status")
                .unwrap()
                .map(|notice| notice.text_content().unwrap_or_default());
            (class.contains("markup__quote--verified"), class.contains("markup__quote--stale"), notice)
        })
        .collect()
}

/// What `BODY` must show with `checks()`, written down rather than derived.
fn expected() -> Vec<(bool, bool, Option<String>)> {
    vec![
        (true, false, None),
        (false, true, Some("Der zitierte Text wurde seitdem bearbeitet. Versionen ansehen".into())),
    ]
}

fn button(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .map(|at| buttons.item(at).unwrap().unchecked_into::<web_sys::HtmlElement>())
        .find(|button| button.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no button {text:?}: {}", root.inner_html()))
}

#[wasm_bindgen_test]
async fn quote_badges_survive_edit_and_cancel() {
    let root = container();
    let handle = mount_to(root.clone(), move || {
        let me = Me {
            id: AUTHOR,
            display_name: "Frau Holle".into(),
            email: "holle@example.org".into(),
            role: Role::Reader,
            edit_window_hours: 24,
        };
        provide_context(Session { me: RwSignal::new(Some(me)), known: RwSignal::new(true) });
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                <CommentItem comment=comment() permalink="/a/x#c42" highlighted=false/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    assert_eq!(badges(&root, ".comment__body"), expected(), "as first shown");

    button(&root, "Bearbeiten").click();
    settle().await;
    assert!(root.query_selector("form.comment-editor").unwrap().is_some(), "the editor opened");
    assert!(root.query_selector(".comment > article > .comment__body").unwrap().is_none());
    let verified = (true, false, None);
    assert_eq!(badges(&root, "form.comment-editor"), [verified.clone(), verified], "the preview shows them verified");

    button(&root, "Abbrechen").click();
    settle().await;
    assert!(root.query_selector("form.comment-editor").unwrap().is_none(), "the editor closed");
    assert_eq!(badges(&root, ".comment__body"), expected(), "after Edit → Cancel");

    // And once more: a second round must not use anything up either.
    button(&root, "Bearbeiten").click();
    settle().await;
    button(&root, "Abbrechen").click();
    settle().await;
    assert_eq!(badges(&root, ".comment__body"), expected(), "after a second Edit → Cancel");
}

#[wasm_bindgen_test]
async fn the_same_references_render_the_same_twice() {
    let root = container();
    let references = References::new(checks(), vec![]);
    let round = RwSignal::new(0);
    let handle = mount_to(root.clone(), move || {
        let references = references.clone();
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                {
                    let (first, second) = (references.clone(), references.clone());
                    view! {
                        <div class="first">
                            {move || {
                                round.track();
                                view! { <MarkupView source=BODY references=first.clone()/> }
                            }}
                        </div>
                        <div class="second"><MarkupView source=BODY references=second/></div>
                    }
                }
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    assert_eq!(badges(&root, ".first"), expected(), "first render");
    assert_eq!(badges(&root, ".second"), expected(), "a second view with the same references");
    round.set(1);
    settle().await;
    assert_eq!(badges(&root, ".first"), expected(), "rendered again");
}
