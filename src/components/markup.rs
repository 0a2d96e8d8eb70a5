//! Rendering `schrieb-markup` documents as views. Text is always a text node; the only
//! attribute fed from user input is a link's `href`, and only after [`safe_href`] vetted it.

mod markup_view;

pub use markup_view::MarkupView;
pub use schrieb_markup::{link_label, safe_href};
