//! The embed widget's threads: a page of a registered site gets its thread on first view, with
//! a title, language and slug made from what the page tells us.

pub mod origin;
pub mod preview;

use chrono::{DateTime, Utc};
use schrieb_api::{EmbedThreadRequest, MAX_SLUG_LEN, MAX_TITLE_CHARS, PageUrl, Slug, SlugError};
use sha2::{Digest, Sha256};

use crate::db::{EmbedSite, NewArticle};

pub use origin::{OriginError, site_origin, snippet};

/// Hex digits of the address's hash that end every thread slug, keeping slugs of addresses that
/// read alike (`/Post` and `/post`) apart.
const HASH_HEX: usize = 8;

/// The thread `request` asks for, as it is stored on first view: by the site, with no body.
pub fn new_thread(site: &EmbedSite, request: &EmbedThreadRequest, now: DateTime<Utc>) -> Result<NewArticle, SlugError> {
    Ok(NewArticle {
        site_id: site.id,
        slug: thread_slug(&request.url)?,
        lang: thread_lang(request.lang.as_deref()).to_owned(),
        title: thread_title(&request.title, &request.url),
        author: site.name.clone(),
        published_at: now,
        canonical_url: request.url.as_str().to_owned(),
        body: String::new(),
        note: None,
    })
}

/// The page's title on one line: control characters gone, white space runs made one space,
/// at most [`MAX_TITLE_CHARS`]; the page's path when nothing is left.
pub fn thread_title(raw: &str, url: &PageUrl) -> String {
    let title = one_line(raw);
    if title.is_empty() { one_line(&decoded(url.path())) } else { title }
}

fn one_line(raw: &str) -> String {
    // Line breaks and tabs separate words; other control characters are dropped.
    let spaced: String =
        raw.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).filter(|c| !c.is_control()).collect();
    let title: String = spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_TITLE_CHARS).collect();
    title.trim_end().to_owned()
}

/// `en` for English pages (`en`, `en-GB`, `EN_us`), `de` for everything else: the languages
/// the app speaks, German first.
pub fn thread_lang(raw: Option<&str>) -> &'static str {
    let primary = raw.unwrap_or_default().trim().split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") { "en" } else { "de" }
}

/// A readable, unique slug: host and path in `a-z0-9-` (umlauts written out, other letters
/// outside ASCII dropped), cut to fit, then `-` and 8 hex digits of the address's SHA-256.
pub fn thread_slug(url: &PageUrl) -> Result<Slug, SlugError> {
    let readable = url.as_str().split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let mut base = String::new();
    for c in decoded(readable).chars().flat_map(char::to_lowercase) {
        match transliterated(c) {
            Some(ascii) => base.push_str(ascii),
            None if c.is_ascii_alphanumeric() => base.push(c),
            // A letter we cannot write in ASCII: left out rather than made a word break.
            None if c.is_alphabetic() => {}
            None => {
                if !base.is_empty() && !base.ends_with('-') {
                    base.push('-');
                }
            }
        }
    }
    let hash: String = Sha256::digest(url.as_str().as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
    let hash = &hash[..HASH_HEX];
    // Only ASCII is left, so bytes are characters.
    base.truncate(MAX_SLUG_LEN - HASH_HEX - 1);
    let base = base.trim_matches('-');
    if base.is_empty() { Slug::parse(hash) } else { Slug::parse(&format!("{base}-{hash}")) }
}

/// German letters written out, and the accented Latin letters of nearby languages without
/// their accents.
fn transliterated(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' | 'ø' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' => "a",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'ř' => "r",
        _ => return None,
    })
}

/// Percent-encoded text as people wrote it (invalid UTF-8 replaced).
fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use schrieb_api::Slug;

    use super::*;

    fn url(raw: &str) -> PageUrl {
        PageUrl::parse(raw).unwrap()
    }

    fn slug(raw: &str) -> String {
        thread_slug(&url(raw)).unwrap().as_str().to_owned()
    }

    #[test]
    fn slugs_read_like_the_address_and_end_in_its_hash() {
        let slug = slug("https://blog.example/2026/Hallo-Welt/");
        let (base, hash) = slug.rsplit_once('-').unwrap();
        assert_eq!(base, "blog-example-2026-hallo-welt");
        assert_eq!(hash.len(), 8);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn slugs_write_out_umlauts_and_drop_other_letters() {
        assert!(slug("https://blog.example/Über-Größe").starts_with("blog-example-ueber-groesse-"));
        assert!(slug("https://blog.example/café/привет/x").starts_with("blog-example-cafe-x-"));
        assert!(slug("http://localhost:8080/").starts_with("localhost-8080-"));
    }

    #[test]
    fn addresses_that_differ_only_in_case_get_different_slugs() {
        assert_ne!(slug("https://blog.example/Post"), slug("https://blog.example/post"));
        assert_eq!(slug("https://blog.example/post?utm=1"), slug("https://blog.example/post#x"));
    }

    #[test]
    fn long_and_odd_addresses_still_make_valid_slugs() {
        for raw in [
            format!("https://blog.example/{}", "abc-".repeat(400)),
            format!("https://blog.example/{}", "ä".repeat(300)),
            "https://blog.example/---/".to_owned(),
            "https://xn--bcher-kva.example/%FF%FE".to_owned(),
            "http://[::1]:3000/".to_owned(),
            "https://1.2.3.4/".to_owned(),
        ] {
            let made = thread_slug(&url(&raw)).unwrap();
            assert!(Slug::parse(made.as_str()).is_ok(), "{raw} → {made}");
            assert!(made.as_str().len() <= MAX_SLUG_LEN);
        }
    }

    #[test]
    fn titles_are_one_line_without_control_characters() {
        let page = url("https://blog.example/x");
        assert_eq!(thread_title("  Hallo\n\tWelt\u{0007}!  ", &page), "Hallo Welt!");
        assert_eq!(thread_title(&"ä".repeat(400), &page).chars().count(), MAX_TITLE_CHARS);
    }

    #[test]
    fn an_empty_title_is_the_path() {
        assert_eq!(thread_title(" \n ", &url("https://blog.example/2026/gr%C3%BC%C3%9Fe?x=1")), "/2026/grüße");
        assert_eq!(thread_title("", &url("https://blog.example")), "/");
    }

    #[test]
    fn languages_are_german_unless_english() {
        assert_eq!(thread_lang(Some("en")), "en");
        assert_eq!(thread_lang(Some("en-GB")), "en");
        assert_eq!(thread_lang(Some(" EN_us ")), "en");
        assert_eq!(thread_lang(Some("de-AT")), "de");
        assert_eq!(thread_lang(Some("fr")), "de");
        assert_eq!(thread_lang(Some("english")), "de");
        assert_eq!(thread_lang(None), "de");
    }
}
