//! The markup tree rendered as views: every construct, quotes with source, and nothing
//! user-controlled in an attribute except a vetted link.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{CommentId, MentionRef, QuoteCheck, QuoteStatus, UserId};
use schrieb_web::components::markup::{MarkupView, References};
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BODY: &str = "[quote=12 author=\"Martin\"]\n[quote=3 author=\"Frau Holle\"]\nganz alt\n[/quote]\nDas *stimmt*.\n[/quote]\n\n\
**fett** ~~weg~~ `x < y` @\"Frau Holle\" [Doku](https://example.org/doku) [böse](javascript:alert(1))\n\n\
- eins\n- zwei\n\n```\n<b>code</b>\n```\n\n---";

async fn render(locale: Locale) -> web_sys::HtmlElement {
    render_with(locale, BODY, References::default()).await
}

async fn render_with(locale: Locale, body: &'static str, references: References) -> web_sys::HtmlElement {
    let root = container();
    let handle = mount_to(root.clone(), move || {
        let references = references.clone();
        view! {
            <Fixture locale=locale now=Utc::now()>
                <MarkupView source=body references=references.clone()/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    root
}

#[wasm_bindgen_test]
async fn renders_every_construct() {
    let root = render(Locale::de).await;
    assert_eq!(text_of(&root, "strong"), "fett");
    assert_eq!(text_of(&root, "del"), "weg");
    assert_eq!(text_of(&root, "code.markup__inline-code"), "x < y");
    assert_eq!(text_of(&root, ".markup__mention"), "@Frau Holle");
    assert_eq!(root.query_selector_all("ul > li").unwrap().length(), 2);
    assert_eq!(text_of(&root, "pre.markup__code code"), "<b>code</b>\n");
    assert!(root.query_selector("pre b").unwrap().is_none(), "code stays text");
    assert!(root.query_selector("hr").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn links_are_vetted_and_open_safely() {
    let root = render(Locale::en).await;
    let links = root.query_selector_all("a.markup__link").unwrap();
    assert_eq!(links.length(), 1, "the javascript: link is not a link");
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.org/doku"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("nofollow ugc noopener"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(link.text_content().unwrap().starts_with("Doku (example.org)"));
    assert!(root.text_content().unwrap().contains("böse"));
}

#[wasm_bindgen_test]
async fn quotes_name_and_link_their_source_and_nested_ones_collapse() {
    let root = render(Locale::de).await;
    let source: web_sys::Element = root.query_selector(".markup__quote-source a").unwrap().unwrap();
    assert_eq!(source.text_content().as_deref(), Some("Martin schrieb:"));
    assert_eq!(source.get_attribute("href").as_deref(), Some("#c12"));
    let outer = root.query_selector("blockquote").unwrap().unwrap();
    assert!(!outer.class_name().contains("collapsed"), "a short first-level quote is open");
    let inner = root.query_selector("blockquote blockquote").unwrap().unwrap();
    assert!(inner.class_name().contains("markup__quote--collapsed"));
    assert_eq!(text_of(&root, "blockquote blockquote .markup__quote-source"), "Frau Holle schrieb:");
    let toggle: web_sys::HtmlElement = inner.query_selector("button").unwrap().unwrap().unchecked_into();
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    toggle.click();
    settle().await;
    assert!(!inner.class_name().contains("collapsed"));
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
}

/// Two outer quotes and a nested one: the server's checks go to the outer quotes in order,
/// the nested quote (the quoted comment's own) takes none.
const CHECKED: &str = "[quote=12 author=\"Martin\"]\n[quote=3 author=\"Frau Holle\"]\nganz alt\n[/quote]\nDas stimmt.\n[/quote]\n\n\
[quote=14 author=\"Onkel Otto\"]\nFTP\n[/quote]\n\n> ohne Quelle\n\n[quote=15 author=\"T-800\"]\nweg\n[/quote]\n\nHallo @otto und @niemand";

fn checks() -> References {
    let check = |source, revision, status| QuoteCheck { source: CommentId(source), revision, status };
    References::new(
        vec![
            check(12, 1, QuoteStatus::Verified),
            check(14, 2, QuoteStatus::Edited),
            check(15, 1, QuoteStatus::Deleted),
        ],
        vec![MentionRef { name: "Otto".into(), user: UserId(9) }],
    )
}

#[wasm_bindgen_test]
async fn quote_checks_mark_edited_and_deleted_sources() {
    let root = render_with(Locale::de, CHECKED, checks()).await;
    let quotes = root.query_selector_all(".markup > blockquote").unwrap();
    assert_eq!(quotes.length(), 4);
    let quote = |at: u32| -> web_sys::Element { quotes.item(at).unwrap().unchecked_into() };
    assert!(quote(0).class_name().contains("markup__quote--verified"));
    assert!(quote(0).query_selector(":scope > .markup__quote-status").unwrap().is_none(), "verified needs no words");
    let nested = quote(0).query_selector("blockquote").unwrap().unwrap();
    assert!(nested.query_selector(".markup__quote-status").unwrap().is_none());
    assert!(!nested.class_name().contains("verified"), "the nested quote takes no check of this body");

    assert!(quote(1).class_name().contains("markup__quote--stale"));
    let edited = quote(1).query_selector(".markup__quote-status").unwrap().unwrap();
    assert!(edited.text_content().unwrap().starts_with("Der zitierte Text wurde seitdem bearbeitet."));
    let history = edited.query_selector("a").unwrap().unwrap();
    assert_eq!(history.get_attribute("href").as_deref(), Some("/c/14/revisions#r2"));

    assert!(quote(2).query_selector(".markup__quote-status").unwrap().is_none(), "a > quote has no source to check");
    assert_eq!(
        quote(3).query_selector(".markup__quote-status").unwrap().unwrap().text_content().as_deref(),
        Some("Der zitierte Beitrag wurde gelöscht.")
    );
    assert_eq!(
        quote(3).query_selector(".markup__quote-source a").unwrap().unwrap().get_attribute("href").as_deref(),
        Some("#c15")
    );
}

#[wasm_bindgen_test]
async fn mentions_of_known_accounts_link_to_them() {
    let root = render_with(Locale::en, CHECKED, checks()).await;
    let mentions = root.query_selector_all(".markup__mention").unwrap();
    assert_eq!(mentions.length(), 2);
    let known: web_sys::Element = mentions.item(0).unwrap().unchecked_into();
    assert_eq!((known.tag_name().as_str(), known.get_attribute("href").as_deref()), ("A", Some("/u/9")));
    assert_eq!(known.text_content().as_deref(), Some("@otto"));
    let unknown: web_sys::Element = mentions.item(1).unwrap().unchecked_into();
    assert_eq!((unknown.tag_name().as_str(), unknown.text_content().as_deref()), ("SPAN", Some("@niemand")));
}

#[wasm_bindgen_test]
async fn imported_quotes_say_they_are_unverified_in_english() {
    let check = QuoteCheck { source: CommentId(12), revision: 1, status: QuoteStatus::Unverified };
    let root =
        render_with(Locale::en, "[quote=12 author=\"Martin\"]\nx\n[/quote]", References::new(vec![check], vec![]))
            .await;
    assert_eq!(text_of(&root, ".markup__quote-status"), "Imported quote, not verified.");
    assert_eq!(text_of(&root, ".markup__quote-source"), "Martin wrote:");
}
