//! A comment's revision history: each body it had, and what changed word by word.

mod revision_item;
mod word_diff;

pub use revision_item::RevisionItem;
pub use word_diff::WordDiff;
