//! A person's public profile: who they are and what they wrote lately.

mod profile_view;
mod user_comment_item;

pub use profile_view::ProfileView;
pub use user_comment_item::UserCommentItem;
