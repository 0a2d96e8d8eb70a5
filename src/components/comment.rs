//! One comment: avatar, author, times, body.

mod avatar;
mod comment_count;
mod comment_item;
mod edited_marker;
mod relative_time;

pub use avatar::{Avatar, avatar_colour, initials};
pub use comment_count::CommentCount;
pub use comment_item::CommentItem;
pub use edited_marker::EditedMarker;
pub use relative_time::RelativeTime;
