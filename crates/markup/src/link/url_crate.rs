//! Links read by the `url` crate: the server's side (the HTML renderer). The Wasm app reads
//! them with the browser's URL parser instead (`schrieb_web::components::markup::link`): the
//! `url` crate's IDNA tables would add about 55 KB to every reader's download.

use super::{Link, ParsedUrl, link_with};

/// `url` as a link, read by the `url` crate (the WHATWG URL Standard, as browsers read it); see
/// [`link_with`] for when it is none.
pub fn link(url: &str) -> Option<Link<'_>> {
    link_with(url, |written| {
        let parsed = ::url::Url::parse(written).ok()?;
        Some(ParsedUrl {
            href: parsed.as_str().to_owned(),
            scheme: parsed.scheme().to_owned(),
            host: parsed.host_str().unwrap_or_default().to_owned(),
            port: parsed.port(),
        })
    })
}
