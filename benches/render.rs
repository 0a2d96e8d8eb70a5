//! Parse + render of one thread page in the browser: 20 comments of about 800 characters, with
//! quotes, emphasis, links, mentions and a list, mounted as the app mounts them (CommentItem,
//! which parses each body with `schrieb-markup` and builds its views), then unmounted. Run by
//! `cargo xtask bench` in headless Chromium, built like the shipped app (`wasm-release`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/support.rs"]
mod support;

use chrono::{Duration, Utc};
use leptos::mount::mount_to;
use leptos::prelude::*;
use schrieb_api::{Author, Comment, CommentId, UserId};
use schrieb_web::components::comment::CommentItem;
use schrieb_web::components::markup::MarkupView;
use schrieb_web::i18n::Locale;
use support::{Fixture, container};
use wasm_bindgen_test::{Criterion, wasm_bindgen_bench, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// About 800 characters of what forum comments hold.
fn body(n: usize) -> String {
    let text = format!(
        "[quote={q} author=\"Leser {q}\"]\nDas ist der Satz, auf den ich mich beziehe, mit *Betonung* und einem Link: https://example.org/quelle/{q}\n[/quote]\n\n\
         @\"Leser {q}\" ich sehe das **anders**, und zwar aus drei Gründen:\n\n\
         - die Lizenz gilt nur für neue Versionen,\n- ältere Stände bleiben frei,\n- und der Fork ist schon da.\n\n\
         Mehr dazu steht in der [Dokumentation](https://docs.example.org/lizenz/{n}) und im `CHANGELOG`. \
         Ich finde, man sollte das nüchtern sehen: Wer betroffen ist, hat vier Jahre Zeit, und wer nicht betroffen ist, \
         muss gar nichts tun. Kommentar {n} Ende.",
        q = n + 100
    );
    debug_assert!((700..900).contains(&text.chars().count()), "{}", text.chars().count());
    text
}

fn page() -> Vec<Comment> {
    let now = Utc::now();
    (0..20)
        .map(|n| Comment {
            id: CommentId(1_000 + n as i64),
            position: Some(n as u64 + 1),
            author: Author { id: UserId(n as i64), display_name: format!("Leser {n}"), guest: false, deleted: false },
            body: body(n),
            created_at: now - Duration::minutes(90 - n as i64),
            edited_at: (n % 5 == 0).then(|| now - Duration::minutes(3)),
            edit_count: u32::from(n % 5 == 0),
            deleted: false,
            quotes: vec![],
            mentions: vec![],
            reactions: vec![],
            state: schrieb_api::CommentState::Published,
            state_reason: None,
            previews: vec![],
        })
        .collect()
}

#[wasm_bindgen_bench]
fn thread_page(c: &mut Criterion) {
    // The browser's main thread is busy for the whole run: kept short (xtask raises the
    // runner's timeout to match).
    *c = std::mem::take(c)
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    let comments = page();
    let bodies: Vec<String> = comments.iter().map(|c| c.body.clone()).collect();
    c.bench_function("parse 20 comment bodies (800 chars)", |b| {
        b.iter(|| bodies.iter().map(|body| schrieb_markup::parse(body).blocks.len()).sum::<usize>())
    });
    let root = container();
    // The bodies alone, then whole comments (avatar, author, times, permalink): where the time goes.
    c.bench_function("parse + render 20 bodies (800 chars)", |b| {
        b.iter(|| {
            let bodies = bodies.clone();
            let handle = mount_to(root.clone(), move || {
                let bodies = bodies.clone();
                view! {
                    <Fixture locale=Locale::de now=Utc::now()>
                        {bodies.clone().into_iter().map(|body| view! { <MarkupView source=body/> }).collect_view()}
                    </Fixture>
                }
            });
            let rendered = root.child_element_count();
            drop(handle);
            rendered
        })
    });
    c.bench_function("parse + render 20 comments (800 chars)", |b| {
        b.iter(|| {
            let comments = comments.clone();
            let handle = mount_to(root.clone(), move || {
                let comments = comments.clone();
                view! {
                    <Fixture locale=Locale::de now=Utc::now()>
                        <ol>
                            {comments.clone().into_iter().map(|comment| {
                                let permalink = format!("/a/bench#c{}", comment.id);
                                view! { <CommentItem comment=comment permalink=permalink highlighted=false/> }
                            }).collect_view()}
                        </ol>
                    </Fixture>
                }
            });
            let rendered = root.child_element_count();
            drop(handle);
            rendered
        })
    });
}
