//! Where links lead, as the app shows it. The browser's URL parser (the one that opens the
//! links) reads the table of tricky addresses (`crates/markup/tests/links/cases.rs`) as the
//! table says, which is also how the `url` crate reads them for the server's HTML
//! (`crates/markup/tests/link_hosts.rs`); and the views show that host beside link text.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_markup::Inline;
use schrieb_web::components::markup::{MarkupView, References, inlines, link};
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!("../crates/markup/tests/links/cases.rs");

#[wasm_bindgen_test]
fn the_browser_reads_every_tricky_address_as_the_table_says() {
    let wrong = disagreements(link);
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

fn links(root: &web_sys::HtmlElement) -> Vec<web_sys::Element> {
    let found = root.query_selector_all("a.markup__link").unwrap();
    (0..found.length()).map(|index| found.item(index).unwrap().unchecked_into()).collect()
}

fn host_hint(link: &web_sys::Element) -> Option<String> {
    link.query_selector(".markup__link-host").unwrap().map(|hint| hint.text_content().unwrap())
}

#[wasm_bindgen_test]
async fn the_views_show_the_tables_hosts() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                {CASES
                    .iter()
                    .map(|&(url, _)| {
                        let link = Inline::Link { url: url.into(), children: vec![Inline::Text { text: "bank".into() }] };
                        view! { <p class="case">{inlines(vec![link], &References::default())}</p> }
                    })
                    .collect_view()}
            </Fixture>
        }
    });
    settle().await;
    let paragraphs = root.query_selector_all("p.case").unwrap();
    assert_eq!(paragraphs.length() as usize, CASES.len());
    for (index, &(url, shown)) in CASES.iter().enumerate() {
        let paragraph: web_sys::HtmlElement = paragraphs.item(index as u32).unwrap().unchecked_into();
        let found = links(&paragraph);
        let shown = match shown {
            // The browser decides; its reading is held to the table above.
            Shown::TextOrWeb { href, host } if !found.is_empty() => Shown::Web { href, host },
            Shown::TextOrWeb { .. } => Shown::Text,
            shown => shown,
        };
        match shown {
            Shown::Web { href, host } => {
                assert_eq!(found.len(), 1, "{url:?}");
                assert_eq!(found[0].get_attribute("href").as_deref(), Some(href), "{url:?}");
                assert_eq!(host_hint(&found[0]), Some(format!(" ({host})")), "{url:?}");
            }
            Shown::Mail { href } => {
                assert_eq!(found.len(), 1, "{url:?}");
                assert_eq!(found[0].get_attribute("href").as_deref(), Some(href), "{url:?}");
                assert_eq!(host_hint(&found[0]), None, "{url:?}");
            }
            Shown::Text | Shown::TextOrWeb { .. } => {
                assert!(found.is_empty(), "{url:?}");
                assert_eq!(paragraph.text_content().as_deref(), Some("bank"), "{url:?}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_link_names_the_host_it_opens_whatever_its_address_looks_like() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                // `\\` in a link destination is one backslash.
                <MarkupView source="[bank](HTTPS://evil.example) [bank](https://evil.example\\\\@bank.example) https://bank.example@www.evil.example/konto"/>
            </Fixture>
        }
    });
    settle().await;
    let found = links(&root);
    assert_eq!(found.len(), 3, "{}", root.inner_html());
    assert_eq!(found[0].get_attribute("href").as_deref(), Some("https://evil.example/"));
    assert_eq!(host_hint(&found[0]).as_deref(), Some(" (evil.example)"));
    assert_eq!(found[1].get_attribute("href").as_deref(), Some("https://evil.example/@bank.example"));
    assert_eq!(host_hint(&found[1]).as_deref(), Some(" (evil.example)"));
    // A bare URL has no hint: its label starts with the host it opens, not with credentials.
    assert_eq!(found[2].get_attribute("href").as_deref(), Some("https://bank.example@www.evil.example/konto"));
    assert_eq!(host_hint(&found[2]), None);
    assert!(found[2].text_content().unwrap().starts_with("evil.example/konto"), "{}", found[2].outer_html());
}
