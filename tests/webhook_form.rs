//! The webhook form: an endpoint's events are its checked boxes, in the API's order, each
//! labelled in words with its wire name; the API's rules are checked before anything is sent
//! (a bad address is said at the address, which takes the cursor; no event, at the events), and
//! a form that broke a rule sends nothing.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use chrono::Utc;
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Webhook, WebhookEvent, WebhookId};
use schrieb_web::components::admin::{WebhookForm, WebhookSaved, WebhookTarget};
use schrieb_web::i18n::Locale;
use support::{Fixture, container, settle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn endpoint(url: &str, events: Vec<WebhookEvent>) -> Webhook {
    Webhook { id: WebhookId(7), url: url.into(), events, active: true, disabled_reason: None, created_at: Utc::now() }
}

/// The form for `webhook` in `locale`: its root and how often it reported a save.
async fn form(locale: Locale, webhook: Webhook) -> (web_sys::HtmlElement, RwSignal<usize>) {
    let root = container();
    let saved = RwSignal::new(0_usize);
    let handle = mount_to(root.clone(), move || {
        let webhook = webhook.clone();
        view! {
            <Fixture locale=locale now=Utc::now()>
                <WebhookForm target=WebhookTarget::Existing(webhook.clone())
                    on_saved=Callback::new(move |_: WebhookSaved| saved.update(|count| *count += 1))/>
            </Fixture>
        }
    });
    handle.forget();
    settle().await;
    (root, saved)
}

fn boxes(root: &web_sys::HtmlElement) -> Vec<web_sys::HtmlInputElement> {
    let list = root.query_selector_all("fieldset input[type=checkbox]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn checked(root: &web_sys::HtmlElement) -> Vec<String> {
    boxes(root).iter().filter(|one| one.checked()).map(web_sys::HtmlInputElement::value).collect()
}

fn url_field(root: &web_sys::HtmlElement) -> web_sys::HtmlInputElement {
    root.query_selector("input[type=url]").unwrap().unwrap().unchecked_into()
}

/// The texts of the form's alerts.
fn alerts(root: &web_sys::HtmlElement) -> Vec<String> {
    let list = root.query_selector_all("[role=alert]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default().trim().to_owned()).collect()
}

async fn submit(root: &web_sys::HtmlElement) {
    let button: web_sys::HtmlElement = root.query_selector("button[type=submit]").unwrap().unwrap().unchecked_into();
    button.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_events_are_the_checked_boxes_in_order_labelled_with_their_wire_names() {
    let (root, _) = form(Locale::de, endpoint("https://hooks.example/a", vec![WebhookEvent::Deleted])).await;
    let values: Vec<String> = boxes(&root).iter().map(web_sys::HtmlInputElement::value).collect();
    assert_eq!(values, ["comment.published", "comment.edited", "comment.deleted", "comment.moderated"]);
    assert_eq!(checked(&root), ["comment.deleted"]);
    let first = boxes(&root)[0].labels().unwrap().item(0).unwrap().text_content().unwrap();
    assert_eq!(
        first.split_whitespace().collect::<Vec<_>>().join(" "),
        "Ein Kommentar wird veröffentlicht comment.published"
    );
    assert_eq!(url_field(&root).value(), "https://hooks.example/a");

    let (english, _) = form(Locale::en, endpoint("https://hooks.example/b", WebhookEvent::ALL.to_vec())).await;
    assert_eq!(checked(&english).len(), 4);
    assert_eq!(english.query_selector("legend").unwrap().unwrap().text_content().unwrap(), "Events");
}

#[wasm_bindgen_test]
async fn no_event_is_said_at_the_events_and_nothing_is_sent() {
    let (root, saved) = form(Locale::de, endpoint("https://hooks.example/c", vec![WebhookEvent::Published])).await;
    boxes(&root)[0].click();
    settle().await;
    assert!(checked(&root).is_empty());
    submit(&root).await;
    assert_eq!(alerts(&root), ["Bitte wählen Sie mindestens ein Ereignis, von dem der Webhook hören soll."]);
    let fieldset = root.query_selector("fieldset").unwrap().unwrap();
    let described = fieldset.get_attribute("aria-describedby").expect("the events point at their message");
    assert!(root.query_selector(&format!("#{described}")).unwrap().is_some());
    // Checking one again takes the message away.
    boxes(&root)[1].click();
    settle().await;
    assert!(alerts(&root).is_empty());
    assert_eq!(saved.get_untracked(), 0);
}

#[wasm_bindgen_test]
async fn a_bad_address_is_said_at_the_address_which_takes_the_cursor() {
    let (root, saved) = form(Locale::en, endpoint("https://hooks.example/d", vec![WebhookEvent::Edited])).await;
    let url = url_field(&root);
    url.set_value("ftp://files.example/hook");
    url.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    submit(&root).await;
    assert_eq!(
        alerts(&root),
        ["A webhook's address starts with http:// or https://, names a host and holds no credentials."]
    );
    assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(url.get_attribute("aria-describedby").unwrap().contains("webhook-7-url-error"));
    let focused = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert_eq!(focused.id(), url.id());
    // No request went out: a refused one would have shown the client's error.
    settle().await;
    assert_eq!(alerts(&root).len(), 1);
    assert_eq!(saved.get_untracked(), 0);
}
