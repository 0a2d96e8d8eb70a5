//! The article above the discussion.

mod article_view;

pub use article_view::ArticleView;
