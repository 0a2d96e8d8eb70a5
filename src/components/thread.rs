//! A thread page: the list of comments and the page navigation around it.

mod comment_list;
mod discussion;
mod follow_control;
mod guest_held;
mod held_comments;
mod live_thread;
mod new_comments;
mod pagination;
mod pending_replies;
mod quoted_changed;
mod reply_box;
mod skeleton;
mod thread_contexts;
mod thread_links;
mod thread_page;

pub use comment_list::CommentList;
pub use discussion::Discussion;
pub use follow_control::FollowControl;
pub use held_comments::HeldComments;
pub use live_thread::{FreshComment, LiveThread, use_live_thread, with_mine};
pub use new_comments::{LiveStatusLine, NewComments};
pub use pagination::{PageLink, Pagination, PaginationPlace, page_links, step_targets};
pub use pending_replies::PendingReplies;
pub use quoted_changed::QuotedChanged;
pub use reply_box::ReplyBox;
pub use skeleton::CommentSkeletons;
pub use thread_contexts::provide_thread_contexts;
pub use thread_links::ThreadLinks;
pub use thread_page::ThreadPage;
