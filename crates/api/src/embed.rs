//! The embed widget: a page of a registered site shows its thread in an iframe from schrieb's
//! origin, and article lists show comment counts. Threads are keyed by the page's address,
//! normalized by [`PageUrl`] so the same page always finds the same thread.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The longest page address we accept, before and after normalizing.
pub const MAX_PAGE_URL_CHARS: usize = 2_000;

/// The longest title a page's thread takes; a longer one is cut there (at a character), not
/// refused: a page's `<title>` is the host site's, and the reader cannot change it.
pub const MAX_TITLE_CHARS: usize = 300;

/// How many page addresses one `GET /api/v1/counts` may ask about.
pub const MAX_COUNT_URLS: usize = 50;

/// `POST /api/v1/embed/threads`: the thread of a page of a registered site, created on first view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedThreadRequest {
    /// The page's address; the thread is keyed by its normalized form.
    pub url: PageUrl,
    /// The page's title; used only when the thread is created: on one line, trimmed, cut after
    /// 300 characters ([`MAX_TITLE_CHARS`]; a longer one is not refused), the address's path
    /// when empty.
    pub title: String,
    /// The page's language (`de`, `en`, `en-GB`, ...); only used when the thread is created.
    #[serde(default)]
    pub lang: Option<String>,
}

/// The answer of `GET /api/v1/counts`: each page address exactly as asked, with the number of
/// comments of its thread, not counting deleted ones (0 for a page without a thread).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CommentCounts(pub BTreeMap<String, u64>);

/// The page addresses one `GET /api/v1/counts` asks about, each as given (a malformed one
/// counts 0): 1 to [`MAX_COUNT_URLS`] `url` parameters, a repeated one counted each time, as
/// the OpenAPI document's `maxItems` counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountUrls(Vec<String>);

/// Why the addresses of a count were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("give 1 to {MAX_COUNT_URLS} page addresses as url=…, not {0}")]
pub struct CountUrlsError(pub usize);

impl CountUrls {
    /// Checks how many addresses `urls` has.
    pub fn parse(urls: Vec<String>) -> Result<Self, CountUrlsError> {
        if (1..=MAX_COUNT_URLS).contains(&urls.len()) { Ok(Self(urls)) } else { Err(CountUrlsError(urls.len())) }
    }

    /// The addresses, as given.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// A page's address as threads are keyed: http(s) only, no user name or password, scheme and
/// host lower case, default port dropped, query and fragment dropped (`utm_…` parameters and
/// anchors must not split a thread), path kept as is (`/` when empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PageUrl(String);

/// Why a page address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageUrlError {
    /// Empty, or not an absolute address at all.
    #[error("this is not a web address such as https://blog.example/post")]
    Invalid,
    /// Longer than [`MAX_PAGE_URL_CHARS`].
    #[error("a page address has at most 2,000 characters")]
    TooLong,
    /// Not `http` or `https` (`file:`, `javascript:`, `ftp:`, ...).
    #[error("a page address starts with http:// or https://")]
    Scheme,
    /// A user name or password before the host.
    #[error("a page address may not contain a user name or password")]
    Userinfo,
}

impl PageUrl {
    /// The scheme an address must start with, as the OpenAPI document states it (with `format:
    /// uri` and the length): what else [`PageUrl::parse`] checks is the URL standard's.
    pub const SCHEME_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://";

