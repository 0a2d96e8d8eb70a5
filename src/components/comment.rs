//! One comment: avatar, author, times, body.

mod avatar;
mod comment_actions;
mod comment_change;
mod comment_count;
mod comment_editor;
mod comment_item;
mod edited_marker;
mod link_previews;
mod reaction_bar;
mod relative_time;
mod report_form;
mod state_notice;

pub use avatar::{Avatar, avatar_colour, initials};
pub use comment_actions::CommentActions;
pub use comment_change::CommentChange;
pub use comment_count::CommentCount;
pub use comment_editor::CommentEditor;
pub use comment_item::CommentItem;
pub use edited_marker::EditedMarker;
pub use link_previews::LinkPreviews;
pub use reaction_bar::ReactionBar;
pub use relative_time::RelativeTime;
pub use report_form::ReportForm;
pub use state_notice::StateNotice;
