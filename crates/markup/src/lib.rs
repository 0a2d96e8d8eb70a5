//! schrieb's comment markup.
//!
//! A comment body is text; [`parse`] turns it into a typed [`Document`] that the app renders as
//! Leptos views and the server renders with `to_html` (escaping everything; with the `url`
//! feature). User text is never treated as HTML anywhere, which is schrieb's XSS guarantee.
//!
//! The syntax is CommonMark as pulldown-cmark reads it (emphasis, strong, strikethrough, code,
//! lists, links, `>` quotes), plus quotes with source (`[quote=123 author="Martin"]`),
//! `@mentions` and bare URLs; see this crate's README. One parser, compiled into both the
//! server and the Wasm app, so the editor's preview is exactly what gets published.
//!
//! ```
//! let document = schrieb_markup::parse("[quote=7 author=\"Martin\"]\nalt\n[/quote]\n@\"Frau Holle\" siehe https://example.org");
//! assert_eq!(document.mentions(), ["Frau Holle"]);
//! let quotes = document.quotes();
//! assert_eq!((quotes[0].source.comment, quotes[0].source.author.as_str(), quotes[0].text.as_str()), (7, "Martin", "alt"));
//! assert_eq!(document.plain_text(), "alt\n\n@Frau Holle siehe https://example.org");
//! assert_eq!(document.link_count(), 1);
//! ```

mod cmark;
mod compose;
mod excerpt;
#[cfg(feature = "url")]
mod html;
mod link;
mod parse;
mod place;
mod text;
mod tree;
mod verify;

pub use compose::{mention, own_words, quote_block, renumber_quotes};
pub use excerpt::excerpt;
#[cfg(feature = "url")]
pub use html::{HtmlOptions, escape_html, to_html, to_html_with};
#[cfg(feature = "url")]
pub use link::link;
pub use link::{Link, ParsedUrl, link_with, safe_href};
pub use parse::{MAX_QUOTE_DEPTH, parse};
pub use place::{BlockPath, pair_outer_quotes};
pub use tree::{Block, Document, Inline, QuoteSource, QuotedText};
pub use verify::{normalize_whitespace, quote_occurs_in};
