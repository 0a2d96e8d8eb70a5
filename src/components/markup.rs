//! Rendering `schrieb-markup` documents as views. Text is always a text node; the only
//! attribute fed from user input is a link's `href`, and only after [`safe_href`] vetted it.

mod markup_view;
mod safe_url;

pub use markup_view::MarkupView;
pub use safe_url::{link_label, safe_href};
