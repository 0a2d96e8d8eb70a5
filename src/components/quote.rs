//! Quoting: "Quote", "+ Quote" and "Reply" on a comment, the popover for quoting a selection,
//! and the multi-quote collection that lives across pages and tabs.

mod authors;
mod collection;
mod multi_quote_bar;
mod quote_actions;
mod selection;
mod selection_popover;

pub use authors::{Authors, use_authors};
pub use collection::{CollectedQuote, MultiQuote, use_multi_quote};
pub use multi_quote_bar::MultiQuoteBar;
pub use quote_actions::QuoteActions;
pub use selection::{SelectedQuote, selected_quote};
pub use selection_popover::SelectionPopover;