    /// Checks and normalizes `raw`; surrounding white space is ignored.
    pub fn parse(raw: &str) -> Result<Self, PageUrlError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PageUrlError::Invalid);
        }
        // Bounds the parser's work before it starts.
        if raw.chars().count() > MAX_PAGE_URL_CHARS {
            return Err(PageUrlError::TooLong);
        }
        // The WHATWG parser, as browsers use: it lower-cases scheme and host, writes
        // international hosts in punycode, drops the default port and makes an empty path "/",
        // so the address the loader reads from `location` keys the same thread as ours.
        let mut url = url::Url::parse(raw).map_err(|_| PageUrlError::Invalid)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(PageUrlError::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(PageUrlError::Userinfo);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(PageUrlError::Invalid);
        }
        url.set_query(None);
        url.set_fragment(None);
        let normalized = String::from(url);
        // Percent-encoding and punycode can lengthen an address.
        if normalized.chars().count() > MAX_PAGE_URL_CHARS {
            return Err(PageUrlError::TooLong);
        }
        Ok(Self(normalized))
    }

    /// An address that the browser's own URL parser (the WHATWG standard that [`PageUrl::parse`]
    /// follows too) has checked and normalized by the same rules: http(s), no user name or
    /// password, no query or fragment. For the web app only: calling `parse` there would put the
    /// `url` crate's IDNA tables (about 70 KB compressed) into every reader's download. Nothing
    /// unchecked reaches the server, which parses every request body again.
    pub fn from_browser(normalized: String) -> Self {
        Self(normalized)
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The site the page belongs to: `https://blog.example`, `http://localhost:8080`.
    pub fn origin(&self) -> &str {
        &self.0[..self.path_start()]
    }

    /// The path: `/2026/hallo`, `/` for the home page.
    pub fn path(&self) -> &str {
        &self.0[self.path_start()..]
    }

    /// Where the path begins: the first `/` after `scheme://`. Normalized addresses always have
    /// one and their host never contains one.
    fn path_start(&self) -> usize {
        let authority = self.0.find("://").map_or(0, |at| at + 3);
        self.0[authority..].find('/').map_or(self.0.len(), |at| authority + at)
    }
}

impl TryFrom<String> for PageUrl {
    type Error = PageUrlError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<PageUrl> for String {
    fn from(url: PageUrl) -> Self {
        url.0
    }
}

impl std::fmt::Display for PageUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(raw: &str) -> String {
        PageUrl::parse(raw).unwrap().as_str().to_owned()
    }

    #[test]
    fn keeps_a_plain_address() {
        assert_eq!(normalized("https://blog.example/2026/hallo"), "https://blog.example/2026/hallo");
    }

    #[test]
    fn lower_cases_scheme_and_host_but_not_the_path() {
        assert_eq!(normalized("HTTPS://Blog.Example/Post/Eins"), "https://blog.example/Post/Eins");
    }

    #[test]
    fn drops_query_and_fragment() {
        assert_eq!(normalized("https://blog.example/post?utm_source=x&a=1#kommentare"), "https://blog.example/post");
        assert_eq!(normalized("https://blog.example/post?"), "https://blog.example/post");
        assert_eq!(normalized("https://blog.example/post#"), "https://blog.example/post");
    }

    #[test]
    fn drops_the_default_port_and_keeps_others() {
        assert_eq!(normalized("https://blog.example:443/post"), "https://blog.example/post");
        assert_eq!(normalized("http://blog.example:80/post"), "http://blog.example/post");
        assert_eq!(normalized("http://localhost:8080/post"), "http://localhost:8080/post");
        assert_eq!(normalized("https://blog.example:80/post"), "https://blog.example:80/post");
    }

    #[test]
    fn an_empty_path_is_the_root() {
        assert_eq!(normalized("https://blog.example"), "https://blog.example/");
        assert_eq!(normalized("https://blog.example?x=1"), "https://blog.example/");
    }

    #[test]
    fn keeps_a_trailing_slash() {
        assert_eq!(normalized("https://blog.example/post/"), "https://blog.example/post/");
    }

    #[test]
    fn writes_international_hosts_as_browsers_do() {
        assert_eq!(normalized("https://Bücher.example/ä"), "https://xn--bcher-kva.example/%C3%A4");
    }

    #[test]
    fn ignores_surrounding_white_space() {
        assert_eq!(normalized("  https://blog.example/post \n"), "https://blog.example/post");
    }

    #[test]
    fn knows_origin_and_path() {
        let url = PageUrl::parse("http://LOCALHOST:8080/a/b?c").unwrap();
        assert_eq!(url.origin(), "http://localhost:8080");
        assert_eq!(url.path(), "/a/b");
        let root = PageUrl::parse("https://blog.example").unwrap();
        assert_eq!(root.origin(), "https://blog.example");
        assert_eq!(root.path(), "/");
        let ipv6 = PageUrl::parse("http://[::1]:3000/x").unwrap();
        assert_eq!(ipv6.origin(), "http://[::1]:3000");
    }

