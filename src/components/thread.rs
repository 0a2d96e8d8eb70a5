//! A thread page: the list of comments and the page navigation around it.

mod comment_list;
mod pagination;
mod reply_box;
mod skeleton;
mod thread_control;
mod thread_page;

pub use comment_list::CommentList;
pub use pagination::{PageLink, Pagination, page_links, step_targets};
pub use reply_box::ReplyBox;
pub use skeleton::CommentSkeletons;
pub use thread_control::ThreadControl;
pub use thread_page::ThreadPage;
