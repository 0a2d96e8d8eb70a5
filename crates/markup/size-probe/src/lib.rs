//! Two builds of one tiny Wasm module: with the `parser` feature it parses a comment body with
//! `schrieb-markup` and reads everything the app reads off the tree; without it, it only counts
//! the body's characters. Both take the body through wasm-bindgen as the app does, so the
//! difference of their optimized, compressed sizes is what the parser adds to the app.
//! `cargo xtask bench` builds both and prints the figures.

use wasm_bindgen::prelude::wasm_bindgen;

/// Reads `body` the way the app does (with `parser`), or only counts it (without).
#[wasm_bindgen]
pub fn probe(body: &str) -> usize {
    #[cfg(feature = "parser")]
    {
        let document = schrieb_markup::parse(body);
        document.blocks.len()
            + document.plain_text().len()
            + document.quotes().len()
            + document.mentions().len()
            + document.link_count()
            + document.quote_depth()
            + schrieb_markup::safe_href(body).map_or(0, str::len)
            + link(body)
                .map_or(0, |link| link.href.len() + link.host.as_ref().map_or(0, String::len) + link.label().len())
    }
    #[cfg(not(feature = "parser"))]
    {
        body.chars().count()
    }
}

/// A link as the app reads one, with a stand-in for the browser's URL parser (which costs the
/// download nothing: it is the browser's).
#[cfg(feature = "parser")]
fn link(url: &str) -> Option<schrieb_markup::Link<'_>> {
    schrieb_markup::link_with(url, |written| {
        Some(schrieb_markup::ParsedUrl {
            href: written.to_owned(),
            scheme: written.split(':').next()?.to_ascii_lowercase(),
            host: written.split('/').nth(2)?.to_owned(),
            port: None,
        })
    })
}
