//! schrieb's comment markup.
//!
//! A comment body is text; [`parse`] turns it into a typed [`Document`] that the app renders as
//! Leptos views and the server renders with [`to_html`] (escaping everything). User text is
//! never treated as HTML anywhere, which is schrieb's XSS guarantee.
//!
//! This first version knows paragraphs, line breaks, `>` quotes (nestable) and bare
//! `http(s)://` links. It is one parser, compiled into both the server and the Wasm app.

mod html;
mod links;
mod parse;
mod tree;
mod url;

pub use html::to_html;
pub use parse::{MAX_QUOTE_DEPTH, parse};
pub use tree::{Block, Document, Inline};
pub use url::{link_label, safe_href};
