//! The markup tree rendered as views: every construct, quotes with source, and nothing
//! user-controlled in an attribute except a vetted link.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_web::components::markup::MarkupView;
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BODY: &str = "[quote=12 author=\"Martin\"]\n[quote=3 author=\"Frau Holle\"]\nganz alt\n[/quote]\nDas *stimmt*.\n[/quote]\n\n\
**fett** ~~weg~~ `x < y` @\"Frau Holle\" [Doku](https://example.org/doku) [böse](javascript:alert(1))\n\n\
- eins\n- zwei\n\n```\n<b>code</b>\n```\n\n---";

async fn render(locale: Locale) -> web_sys::HtmlElement {
    let root = container();
    let handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=locale now=Utc::now()>
                <MarkupView source=BODY/>
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