    #[test]
    fn refuses_other_schemes() {
        for raw in ["ftp://blog.example/x", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"] {
            assert_eq!(PageUrl::parse(raw), Err(PageUrlError::Scheme), "{raw}");
        }
    }

    #[test]
    fn refuses_user_names_and_passwords() {
        assert_eq!(PageUrl::parse("https://anna@blog.example/x"), Err(PageUrlError::Userinfo));
        assert_eq!(PageUrl::parse("https://anna:geheim@blog.example/x"), Err(PageUrlError::Userinfo));
        assert_eq!(PageUrl::parse("https://:geheim@blog.example/x"), Err(PageUrlError::Userinfo));
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for raw in ["", "   ", "blog.example/post", "/post", "https://", "http://exa mple.com/"] {
            assert_eq!(PageUrl::parse(raw), Err(PageUrlError::Invalid), "{raw:?}");
        }
    }

    #[test]
    fn refuses_long_addresses() {
        let path = "a".repeat(MAX_PAGE_URL_CHARS);
        assert_eq!(PageUrl::parse(&format!("https://blog.example/{path}")), Err(PageUrlError::TooLong));
        let fits = format!("https://blog.example/{}", "a".repeat(MAX_PAGE_URL_CHARS - 21));
        assert_eq!(PageUrl::parse(&fits).unwrap().as_str().len(), MAX_PAGE_URL_CHARS);
        // Short as typed, too long once percent-encoded.
        let encoded = format!("https://blog.example/{}", "ä".repeat(400));
        assert_eq!(PageUrl::parse(&encoded), Err(PageUrlError::TooLong));
    }

    #[test]
    fn a_long_query_does_not_count_once_dropped() {
        let raw = format!("https://blog.example/post?{}", "x".repeat(1_900));
        assert_eq!(normalized(&raw), "https://blog.example/post");
    }

    #[test]
    fn deserializes_normalized_and_refuses_bad_addresses() {
        let url: PageUrl = serde_json::from_str("\"HTTPS://Blog.Example/x#y\"").unwrap();
        assert_eq!(url.as_str(), "https://blog.example/x");
        assert!(serde_json::from_str::<PageUrl>("\"ftp://x/\"").is_err());
        assert_eq!(serde_json::to_string(&url).unwrap(), "\"https://blog.example/x\"");
    }

    #[test]
    fn the_request_takes_lang_as_optional() {
        let request: EmbedThreadRequest =
            serde_json::from_str(r#"{"url":"https://blog.example/x","title":"Hallo"}"#).unwrap();
        assert_eq!(request.lang, None);
        assert_eq!(request.url.as_str(), "https://blog.example/x");
    }

    #[test]
    fn a_count_asks_about_one_to_fifty_addresses_repeats_included() {
        let urls = |count: usize| vec!["https://blog.example/x".to_owned(); count];
        assert_eq!(CountUrls::parse(urls(0)), Err(CountUrlsError(0)));
        assert_eq!(CountUrls::parse(urls(1)).unwrap().as_slice().len(), 1);
        assert_eq!(CountUrls::parse(urls(MAX_COUNT_URLS)).unwrap().as_slice().len(), MAX_COUNT_URLS);
        assert_eq!(CountUrls::parse(urls(MAX_COUNT_URLS + 1)), Err(CountUrlsError(51)));
        assert_eq!(CountUrlsError(51).to_string(), "give 1 to 50 page addresses as url=…, not 51");
    }

    #[test]
    fn counts_serialize_as_a_plain_object() {
        let counts = CommentCounts(BTreeMap::from([("https://blog.example/x?a=1".to_owned(), 3)]));
        assert_eq!(serde_json::to_value(&counts).unwrap(), serde_json::json!({"https://blog.example/x?a=1": 3}));
    }
}
