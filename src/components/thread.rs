//! A thread page: the list of comments and the page navigation around it.

mod comment_list;
mod pagination;
mod skeleton;
mod thread_page;

pub use comment_list::CommentList;
pub use pagination::{PageLink, Pagination, page_links, step_targets};
pub use skeleton::CommentSkeletons;
pub use thread_page::ThreadPage;
