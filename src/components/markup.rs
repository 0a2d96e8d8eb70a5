//! Rendering `schrieb-markup` documents as views. Text is always a text node; the only
//! attribute fed from user input is a link's `href`, and only after [`safe_href`] vetted it.

mod inline_view;
mod markup_view;
mod quote_block;
mod references;

pub use inline_view::inlines;
pub use markup_view::{MarkupView, Nesting, blocks};
pub use quote_block::QuoteBlock;
pub use references::References;
pub use schrieb_markup::{link_host, link_label, safe_href};
