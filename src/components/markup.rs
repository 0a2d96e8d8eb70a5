//! Rendering `schrieb-markup` documents as views. Text is always a text node; the only
//! attribute fed from user input is a link's `href`, and only after [`link`] vetted it.

mod inline_view;
mod markup_view;
mod quote_block;
mod references;

pub use inline_view::inlines;
pub use markup_view::{MarkupView, Nesting, blocks};
pub use quote_block::QuoteBlock;
pub use references::References;
#[cfg(feature = "ssr")]
pub use schrieb_markup::link;
pub use schrieb_markup::{Link, safe_href};

/// `url` as a link (see [`schrieb_markup::link_with`]), read by the browser's own URL parser:
/// the one that opens the link, so the host shown beside it is the host the browser goes to.
/// `None` when it may not be a link. Not the `url` crate, whose IDNA tables would add about
/// 55 KB to the download; `tests/link_host.rs` holds this reading and the server's (the `url`
/// crate's) to one table of tricky addresses. The server renders with the `url` crate.
#[cfg(not(feature = "ssr"))]
pub fn link(url: &str) -> Option<Link<'_>> {
    schrieb_markup::link_with(url, |written| {
        let parsed = web_sys::Url::new(written).ok()?;
        let protocol = parsed.protocol();
        Some(schrieb_markup::ParsedUrl {
            scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
            // `hostname` is `host` without the port; IPv6 in brackets, as the url crate has it.
            host: parsed.hostname(),
            // Empty for the scheme's default port.
            port: parsed.port().parse().ok(),
            href: parsed.href(),
        })
    })
}
