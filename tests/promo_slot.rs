//! A promotion slot: labelled "Anzeige" as a landmark of its own, a skip link to the next post
//! first, a card (one sponsored link, a picture only from schrieb's origin) or the site's ad
//! server in a sandboxed frame of fixed size; hidden from signed-in readers where the site
//! says so.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::sync::Arc;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Me, PromoCard, PromoFrame, PromoSettings, Role, UserId};
use schrieb_web::components::promo::{PromoPlacement, PromoSlot};
use schrieb_web::i18n::Locale;
use schrieb_web::session::Session;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn card(title: &str, image: Option<&str>) -> PromoCard {
    PromoCard {
        title: title.into(),
        text: "<i>Text</i>".into(),
        link: "https://news.example.org/abo".into(),
        image: image.map(str::to_owned),
    }
}

async fn slot(promos: PromoSettings, after: u64, viewer: Option<Me>) -> web_sys::HtmlElement {
    let root = container();
    let promos = Arc::new(promos);
    let placement = PromoPlacement::after(&promos, after, "c99".into()).expect("a slot follows this post");
    let handle = mount_to(root.clone(), move || {
        provide_context(Session { me: RwSignal::new(viewer.clone()), known: RwSignal::new(true) });
        view! {
            <Fixture locale=Locale::de now=Utc::now()>
                <PromoSlot placement=placement.clone()/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    root
}

#[wasm_bindgen_test]
async fn cards_take_turns_labelled_and_skippable() {
    let promos = PromoSettings {
        enabled: true,
        after: 3,
        every: 10,
        cards: vec![
            card("Erste", Some("/api/v1/preview-images/a.jpg")),
            card("Zweite", Some("https://tracker.example/p.gif")),
        ],
        ..PromoSettings::default()
    };
    let first = slot(promos.clone(), 3, None).await;
    let aside = first.query_selector("aside.promo").unwrap().unwrap();
    assert_eq!(aside.get_attribute("aria-label").as_deref(), Some("Anzeige nach Beitrag 3"));
    assert!(!aside.has_attribute("hidden"));
    let skip = first.query_selector("aside.promo > a.promo__skip").unwrap().unwrap();
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#c99"));
    assert_eq!(skip.text_content().as_deref(), Some("Anzeige überspringen"));
    assert_eq!(text_of(&first, ".promo__label"), "Anzeige");
    assert_eq!(text_of(&first, ".promo__title"), "Erste");
    assert_eq!(text_of(&first, ".promo__body"), "<i>Text</i>", "the text is text");
    let link = first.query_selector("a.promo__card").unwrap().unwrap();
    assert_eq!(link.get_attribute("rel").as_deref(), Some("sponsored noopener"));
    assert_eq!(
        first.query_selector(".promo__image").unwrap().unwrap().get_attribute("src").as_deref(),
        Some("/api/v1/preview-images/a.jpg")
    );

    let second = slot(promos, 13, None).await;
    assert_eq!(text_of(&second, ".promo__title"), "Zweite", "the next slot shows the next card");
    assert!(second.query_selector(".promo__image").unwrap().is_none(), "no picture from elsewhere");
}

#[wasm_bindgen_test]
async fn an_ad_server_shows_sandboxed_and_signed_in_readers_may_be_spared() {
    let promos = PromoSettings {
        enabled: true,
        after: 1,
        every: 1,
        hide_signed_in: true,
        frame: Some(PromoFrame { url: "https://ads.example/slot".into(), width: 300, height: 250 }),
        ..PromoSettings::default()
    };
    let anonymous = slot(promos.clone(), 2, None).await;
    let frame = anonymous.query_selector("iframe.promo__frame").unwrap().unwrap();
    let sandbox = frame.get_attribute("sandbox").unwrap();
    assert!(sandbox.contains("allow-scripts") && !sandbox.contains("allow-same-origin"), "{sandbox}");
    assert_eq!(frame.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(
        (frame.get_attribute("width").as_deref(), frame.get_attribute("height").as_deref()),
        (Some("300"), Some("250"))
    );
    assert_eq!(frame.get_attribute("title").as_deref(), Some("Anzeige"));

    let me = Me {
        id: UserId(1),
        display_name: "Angemeldet".into(),
        email: "a@example.org".into(),
        role: Role::Reader,
        edit_window_hours: 24,
    };
    let signed_in = slot(promos, 2, Some(me)).await;
    assert!(signed_in.query_selector("aside.promo").unwrap().unwrap().has_attribute("hidden"));
}
