//! Page navigation links to the right pages, marks the current one, and disables "previous"
//! on the first and "next" on the last page.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::Slug;
use schrieb_web::components::thread::{Pagination, ThreadLinks};
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn hrefs(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|node| {
            use wasm_bindgen::JsCast;
            node.unchecked_into::<web_sys::Element>().get_attribute("href").unwrap_or_default()
        })
        .collect()
}

fn disabled(root: &web_sys::HtmlElement, class: &str) -> bool {
    root.query_selector(&format!("span.{class}[aria-disabled=true]")).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn moves_between_pages_and_disables_the_ends() {
    let root = container();
    let (current, set_current) = signal(1_u32);
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                {move || view! { <Pagination current=current.get() pages=3 links=ThreadLinks::article(&Slug::parse("pergola").unwrap())/> }}
            </Fixture>
        }
    });
    settle().await;
    // First page: no way back, next goes to 2.
    assert!(disabled(&root, "prev"));
    assert_eq!(hrefs(&root, "a.next"), vec!["/a/pergola?page=2#discussion"]);
    assert_eq!(
        hrefs(&root, ".pagination__page"),
        vec!["/a/pergola?page=1#discussion", "/a/pergola?page=2#discussion", "/a/pergola?page=3#discussion"]
    );
    let current_page = root.query_selector("[aria-current=page]").unwrap().unwrap();
    assert_eq!(current_page.text_content().as_deref(), Some("1"));
    assert_eq!(current_page.get_attribute("aria-label").as_deref(), Some("Seite 1, aktuelle Seite"));

    set_current.set(2);
    settle().await;
    assert_eq!(hrefs(&root, "a.prev"), vec!["/a/pergola?page=1#discussion"]);
    assert_eq!(hrefs(&root, "a.next"), vec!["/a/pergola?page=3#discussion"]);
    assert!(!disabled(&root, "prev") && !disabled(&root, "next"));

    set_current.set(3);
    settle().await;
    assert!(disabled(&root, "next"));
    assert_eq!(hrefs(&root, "a.prev"), vec!["/a/pergola?page=2#discussion"]);
    assert_eq!(root.query_selector("[aria-current=page]").unwrap().unwrap().text_content().as_deref(), Some("3"));
}

#[wasm_bindgen_test]
async fn long_threads_elide_pages() {
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=Locale::en now=Utc::now()>
                <Pagination current=10 pages=20 links=ThreadLinks::article(&Slug::parse("lang").unwrap())/>
            </Fixture>
        }
    });
    settle().await;
    let labels: Vec<String> = {
        let nodes = root.query_selector_all(".pagination__pages li").unwrap();
        (0..nodes.length()).filter_map(|i| nodes.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    };
    assert_eq!(labels, ["1", "…", "8", "9", "10", "11", "12", "…", "20"]);
}
