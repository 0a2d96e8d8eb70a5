use std::io::Read;

use axum::http::HeaderMap;
use schrieb_api::{CommentId, PageNumber, Slug};

use super::encoded::{Encoding, best_encoding};
use super::*;
use crate::db::{ArticleKey, EventKind, ThreadEvent};

fn slug(name: &str) -> Slug {
    Slug::parse(name).unwrap()
}

fn key(name: &str) -> AnswerKey {
    AnswerKey::comment_page(&slug(name), PageNumber::FIRST)
}

fn answer_of(thread: &str, body: &str, quoted: &[i64]) -> Answer {
    Answer::new(
        JSON,
        body.as_bytes().to_vec(),
        Shows { thread: slug(thread), quoted: quoted.iter().copied().map(CommentId).collect() },
    )
}

fn event(seq: i64, thread: Option<&str>, comment: Option<i64>) -> ThreadEvent {
    ThreadEvent {
        decision: None,
        seq,
        kind: EventKind::Edited,
        article: thread.map(|name| (ArticleKey(1), slug(name))),
        comment: comment.map(CommentId),
    }
}

async fn body_of(response: Response) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
}

#[test]
fn the_best_encoding_the_request_takes_is_chosen() {
    assert_eq!(best_encoding("gzip, deflate, br, zstd"), Encoding::Brotli);
    assert_eq!(best_encoding("gzip"), Encoding::Gzip);
    assert_eq!(best_encoding("x-gzip;q=0.5"), Encoding::Gzip);
    assert_eq!(best_encoding("br;q=0, gzip"), Encoding::Gzip);
    assert_eq!(best_encoding("BR; q=0.0"), Encoding::Identity);
    assert_eq!(best_encoding("*"), Encoding::Brotli);
    assert_eq!(best_encoding(""), Encoding::Identity);
    assert_eq!(best_encoding("identity, deflate"), Encoding::Identity);
}

#[tokio::test]
async fn every_encoding_carries_the_same_body() {
    let text = r#"{"items":[{"body":"Gute Frage – aber die Antwort ist älter als gedacht."}]}"#.repeat(40);
    let kept = answer_of("eins", &text, &[]);
    let mut request = HeaderMap::new();
    let plain = kept.respond(Accepted::of(&request));
    assert_eq!(plain.headers().get(header::CONTENT_ENCODING), None);
    assert_eq!(plain.headers()[header::VARY], "accept-encoding, cookie, authorization");
    assert_eq!(body_of(plain).await, text.as_bytes());

    request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    let zipped = kept.respond(Accepted::of(&request));
    assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&body_of(zipped).await[..]).read_to_string(&mut unzipped).unwrap();
    assert_eq!(unzipped, text);

    request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"));
    let brotlied = kept.respond(Accepted::of(&request));
    assert_eq!(brotlied.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(brotlied.headers()[header::CONTENT_TYPE], "application/json");
    let compressed = body_of(brotlied).await;
    assert!(compressed.len() < text.len() / 4, "{} of {} bytes", compressed.len(), text.len());
    let mut unbrotlied = String::new();
    brotli::Decompressor::new(&compressed[..], 4096).read_to_string(&mut unbrotlied).unwrap();
    assert_eq!(unbrotlied, text);
}

#[test]
fn a_change_drops_the_answers_of_its_thread_and_those_quoting_its_comment() {
    let cache = AnswerCache::new(1 << 20, 0);
    let ticket = cache.ticket();
    cache.keep(key("eins"), answer_of("eins", "1", &[]), ticket);
    cache.keep(key("zwei"), answer_of("zwei", "2", &[7]), ticket);
    cache.keep(key("drei"), answer_of("drei", "3", &[8]), ticket);
    assert_eq!(cache.len(), 3);

    // Comment 7 of thread "eins", quoted in "zwei", was edited.
    cache.forget(&[event(1, Some("eins"), Some(7))]);
    assert!(cache.get(&key("eins")).is_none());
    assert!(cache.get(&key("zwei")).is_none());
    assert_eq!(cache.get(&key("drei")).unwrap().body.identity(), b"3");
}

#[test]
fn a_sites_change_drops_every_answer() {
    let cache = AnswerCache::new(1 << 20, 0);
    cache.keep(key("eins"), answer_of("eins", "1", &[]), cache.ticket());
    cache.keep(key("zwei"), answer_of("zwei", "2", &[]), cache.ticket());
    cache.forget(&[event(1, None, None)]);
    assert!(cache.is_empty());
}

#[test]
fn an_answer_read_before_a_change_is_not_kept_after_it() {
    let cache = AnswerCache::new(1 << 20, 5);
    let before = cache.ticket();
    // The change lands and is forgotten while the answer is being read...
    cache.forget(&[event(6, Some("eins"), None)]);
    // ...so what was read may predate it: sent, not kept.
    let sent = cache.keep(key("eins"), answer_of("eins", "old", &[]), before);
    assert_eq!(sent.body.identity(), b"old");
    assert!(cache.get(&key("eins")).is_none());
    cache.keep(key("eins"), answer_of("eins", "new", &[]), cache.ticket());
    assert_eq!(cache.get(&key("eins")).unwrap().body.identity(), b"new");
}

#[test]
fn an_answer_past_its_freshness_is_not_given_out() {
    let cache = AnswerCache::new(1 << 20, 0);
    cache.keep(key("eins"), answer_of("eins", "1", &[]).fresh_for(Duration::ZERO), cache.ticket());
    assert!(cache.get(&key("eins")).is_none());
    cache.keep(key("zwei"), answer_of("zwei", "2", &[]).fresh_for(Duration::from_secs(3600)), cache.ticket());
    assert!(cache.get(&key("zwei")).is_some());
}

#[test]
fn a_full_cache_drops_what_was_used_least_recently() {
    let one = answer_of("t0", &"x".repeat(1000), &[]).bytes();
    let cache = AnswerCache::new(one * 8, 0);
    for page in 0..8 {
        cache.keep(key(&format!("t{page}")), answer_of(&format!("t{page}"), &"x".repeat(1000), &[]), cache.ticket());
    }
    assert_eq!(cache.len(), 8);
    // t0 and t1 are read again: the oldest uses are now t2 and t3.
    assert!(cache.get(&key("t0")).is_some());
    assert!(cache.get(&key("t1")).is_some());
    cache.keep(key("t8"), answer_of("t8", &"x".repeat(1000), &[]), cache.ticket());
    assert!(cache.get(&key("t0")).is_some());
    assert!(cache.get(&key("t1")).is_some());
    assert!(cache.get(&key("t8")).is_some());
    assert!(cache.get(&key("t2")).is_none());
    assert!(cache.read().bytes <= one * 8);
    let counted: usize = cache.read().entries.values().map(|answer| answer.bytes()).sum();
    assert_eq!(cache.read().bytes, counted);
}
