//! The reply editor: a textarea with a formatting toolbar, keyboard shortcuts, mention
//! suggestions, drafts and a live preview rendered by the same parser as the published comment.

mod composer;
mod draft;
mod markup_editor;
mod mention_list;
mod mentions;
pub mod textarea;
mod toolbar;
pub mod transform;

pub use composer::{Composer, use_composer};
pub use draft::{UseDraft, use_draft};
pub use markup_editor::{MarkupEditor, describe_body_error};
pub use mention_list::MentionList;
pub use mentions::{MIN_PREFIX_CHARS, UseMentions, use_mentions};
pub use toolbar::{EditorToolbar, shortcut_key};
