//! schrieb's comment markup.
//!
//! A comment body is text; [`parse`] turns it into a typed [`Document`] that the app renders as
//! Leptos views and the server renders with [`to_html`] (escaping everything). User text is
//! never treated as HTML anywhere, which is schrieb's XSS guarantee.
//!
//! The syntax is CommonMark as pulldown-cmark reads it (emphasis, strong, strikethrough, code,
//! lists, links, `>` quotes), plus quotes with source (`[quote=123 author="Martin"]`),
//! `@mentions` and bare URLs; see this crate's README. One parser, compiled into both the
//! server and the Wasm app, so the editor's preview is exactly what gets published.

mod cmark;
mod html;
mod parse;
mod text;
mod tree;
mod url;

pub use html::to_html;
pub use parse::{MAX_QUOTE_DEPTH, parse};
pub use tree::{Block, Document, Inline, QuoteSource, QuotedText};
pub use url::{link_label, safe_href};
