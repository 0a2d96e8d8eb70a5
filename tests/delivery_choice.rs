//! One row of the notification settings: a fieldset named by the kind, its four ways as radios
//! in the settings' order, the chosen one checked (none, and out of reach, while loading); a
//! click reports the way, and the row follows the choice it is given.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Delivery, NotificationKind};
use schrieb_web::components::notifications::DeliveryChoice;
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle, text_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A row for mentions in `locale`, showing `chosen`: its root, the choice it shows, and the
/// ways the reader picked.
async fn row(
    locale: Locale,
    chosen: Option<Delivery>,
) -> (web_sys::HtmlElement, RwSignal<Option<Delivery>>, RwSignal<Vec<Delivery>>) {
    let root = container();
    let shown = RwSignal::new(chosen);
    let picked = RwSignal::new(Vec::new());
    let handle = mount_to(root.clone(), move || {
        view! {
            <Fixture locale=locale now=Utc::now()>
                <DeliveryChoice kind=NotificationKind::Mention chosen=shown
                    disabled=Signal::derive(move || shown.get().is_none())
                    on_choose=move |delivery| picked.update(|picked| picked.push(delivery))/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    (root, shown, picked)
}

fn radios(root: &web_sys::HtmlElement) -> Vec<web_sys::HtmlInputElement> {
    let list = root.query_selector_all("fieldset input[type=radio]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

/// The text of each radio's label, in order.
fn labels(root: &web_sys::HtmlElement) -> Vec<String> {
    radios(root)
        .iter()
        .map(|radio| radio.labels().unwrap().item(0).unwrap().text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The value of each checked radio.
fn checked(root: &web_sys::HtmlElement) -> Vec<String> {
    radios(root).iter().filter(|radio| radio.checked()).map(web_sys::HtmlInputElement::value).collect()
}

#[wasm_bindgen_test]
async fn the_kind_names_the_group_and_its_four_ways_are_labelled_in_order() {
    let (root, _, _) = row(Locale::de, Some(Delivery::Email)).await;
    assert_eq!(text_of(&root, "fieldset > legend"), "Erwähnungen (@Name)");
    assert_eq!(labels(&root), ["Nur in der App", "Per Mail", "In der täglichen Übersicht", "Aus"]);
    let values: Vec<String> = radios(&root).iter().map(web_sys::HtmlInputElement::value).collect();
    assert_eq!(values, ["app", "email", "digest", "off"]);
    assert!(
        radios(&root).iter().all(|radio| radio.name() == "delivery-mention"),
        "one group: the arrow keys move in it"
    );
    assert_eq!(checked(&root), ["email"]);

    let (english, _, _) = row(Locale::en, Some(Delivery::Digest)).await;
    assert_eq!(text_of(&english, "fieldset > legend"), "Mentions (@name)");
    assert_eq!(labels(&english), ["In the app only", "By mail", "In the daily digest", "Off"]);
    assert_eq!(checked(&english), ["digest"]);
}

#[wasm_bindgen_test]
async fn a_click_reports_the_way_and_the_row_shows_the_choice_it_is_given() {
    let (root, shown, picked) = row(Locale::de, Some(Delivery::Email)).await;
    radios(&root)[3].click();
    settle().await;
    assert_eq!(picked.get_untracked(), [Delivery::Off]);

    shown.set(Some(Delivery::App));
    settle().await;
    assert_eq!(checked(&root), ["app"]);
}

#[wasm_bindgen_test]
async fn while_loading_nothing_is_checked_and_nothing_can_be_chosen() {
    let (root, shown, _) = row(Locale::de, None).await;
    assert_eq!(checked(&root), Vec::<String>::new());
    assert!(radios(&root).iter().all(|radio| radio.matches(":disabled").unwrap()));

    shown.set(Some(Delivery::Digest));
    settle().await;
    assert_eq!(checked(&root), ["digest"]);
    assert!(radios(&root).iter().all(|radio| !radio.matches(":disabled").unwrap()));
}
