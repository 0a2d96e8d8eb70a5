//! One file per route. Pages read the URL, own the data loading, and hand plain values to
//! the leaf components.

mod article;
mod home;
mod not_found;
mod permalink;
mod revisions;
mod user;

pub use article::ArticlePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use permalink::PermalinkPage;
pub use revisions::RevisionsPage;
pub use user::UserPage;
